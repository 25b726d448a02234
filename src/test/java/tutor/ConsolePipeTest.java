package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The console fed from a pipe, as CI and {@code printf ... | ./run.sh} do: no prompt or banner,
 * lines read one by one, Java gathered across lines until complete, exit code 0 only when
 * nothing failed. Servers bind port 0.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsolePipeTest {

    record Played(int status, String out) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    /** Runs a console on {@code input} as piped stdin; returns its exit code and everything it printed. */
    static Played play(String input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status;
        try (Console console = new Console(c -> new PlainIO(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, c::needsMore),
                Console.Settings.interactive(null).lessons(LessonParserTest.SAMPLES))) {
            status = console.run();
        }
        return new Played(status, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void javaRunsAsTasksWithValuesShownAsJshellShowsThem() {
        Played p = play("""
                int x = 41;
                x + 1
                sleep(0.05); System.out.println("slept on " + Thread.currentThread().getName());
                await(createTask(() -> "from a task"))
                await(gather(createTask(() -> 1), createTask(() -> 2)))
                var t = createTask(() -> { sleep(0.05); System.out.println("background done"); });
                sleep(0.2);
                String s = "no newline"; System.out.print(s);
                """);
        assertEquals(0, p.status(), p.out());
        assertEquals(List.of(
                "x ==> 41",
                "$1 ==> 42",
                "slept on aio-loop",
                "$2 ==> \"from a task\"",
                "$3 ==> [1, 2]",
                "t ==> <Task pending name='Task-4' ...>", // snippets' own tasks are named snippet-N
                "background done",
                "s ==> \"no newline\"",
                "no newline"), // a line without its newline is printed when the snippet ends
                p.lines().stream().map(l -> l.replaceAll(" (coro|wait_for)=.*>$", " ...>")).toList());
    }

    @Test
    void javaSpanningLinesIsGatheredUntilComplete() {
        Played p = play("""
                void hi(String who) {
                    System.out.println("hi " + who);
                }
                hi("there");
                int[] xs = {
                    1, 2,
                    3 };
                xs.length
                """);
        assertEquals(0, p.status(), p.out());
        assertEquals(List.of("created method hi(String)", "hi there", "xs ==> int[3] { 1, 2, 3 }", "$1 ==> 3"), p.lines());
    }

    @Test
    void errorsAreOneLineEachAndTheConsoleGoesOn() {
        Played p = play("""
                int y = nope + 1;
                void boom() { throw new IllegalStateException("bad"); }
                boom();
                :trace
                throw new aio.QueueEmpty();
                1 + 1
                """);
        assertEquals(1, p.status(), "a failing snippet makes the exit code non-zero");
        List<String> lines = p.lines();
        assertEquals("error: cannot find symbol: variable nope", lines.get(0));
        assertEquals("    int y = nope + 1;", lines.get(1));
        assertEquals("            ^", lines.get(2));
        assertEquals("created method boom()", lines.get(3));
        assertEquals("IllegalStateException: bad", lines.get(4));
        assertEquals("    at boom(), line 1: void boom() { throw new IllegalStateException(\"bad\"); }", lines.get(5));
        assertEquals("java.lang.IllegalStateException: bad", lines.get(6), ":trace starts with the exception");
        assertTrue(lines.get(7).startsWith("\tat ") && lines.get(7).contains("boom"), lines.get(7));
        assertTrue(lines.contains("QueueEmpty"), p.out());
        assertEquals("$1 ==> 2", lines.get(lines.size() - 1));
    }

    @Test
    void unfinishedJavaAtTheEndOfInputIsAnError() {
        Played p = play("void f() {\n");
        assertEquals(1, p.status());
        assertTrue(p.out().startsWith("error: reached end of file while parsing"), p.out());
    }

    @Test
    void serverStartSendTasksAndStop() throws IOException {
        Played p = play("""
                :start-server 0
                :send hello
                :send привет 🙂
                :tasks
                :stop-server
                :tasks
                """);
        assertEquals(0, p.status(), p.out());
        List<String> lines = p.lines();
        assertTrue(lines.get(0).matches("serving on \\('127\\.0\\.0\\.1', \\d+\\)"), lines.get(0));
        assertTrue(lines.get(1).matches("client: \\('127\\.0\\.0\\.1', \\d+\\)"), lines.get(1));
        assertEquals("sent [hello] => received: [olleh]", lines.get(2));
        assertEquals("sent [привет 🙂] => received: [🙂 тевирп]", lines.get(4));
        assertTrue(lines.get(5).startsWith("name ") && lines.get(5).contains("state") && lines.get(5).contains("waiting on"), lines.get(5));
        assertTrue(lines.get(6).startsWith("echo-server  pending"), lines.get(6));
        // (a client's handler may still be closing its connection: it may be listed too)
        int stopped = lines.indexOf("server stopped");
        assertTrue(stopped > 6, p.out());
        assertEquals("no tasks are running on the loop", lines.get(stopped + 1));
    }

    @Test
    void sendWithoutAServerAndAPortInUseAreOneLineErrors() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int free = closed.getLocalPort();
            closed.close();
            Played p = play(":send hi " + free + "\n:start-server " + taken.getLocalPort() + "\n:stop-server\n1 + 1\n");
            assertEquals(1, p.status());
            assertEquals(List.of(
                    "cannot connect to 127.0.0.1:" + free + ": connection refused (start the server with :start-server)",
                    "cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": address already in use",
                    "no server is running (start one with :start-server)",
                    "$1 ==> 2"), p.lines());
        }
    }

    @Test
    void aPrivilegedPortIsAOneLineError() throws Exception {
        boolean mayBind;
        try (ServerSocket probe = new ServerSocket(1, 1, InetAddress.getLoopbackAddress())) {
            mayBind = true;
        } catch (IOException e) {
            mayBind = false;
        }
        String input = ":start-server 1\n1 + 1\n";
        List<String> expected = List.of("cannot listen on 127.0.0.1:1: permission denied", "$1 ==> 2");
        if (!mayBind) {
            Played p = play(input);
            assertEquals(expected, p.lines());
            assertEquals(1, p.status());
            return;
        }
        // root may bind port 1: run the console as the unprivileged user "nobody" instead
        java.nio.file.Path setpriv = java.nio.file.Path.of("/usr/bin/setpriv");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(setpriv),
                "running as root without setpriv: no unprivileged user to try a privileged port with");
        java.nio.file.Path classes = java.nio.file.Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups",
                "env", "-u", "LC_ALL", "-u", "LC_MESSAGES", "LANG=C.UTF-8", "HOME=/tmp", "AIO_TUTOR_STATE=/tmp/aio-tutor-nobody-" + ProcessHandle.current().pid(), java,
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", classes + ":" + classes.resolveSibling("lib") + "/*", "tutor.Main")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(expected, out.lines().toList());
        assertEquals(1, p.exitValue());
    }

    @Test
    void startingASecondServerIsRefused() {
        Played p = play(":start-server 0\n:start-server 0\n");
        assertEquals(1, p.status());
        Matcher m = Pattern.compile("serving on (\\('127\\.0\\.0\\.1', \\d+\\))").matcher(p.lines().get(0));
        assertTrue(m.matches(), p.out());
        assertEquals("the server is already running on " + m.group(1) + " (stop it with :stop-server)", p.lines().get(1));
    }

    @Test
    void metaCommandsHelpAndMisspellings() {
        Played p = play(":help\n:help send\n:sned hi\n:xyzzy\n:lessons\n:vars\n:tasks now\n");
        assertEquals(1, p.status());
        String out = p.out();
        for (String c : List.of(":help", ":lessons", ":lesson", ":next", ":back", ":run", ":hint", ":check", ":start-server",
                ":stop-server", ":send", ":tasks", ":vars", ":imports", ":reset", ":trace", ":quit")) {
            assertTrue(out.contains("  " + c), c + " is listed by :help");
        }
        assertTrue(out.contains(":send MESSAGE [port]\n  Runs the lecture's client as a task"), out);
        assertTrue(out.contains("unknown command :sned; did you mean :send?"), out);
        assertTrue(out.contains("unknown command :xyzzy; :help lists them"), out);
        assertTrue(out.contains("   1. Demo lesson"), out);
        assertTrue(out.contains("no variables yet"), out);
        assertTrue(out.contains(":tasks takes no arguments"), out);
    }

    @Test
    void varsImportsResetAndQuit() {
        Played p = play("""
                int a = 1;
                String b = "two";
                :vars
                :imports
                :reset
                :vars
                a
                :quit
                1 + 1
                """);
        List<String> lines = p.lines();
        assertTrue(lines.contains("  int a = 1"), p.out());
        assertTrue(lines.contains("  String b = \"two\""), p.out());
        assertTrue(lines.contains("  import static aio.Aio.*;"), p.out());
        assertTrue(lines.contains("  import aio.Queue;"), p.out());
        assertTrue(lines.contains("no variables yet"), "after :reset: " + p.out());
        assertTrue(p.out().contains("error: cannot find symbol: variable a"), p.out());
        assertFalse(p.out().contains("==> 2"), ":quit stops reading");
    }

    @Test
    void aioNamesWinOverJavaUtilOnes() {
        Played p = play("""
                Queue<Integer> q = new Queue<>();
                q.putNowait(1); q.getNowait()
                Future<String> f = new Future<>();
                f.getClass().getName()
                Semaphore s = new Semaphore(1);
                s.getClass().getName()
                """);
        assertEquals(0, p.status(), p.out());
        assertTrue(p.out().contains("$1 ==> 1"), p.out());
        assertTrue(p.out().contains("\"aio.Future\""), p.out());
        assertTrue(p.out().contains("\"aio.Semaphore\""), p.out());
    }
}
