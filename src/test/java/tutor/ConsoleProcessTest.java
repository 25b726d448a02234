package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console as a user's pipe sees it: a real JVM started the way run.sh starts it, fed
 * with {@code printf ... |}. Nothing but the answers on stdout, nothing on stderr, and an
 * exit code that tells whether everything worked.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ConsoleProcessTest {
    @TempDir
    Path state;

    record Ran(int status, String out, String err) {
    }

    Ran console(String input, boolean closeStdout) throws Exception {
        return console(input, closeStdout, java.util.Map.of());
    }

    /** The console with {@code input} piped in, its environment an English locale changed by {@code env}. */
    Ran console(String input, boolean closeStdout, java.util.Map<String, String> env, String... args) throws Exception {
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String classPath = classes + File.pathSeparator + classes.resolveSibling("lib").resolve("*");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.add("-Daio.tutor.lessons=" + Path.of("lessons").toAbsolutePath());
        cmd.addAll(List.of("-cp", classPath, "tutor.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = EnglishLocale.of(new ProcessBuilder(cmd));
        pb.environment().put("AIO_TUTOR_STATE", state.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outReader = Thread.ofPlatform().start(() -> copy(p.getInputStream(), out));
        Thread errReader = Thread.ofPlatform().start(() -> copy(p.getErrorStream(), err));
        if (closeStdout) {
            p.getInputStream().close(); // the reader of stdout went away, as with `| head -0`
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the console did not end at the end of its input");
        outReader.join();
        errReader.join();
        return new Ran(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void copy(java.io.InputStream from, ByteArrayOutputStream to) {
        try {
            from.transferTo(to);
        } catch (IOException e) {
            // closed on purpose, or the process ended
        }
    }

    @Test
    void pipedCommandsPrintOnlyTheirAnswersAndExit0() throws Exception {
        Ran r = console(":start-server 0\n:send hello\nsleep(0.1); 1 + 1\n", false);
        assertEquals("", r.err(), "no warnings, no prompt noise");
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        assertTrue(lines.get(0).matches("serving on \\('127\\.0\\.0\\.1', \\d+\\)"), lines.get(0));
        assertTrue(lines.get(1).startsWith("client: ('127.0.0.1', "), lines.get(1));
        assertEquals("sent [hello] => received: [olleh]", lines.get(2));
        assertEquals("$1 ==> 2", lines.get(3));
        assertEquals(0, r.status());
        try (var files = Files.list(state)) {
            assertEquals(0, files.count(), "piped input is not the learner's typing: no history is written");
        }
    }

    @Test
    void aFailureMakesTheExitCodeNonZero() throws Exception {
        int closed;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // free once closed: nobody listens there
        }
        Ran r = console("int x = 1;\n:send hi " + closed + "\nx\n", false);
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("cannot connect to 127.0.0.1:" + closed), r.out());
        assertTrue(r.out().endsWith("x ==> 1\n"), "the console went on after the error: " + r.out());
    }

    @Test // ./run.sh --play all | head -1
    void playbackStopsQuietlyWhenItsReaderGoesAway() throws Exception {
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = EnglishLocale.of(new ProcessBuilder(java, "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "-Daio.tutor.lessons=" + Path.of("lessons").toAbsolutePath(),
                "-cp", classes + File.pathSeparator + classes.resolveSibling("lib").resolve("*"),
                "tutor.Main", "--play", "all")).start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = Thread.ofPlatform().start(() -> copy(p.getErrorStream(), err));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertTrue(first != null && first.startsWith("== lessons/01-"), String.valueOf(first));
        out.close(); // head -1 has what it wanted
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "playback went on for every lesson with nobody reading");
        errReader.join();
        assertEquals(0, p.exitValue());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aClosedStdoutEndsQuietly() throws Exception {
        Ran r = console(":start-server 0\n:send hi\n" + "System.out.println(\"x\");\n".repeat(200), true);
        assertEquals("", r.err(), "no stack trace when nobody reads stdout");
        assertEquals(0, r.status());
    }

    // ---- the language: the locale's, --lang's, :lang's ----

    private static final java.util.regex.Pattern CYRILLIC = java.util.regex.Pattern.compile("\\p{IsCyrillic}");

    /** What an English learner might see in a session: help, the lessons, a lesson, errors, a check. */
    private static final String A_SESSION = ":help\n:help check\n:lessons\n:lesson 2\n:hint\n:check\n:send hi 1\n"
            + ":nosuch\nint x = ;\n1 / 0\n:lang\n:tasks\n";

    @Test
    void anEnglishLocaleShowsNothingRussian() throws Exception {
        for (String lang : List.of("en_US.UTF-8", "C.UTF-8", "de_DE.UTF-8")) {
            Ran r = console(A_SESSION, false, java.util.Map.of("LANG", lang));
            assertTrue(r.out().contains("the course speaks English"), lang + ": " + r.out());
            assertTrue(r.out().contains("2. Coroutines"), lang + ": the English lesson list: " + r.out());
            assertFalse(CYRILLIC.matcher(r.out() + r.err()).find(), lang + ": no Russian with an English locale: " + r.out() + r.err());
        }
    }

    @Test
    void aRussianLocaleGetsTheCourseInRussian() throws Exception {
        Ran r = console(A_SESSION, false, java.util.Map.of("LANG", "ru_RU.UTF-8"));
        String out = r.out();
        assertTrue(out.contains("курс идёт на русском") || out.contains("на русском"), out);
        String lessons = out.lines().filter(l -> l.matches(".*\\b2\\. .*")).findFirst().orElse("");
        assertTrue(CYRILLIC.matcher(lessons).find(), "the lessons' titles are Russian: " + lessons);
        assertTrue(out.contains("ZeroDivisionError") || out.contains("ArithmeticException"), "exception names stay as they are: " + out);
        assertTrue(out.contains("не удаётся подключиться к 127.0.0.1:9996: в соединении отказано"), ":send with no server, in Russian: " + out);
        // LC_ALL comes before LANG, LC_MESSAGES between them
        Ran english = console(":lang\n", false, java.util.Map.of("LANG", "ru_RU.UTF-8", "LC_ALL", "en_GB.UTF-8"));
        assertTrue(english.out().contains("the course speaks English"), english.out());
        Ran russian = console(":lang\n", false, java.util.Map.of("LANG", "C.UTF-8", "LC_MESSAGES", "ru_RU.UTF-8"));
        assertTrue(CYRILLIC.matcher(russian.out()).find(), russian.out());
    }

    @Test
    void langSwitchesAtOnceAndIsRememberedButTheOptionComesFirst() throws Exception {
        Ran r = console(":lang ru\n:help lang\n:lang en\n:help lang\n:lang ru\n", false, java.util.Map.of());
        List<String> lines = r.out().lines().toList();
        assertTrue(CYRILLIC.matcher(lines.get(0)).find(), "the switch is said in the new language: " + lines);
        assertTrue(CYRILLIC.matcher(lines.get(1) + lines.get(2)).find(), ":help lang in Russian: " + lines);
        assertTrue(r.out().contains("the course speaks English now"), r.out());
        assertTrue(Files.readString(state.resolve("progress.properties")).contains("language=ru"));
        Ran next = console(":lang\n", false, java.util.Map.of("LANG", "en_US.UTF-8"));
        assertTrue(CYRILLIC.matcher(next.out()).find(), "the next console speaks the language chosen: " + next.out());
        Ran option = console(":lang\n", false, java.util.Map.of(), "--lang", "en");
        assertTrue(option.out().contains("the course speaks English"), "--lang comes before the saved choice: " + option.out());
        Ran wrong = console("", false, java.util.Map.of(), "--lang", "de");
        assertEquals(Main.EX_USAGE, wrong.status());
        assertEquals("aio-tutor: --lang de: the course speaks en, ru (try --help)\n", wrong.err());
    }
}
