package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console as a person meets it: {@code java ... tutor.Main} in a real terminal (tmux),
 * typed at key by key, the screen read back after each step. Skipped with a message where tmux
 * is missing, except in CI ({@code CI} set), where .ci/run installs it and a skip would hide a
 * broken console.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TmuxEndToEndTest {
    private static final long STEP_MILLIS = 20_000;

    @TempDir
    Path state;
    private final String session = "aio-e2e-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    @AfterEach
    void killSession() throws Exception {
        tmux("kill-session", "-t", session);
    }

    /** Skips the test where tmux is missing, except in CI, where its absence is a failure. */
    private static void requireTmux() {
        boolean tmux = tmuxPresent();
        assertFalse(!tmux && System.getenv("CI") != null, "tmux is missing in CI: .ci/run should have installed it");
        assumeTrue(tmux, "tmux is not installed: the real-terminal test is skipped (install tmux to run it)");
    }

    static boolean tmuxPresent() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void aLearnersSessionInARealTerminal() throws Exception {
        requireTmux();
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // a free port for the server, not 9996
        }
        start();
        awaitScreen(s -> lastLine(s).equals("aio>"), "the first prompt");

        type(":help");
        awaitScreen(s -> s.contains(":start-server [port]") && s.contains(":send MESSAGE [port]"), ":help");

        type("int x = 20 + 1;");
        awaitScreen(s -> s.contains("x ==> 21"), "a snippet's value");

        keys("void twice() {", "Enter");
        awaitScreen(s -> s.contains("...> "), "the continuation prompt");
        type("System.out.println(x * 2); }");
        awaitScreen(s -> s.contains("created method twice()"), "a multi-line snippet");
        type("twice();");
        awaitScreen(s -> s.contains("\n42\n") || s.contains("\n42 "), "its output");

        keys(":sta", "Tab");
        awaitScreen(s -> lastLine(s).contains(":start-server"), "Tab completing :sta");
        keys(" " + port, "Enter");
        awaitScreen(s -> s.contains("serving on ('127.0.0.1', " + port + ")"), ":start-server");

        type(":send hello");
        awaitScreen(s -> s.contains("sent [hello] => received: [olleh]"), ":send");
        type(":tasks");
        awaitScreen(s -> s.contains("echo-server") && s.contains("waiting on"), ":tasks");

        // server lines come above the prompt without breaking a half-typed line
        keys("String half = \"typed");
        sendTo(port, "from outside");
        awaitScreen(s -> s.contains("client: ('127.0.0.1', ") && lastLine(s).endsWith("aio> String half = \"typed"),
                "a server line above a half-typed line");
        keys("\";", "Enter");
        awaitScreen(s -> s.contains("half ==> \"typed\""), "the half-typed line, finished");

        // keys typed while a snippet runs are not echoed into its output: they wait for the prompt
        type("sleep(1); System.out.println(\"woke\")");
        keys("int ahead = 3");
        awaitScreen(s -> s.contains("\nwoke\n") && lastLine(s).equals("aio> int ahead = 3"), "typed-ahead keys at the next prompt");
        keys("Enter");
        awaitScreen(s -> s.contains("ahead ==> 3"), "the typed-ahead line, run");

        type("while (true) { }");
        Thread.sleep(500);
        keys("C-c");
        awaitScreen(s -> s.contains("cancelled (Ctrl-C): it never awaited"), "Ctrl-C on a runaway snippet");
        type("1 + 1");
        awaitScreen(s -> s.contains("==> 2"), "the console alive after the runaway");

        type("sleep(30)");
        Thread.sleep(500);
        keys("C-c");
        awaitScreen(s -> countOf(s, "cancelled (Ctrl-C)") >= 2, "Ctrl-C on sleep(30)");

        // Learner code that ends its Java: the console says so in one line and goes on, with the
        // terminal as it was (keys echo, lines edit) and what was declared back.
        type("Runtime.getRuntime().halt(1)");
        awaitScreen(s -> s.contains("Java restarted: the Java process ended (exit status 1). Restored 3 variables and 1 method; its tasks and the server are gone."),
                "a restart after halt");
        type("twice()");
        awaitScreen(s -> countOf(s, "\n42") >= 2 && lastLine(s).equals("aio>"), "the restored method, in an echoing terminal");

        // Ctrl-C on what the loop cannot stop: the console ends that Java and starts another
        type("LongStream.range(0, Long.MAX_VALUE).sum()");
        Thread.sleep(500);
        keys("C-c");
        awaitScreen(s -> s.contains("Java restarted: it did not stop after Ctrl-C: the loop's thread is busy in LongPipeline.sum"),
                "Ctrl-C on a JDK computation");
        type("x + 1");
        awaitScreen(s -> s.contains("==> 22"), "the console alive after the restart");

        type(":lesson 1");
        awaitScreen(s -> s.contains("Lesson 1. ") && s.contains("step 1 of"), ":lesson 1");
        type(":next");
        awaitScreen(s -> s.contains("step 2 of"), ":next");

        keys("C-d");
        awaitExit();

        // history and progress survive: a new session finds both
        List<String> history = Files.readAllLines(state.resolve("history"), StandardCharsets.UTF_8);
        assertTrue(history.stream().anyMatch(l -> l.endsWith("int x = 20 + 1;")), history.toString());
        start();
        awaitScreen(s -> s.contains("Welcome back: lesson 1. ") && s.contains("step 2 of"), "progress after a restart");
        awaitScreen(s -> lastLine(s).equals("aio>"), "the prompt (keys typed before it are the terminal's, not JLine's)");
        keys("Up");
        awaitScreen(s -> lastLine(s).contains(":next"), "history after a restart");
        keys("C-u", "C-d");
        awaitExit();
    }

    @Test
    void editOpensTheBuiltInEditorOrTheLearnersAndRunsWhatWasSaved() throws Exception {
        requireTmux();
        start(); // no $VISUAL, no $EDITOR: JLine's built-in editor
        awaitScreen(s -> lastLine(s).equals("aio>"), "the first prompt");
        type("int twice(int x) { return x + x; }");
        awaitScreen(s -> s.contains("created method twice(int)"), "a method");
        type(":edit twice");
        awaitScreen(s -> s.contains("File: ") && s.contains("int twice(int x) { return x + x; }") && s.contains("^X Exit"),
                "the built-in editor, with the method in it");
        keys("C-e", "Enter");
        keys("int thrice(int x) { return 3 * x; }");
        keys("C-o");
        awaitScreen(s -> s.contains("File Name to Write"), "saving");
        keys("Enter", "C-x");
        awaitScreen(s -> s.contains("created method thrice(int)") && lastLine(s).equals("aio>"), "what was saved, run");
        type("thrice(4)");
        awaitScreen(s -> s.contains("==> 12"), "the edited code works");
        type(":edit nosuch");
        awaitScreen(s -> s.contains("nothing you declared is called nosuch"), "a name nobody declared");
        keys("C-d");
        awaitExit();

        // the learner's own editor: here a script that keeps what it was given and adds a line,
        // as an editor would; the learner is at lesson 4's exercise, which they have not begun
        Path editor = state.resolve("editor.sh");
        Path seen = state.resolve("seen.txt");
        Path settings = state.resolve("stty.txt");
        Files.writeString(editor, "#!/bin/sh\ncp \"$1\" '" + seen + "'\nstty -a > '" + settings + "' 2>&1\n"
                + "echo 'int four() { return 4; }' >> \"$1\"\n");
        editor.toFile().setExecutable(true);
        Lesson four = LessonLibrary.load(Path.of("lessons")).find("4").orElseThrow();
        Files.writeString(state.resolve("progress.properties"), "lesson=4\nstep=" + four.stepOf(four.exercises().get(0)) + "\n");
        start("EDITOR=" + editor);
        awaitScreen(s -> lastLine(s).equals("aio>"), "the prompt, with $EDITOR set");
        type(":edit");
        awaitScreen(s -> s.contains("created method four()"), "$EDITOR's buffer, run");
        assertTrue(Files.readString(seen).startsWith("// Exercise: " + four.exercises().get(0).task().strip().lines().findFirst().orElseThrow()),
                "a new buffer at an exercise says what to write: " + Files.readString(seen));
        // the terminal as the learner's shell has it: a line editor such as ed shows what is typed
        List<String> stty = List.of(Files.readString(settings).split("[\\s;]+"));
        assertTrue(stty.contains("icanon") && stty.contains("echo"), "the terminal $EDITOR found: " + stty);
        type("four() * 10");
        awaitScreen(s -> s.contains("==> 40"), "the method it added");
        keys("C-d");
        awaitExit();
        start("EDITOR=true");
        awaitScreen(s -> lastLine(s).equals("aio>"), "the prompt, with an editor that changes nothing");
        type(":edit");
        awaitScreen(s -> s.contains("nothing changed: nothing was run"), "an unchanged buffer runs nothing");
        keys("C-d");
        awaitExit();
    }

    @Test
    void loopStepsThroughTheLastRunWithKeys() throws Exception {
        requireTmux();
        start();
        awaitScreen(s -> lastLine(s).equals("aio>"), "the first prompt");
        type(":clock virtual");
        awaitScreen(s -> s.contains("clock: virtual now"), ":clock virtual");
        type("{ var a = createTask(() -> sleep(1, \"a\"), \"a\"); createTask(() -> sleep(0), \"b\"); System.out.println(await(a)); }");
        awaitScreen(s -> lastLine(s).equals("aio>") && s.contains("\na\n"), "the run to replay");
        type(":loop");
        awaitScreen(s -> s.contains("iteration 1 of 6") && s.contains("n/→ next · p/← previous · t jump to a task · q quit"),
                "the first iteration, and the keys");
        keys("n");
        awaitScreen(s -> s.contains("iteration 2 of 6") && s.contains("a sleeps: <sleep 1 s, 1.0 s left>"), "n: the next");
        keys("Right");
        awaitScreen(s -> s.contains("iteration 3 of 6") && s.contains("a wakes from sleep 1 s, at 1.000 s"), "→: the next");
        keys("p");
        awaitScreen(s -> countOf(s, "iteration 2 of 6") == 2, "p: the previous");
        keys("t");
        awaitScreen(s -> lastLine(s).startsWith("jump to where this task runs:"), "t asks for a task");
        type("a");
        awaitScreen(s -> countOf(s, "iteration 5 of 6") == 1 && s.contains("a finishes, returning 'a'"), "t: where a runs next");
        keys("q");
        awaitScreen(s -> lastLine(s).equals("aio>"), "q: the prompt again");
        type("20 + 22");
        awaitScreen(s -> s.contains("==> 42"), "the console goes on");
        keys("C-d");
        awaitExit();
    }

    /**
     * A Russian learner: LANG=ru_RU.UTF-8, which this machine may not even have installed (the
     * console then still writes UTF-8, not "?"), gets the greeting, the help, the lessons and
     * the checks in Russian, Russian typed into a string comes back whole, and :lang en switches.
     */
    @Test
    void aRussianLocaleInARealTerminal() throws Exception {
        start("LANG=ru_RU.UTF-8");
        awaitScreen(s -> lastLine(s).equals("aio>"), "the first prompt");
        awaitScreen(s -> s.contains("asyncio для Java"), "the greeting in Russian");

        type(":help");
        awaitScreen(s -> s.contains(":lang ru|en") && s.contains("курс на русском или на английском"), ":help in Russian");

        type(":lesson 1");
        awaitScreen(s -> s.contains("Урок 1.") && s.contains("цикл событий"), "lesson 1 in Russian");

        type("String s = \"привет, мир\";");
        awaitScreen(s -> s.contains("s ==> \"привет, мир\""), "Russian typed into a string");

        type("1 / 0");
        awaitScreen(s -> s.contains("ArithmeticException"), "an exception keeps its name");

        type(":lang en");
        awaitScreen(s -> s.contains("the course speaks English now"), ":lang en");
        type(":lesson 1");
        awaitScreen(s -> s.contains("Lesson 1.") && s.contains("The event loop"), "lesson 1 in English after :lang en");
        type(":lang ru");
        awaitScreen(s -> s.contains("теперь курс на русском"), ":lang ru");
        keys("C-d");
        awaitExit();
    }

    /**
     * A learner on an English machine who switches to Russian, gives a wrong answer, types
     * Python, stops a runaway loop, leaves in the middle of the exercise and comes back: the
     * console still speaks Russian (:lang is remembered), resumes at the exercise, and its hint
     * shows Java's generics as written.
     */
    @Test
    void aLearnerWhoSwitchesToRussianLeavesMidExerciseAndComesBack() throws Exception {
        start();
        awaitScreen(s -> lastLine(s).equals("aio>"), "the first prompt");
        type(":lang ru");
        awaitScreen(s -> s.contains("теперь курс на русском"), ":lang ru");
        type(":lesson 1");
        for (int i = 2; i <= 6; i++) {
            type(":next");
            int step = i;
            awaitScreen(s -> s.contains("шаг " + step + " из 11"), "step " + step);
        }
        type("List<String> takeTurns() { List<String> out = new ArrayList<>(); out.add(\"main: before\");"
                + " createTask(() -> out.add(\"task\")); out.add(\"main: after\"); return out; }");
        awaitScreen(s -> s.contains("создано: метод takeTurns()"), "the wrong answer declared");
        type(":check");
        awaitScreen(s -> s.contains("✗ Пока нет: takeTurns вернул [main: before, main: after]"), "the verdict in Russian");
        type("var t = createTask(() -> 42);");
        awaitScreen(s -> s.contains("t ==> "), "a task");
        type("await t");
        awaitScreen(s -> s.contains("это Python: в Java await — это метод: пишите await(t)"), "the Python habit, in Russian");
        type("while (true) { }");
        Thread.sleep(500);
        keys("C-c");
        awaitScreen(s -> s.contains("отменено (Ctrl-C)"), "Ctrl-C, in Russian");
        keys("C-d");
        awaitExit();

        start(); // the same state folder: a restart in the middle of the exercise
        awaitScreen(s -> s.contains("С возвращением: урок 1") && s.contains("шаг 6 из 11"), "back where the learner left, in Russian");
        awaitScreen(s -> lastLine(s).equals("aio>"), "the prompt");
        type(":hint");
        awaitScreen(s -> s.contains("Подсказка 1 из 3") && s.contains("List<String> turns"), "the hint, generics and all");
        keys("C-d");
        awaitExit();
    }

    // ---- driving tmux ----

    private void start(String... env) throws Exception {
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> words = new ArrayList<>(List.of("env", "-u", "EDITOR", "-u", "VISUAL"));
        words.addAll(EnglishLocale.envWords());
        words.addAll(List.of(env));
        String command = String.join(" ", words) + " " + String.join(" ", List.of(
                "AIO_TUTOR_STATE=" + state, "TERM=xterm-256color", java,
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-Daio.tutor.lessons=" + Path.of("lessons").toAbsolutePath(),
                "-cp", "'" + classes + ":" + classes.resolveSibling("lib") + "/*'", "tutor.Main",
                ";", "echo", "EXITED-$?", ";", "sleep", "600"));
        tmux("kill-session", "-t", session);
        assertEquals(0, tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "50", command));
    }

    private void awaitExit() throws Exception {
        awaitScreen(s -> s.contains("EXITED-0"), "exit with status 0");
        tmux("kill-session", "-t", session);
    }

    private void type(String line) throws Exception {
        keys(line, "Enter");
    }

    private void keys(String... keys) throws Exception {
        for (String k : keys) {
            boolean special = k.equals("Enter") || k.equals("Tab") || k.equals("Up") || k.equals("End") || k.equals("Right") || k.startsWith("C-");
            List<String> cmd = new ArrayList<>(List.of("send-keys", "-t", session));
            if (!special) {
                cmd.add("-l");
            }
            // tmux reads an argument ending in ';' as the end of its command: escape it
            cmd.add(!special && k.endsWith(";") ? k.substring(0, k.length() - 1) + "\\;" : k);
            tmux(cmd.toArray(String[]::new));
        }
    }

    private String screen() throws Exception {
        Process p = new ProcessBuilder("tmux", "capture-pane", "-p", "-J", "-S", "-200", "-t", session)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private void awaitScreen(Predicate<String> ok, String what) throws Exception {
        long deadline = System.currentTimeMillis() + STEP_MILLIS;
        String s = "";
        while (System.currentTimeMillis() < deadline) {
            s = screen();
            if (ok.test(s)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the screen never showed " + what + ":\n" + s);
    }

    private static String lastLine(String screen) {
        List<String> lines = screen.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).stripTrailing();
    }

    private static int countOf(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static void sendTo(int port, String message) throws IOException {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
            socket.getInputStream().readAllBytes();
        }
    }

    private static int tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
