package tutor;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console on a real JLine terminal, driven through in-memory streams: keystrokes go in as
 * bytes (Tab, Enter as CR, Ctrl-C as byte 3, which the terminal's line discipline turns into
 * Signal.INT, Ctrl-D as byte 4), and the rendered screen output is read back with its escape
 * sequences stripped. JLine redraws lines, so every check waits until the text shows up,
 * reading the output like an expect script: each {@link #expect} looks only after the
 * previous match.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS) // a hang fails the test instead of stalling the build
public class ConsoleTerminalTest {
    /** How long anything may take to show up; JShell's warm-up on a busy machine is the slowest. */
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final byte TAB = 9;
    private static final byte CTRL_C = 3;
    private static final byte CTRL_D = 4;

    @TempDir
    Path tmp;

    private Keyboard keyboard;
    private Screen screen;
    private Terminal terminal;
    private Console console;
    private boolean consoleClosed;
    private Thread thread;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    /** Where the next {@link #expect} starts looking in the screen's text. */
    private int cursor;

    @BeforeEach
    void start() throws IOException {
        keyboard = new Keyboard();
        screen = new Screen();
        terminal = TerminalBuilder.builder()
                .system(false)
                // The exec provider builds an ExternalTerminal on these streams, whose line
                // discipline (ISIG) raises Signal.INT for byte 3; the FFM and JNI providers
                // would put a real pty in between, whose kernel discipline swallows it.
                .provider(TerminalBuilder.PROP_PROVIDER_EXEC)
                .streams(keyboard, screen)
                .type("xterm-256color")
                .size(Size.of(120, 40))
                .encoding(StandardCharsets.UTF_8)
                .build();
        console = new Console(c -> new TerminalIO(terminal, c, false, history()));
        thread = Thread.ofPlatform().name("console-under-test").daemon().start(() -> {
            try {
                exit.complete(console.run());
            } catch (Throwable e) {
                exit.completeExceptionally(e);
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        try {
            // Let JShell finish starting, so that close() closes it rather than leaving a
            // half-built one compiling into the next test.
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (!consoleClosed && console.sessionIfReady() == null && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            // A snippet still running (a test failed halfway) would hold the loop, and close()
            // waits for the loop: stop it as Ctrl-C would.
            JavaSession s = consoleClosed ? null : console.sessionIfReady();
            if (s != null) {
                s.stop();
            }
        } finally {
            CompletableFuture<Void> closing = CompletableFuture.runAsync(this::closeConsole,
                    r -> Thread.ofPlatform().daemon().name("console-close").start(r));
            keyboard.close();
            try {
                closing.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            } finally {
                thread.join(5_000);
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(5_000);
                }
            }
        }
        assertFalse(thread.isAlive(), "the console thread did not end:\n" + tail());
    }

    private Path history() {
        return tmp.resolve("state").resolve("history");
    }

    private void closeConsole() {
        if (!consoleClosed) {
            consoleClosed = true;
            console.close();
        }
    }

    // ---- (1) completion --------------------------------------------------------

    @Test
    void tabCompletesMetaCommandsAndJava() {
        expect("aio> ");
        type(":sta");
        press(TAB);
        expect("rt-server");
        type("0\r");
        expect("serving on ('127.0.0.1', ");

        waitForJava();
        type("Aio.slee");
        press(TAB);
        expect("sleep(");
        // The completed call runs: the line is Aio.sleep(0.01), not Aio.slee0.01).
        type("0.01); 40 + 2\r");
        expect("==> 42");
        assertFalse(screenFromStart().contains("error:"), tail());
    }

    @Test
    void aCompletedJavaNameGetsNoSpaceAfterIt() {
        waitForJava(); // the first prompt: drawn once, or twice when the greeting comes after it
        type("int learnersOwnCounter = 41;\r");
        expect("learnersOwnCounter ==> 41");
        expect("aio> ");
        type("learnersOwn");
        press(TAB);
        type("|"); // right after the completed name, not after a space
        expect("Counter|");
        press(CTRL_C);
        expect("aio> ");
        type("learnersOwnCounter + 1\r");
        expect("==> 42");
    }

    // ---- (2) multi-line input ----------------------------------------------------

    @Test
    void unfinishedJavaGetsAContinuationPrompt() {
        expect("aio> ");
        type("void hi() {\r");
        expect(TerminalIO.CONTINUATION);
        type("System.out.println(\"hi\"); }\r");
        expect("created method hi()");
        expect("aio> ");
        type("hi()\r");
        expect("hi()"); // the echo of the input
        expect("\nhi");
        expect("aio> ");
    }

    // ---- (3) top-level await -------------------------------------------------------

    @Test
    void sleepAndAwaitWorkAtTopLevel() {
        expect("aio> ");
        type("sleep(0.2); System.out.println(\"sl\" + \"ept\")\r");
        expect("slept");
        expect("aio> ");
        type("await(createTask(() -> 21 * 2))\r");
        expect("==> 42");
        expect("aio> ");
    }

    // ---- (4) the echo server -----------------------------------------------------

    @Test
    void serverAnswersSendAndShowsInTasks() {
        expect("aio> ");
        type(":start-server 0\r");
        int port = Integer.parseInt(expectMatch(Pattern.compile("serving on \\('127\\.0\\.0\\.1', (\\d+)\\)")).group(1));
        assertTrue(port > 0 && port != 9996, "port " + port);
        expect("aio> ");
        type(":send hello " + port + "\r");
        expect("sent [hello] => received: [olleh]");
        expect("aio> ");
        type(":tasks\r");
        expect("echo-server");
        expect("aio> ");
    }

    // ---- (5) Ctrl-C ------------------------------------------------------------------

    @Test
    void ctrlCCancelsASleepingSnippet() {
        waitForJava();
        // One statement, so that the snippet is surely running when "napping" shows.
        type("{ System.out.println(\"nap\" + \"ping\"); sleep(30); }\r");
        interruptAfter("napping");
        expect("cancelled (Ctrl-C)");
        expect("aio> ");
        type("String after = \"still\" + \" here\";\r");
        expect("after ==> \"still here\"");
    }

    @Test
    void ctrlCStopsARunawaySnippet() {
        waitForJava();
        type("{ System.out.println(\"spin\" + \"ning\"); while (true) { } }\r");
        interruptAfter("spinning");
        expect("cancelled (Ctrl-C)");
        expect("aio> ");
        type("6 * 7\r");
        expect("==> 42");
    }

    /**
     * Sends Ctrl-C once {@code marker} (printed by the running snippet) shows; again every
     * second until the cancellation is reported, in case the first came a moment before the
     * console had registered the snippet as the one to cancel.
     */
    private void interruptAfter(String marker) {
        expect(marker);
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!screenFromCursor().contains("cancelled (Ctrl-C)")) {
            if (System.nanoTime() > end) {
                fail("no cancellation after Ctrl-C:\n" + tail());
            }
            press(CTRL_C);
            waitUntil(() -> screenFromCursor().contains("cancelled (Ctrl-C)"), Duration.ofSeconds(1));
        }
    }

    // ---- (6) mistakes -------------------------------------------------------------

    @Test
    void mistakesAreReportedAndTheConsoleGoesOn() {
        expect("aio> ");
        type("int y = nope;\r");
        expect("error: cannot find symbol");
        expect("aio> ");
        type(":sned hi\r");
        expect("unknown command :sned; did you mean :send?");
        expect("aio> ");
        type("int z = 5;\r");
        expect("z ==> 5");
        expect("aio> ");
    }

    // ---- (7) Ctrl-D --------------------------------------------------------------------

    @Test
    void ctrlDOnAnEmptyLineEndsTheSession() throws Exception {
        expect("aio> ");
        type(":help\r");
        expect(":start-server [port]");
        expect("aio> ");
        press(CTRL_D);
        assertEquals(0, exit.get(DEADLINE.toSeconds(), TimeUnit.SECONDS), tail());
    }

    /**
     * A line printed from another thread after the terminal closed (found killing the console
     * with SIGTERM as its greeting was printed: "Exception in thread aio-tutor-greet
     * IllegalStateException: Terminal has been closed", with its stack) is dropped quietly.
     */
    @Test
    void aLinePrintedAfterTheTerminalClosedIsDroppedQuietly() throws Exception {
        expect("aio> ");
        terminal.close();
        assertDoesNotThrow(() -> console.print(Style.INFO, "a late line"));
        assertEquals(0, exit.get(DEADLINE.toSeconds(), TimeUnit.SECONDS), tail());
    }

    // ---- (8) history -------------------------------------------------------------------

    @Test
    void closingBracketsKeepTheSpacesTyped() {
        expect("aio> ");
        type("String s = \"( )\" + \"[  ]\" + \"{   }\";\r");
        expect("s ==> \"( )[  ]{   }\""); // JLine's auto-indentation would eat them
    }

    @Test
    void historyKeepsTheLinesAsTyped() throws Exception {
        expect("aio> ");
        type("boolean b = !false;\r");
        expect("b ==> true"); // no event expansion: '!' is Java's
        expect("aio> ");
        type(":vars\r");
        expect("boolean b = true");
        expect("aio> ");
        press(CTRL_D);
        assertEquals(0, exit.get(DEADLINE.toSeconds(), TimeUnit.SECONDS), tail());
        closeConsole();

        assertTrue(Files.exists(history()), "no history file");
        List<String> lines = Files.readAllLines(history(), StandardCharsets.UTF_8);
        // JLine writes "time:line" for each entry.
        List<String> entries = lines.stream().map(l -> l.substring(l.indexOf(':') + 1)).toList();
        assertEquals(List.of("boolean b = !false;", ":vars"), entries, String.join("\n", lines));
    }

    // ---- driving the terminal -------------------------------------------------------

    /** Evaluates 1+1 and waits for its value: JShell is warm, Java completion works. */
    private void waitForJava() {
        expect("aio> ");
        type("1+1\r");
        expect("==> 2");
        expect("aio> ");
    }

    private void type(String text) {
        keyboard.feed(text.getBytes(StandardCharsets.UTF_8));
    }

    private void press(byte key) {
        keyboard.feed(new byte[] {key});
    }

    /** Waits until {@code text} shows after the last match; moves past it. */
    private void expect(String text) {
        waitUntil(() -> screenFromCursor().contains(text), DEADLINE);
        String s = screenFromCursor();
        int at = s.indexOf(text);
        if (at < 0) {
            fail("expected \"" + text + "\" on the screen; it shows (after the last match):\n" + s + "\n---\n" + tail());
        }
        cursor += at + text.length();
    }

    /** Waits until {@code pattern} matches after the last match; returns the match and moves past it. */
    private MatchResult expectMatch(Pattern pattern) {
        waitUntil(() -> pattern.matcher(screenFromCursor()).find(), DEADLINE);
        String s = screenFromCursor();
        Matcher m = pattern.matcher(s);
        if (!m.find()) {
            fail("expected /" + pattern + "/ on the screen; it shows (after the last match):\n" + s);
        }
        cursor += m.end();
        return m.toMatchResult();
    }

    private static void waitUntil(BooleanSupplier condition, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String screenFromStart() {
        return screen.text();
    }

    private String screenFromCursor() {
        String s = screen.text();
        return s.substring(Math.min(cursor, s.length()));
    }

    private String tail() {
        String s = screen.text();
        return s.substring(Math.max(0, s.length() - 2_000));
    }

    /** The keyboard: bytes fed by the test, read by the terminal's pump thread, blocking. */
    private static final class Keyboard extends InputStream {
        private static final byte[] END = new byte[0];
        private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private byte[] current = new byte[0];
        private int pos;
        private boolean ended;

        void feed(byte[] bytes) {
            chunks.add(bytes.clone());
        }

        @Override
        public void close() {
            chunks.add(END);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos >= current.length) {
                if (ended) {
                    return -1;
                }
                try {
                    current = chunks.take();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException("keyboard read interrupted");
                }
                pos = 0;
                if (current == END) {
                    ended = true;
                    return -1;
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /** The screen: everything the terminal writes, read back as text without escape sequences. */
    private static final class Screen extends OutputStream {
        private static final Pattern ESCAPES = Pattern.compile(
                "\u001B\\[[0-?]*[ -/]*[@-~]"                   // CSI: cursor moves, erases, colours
                + "|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)" // OSC: titles
                + "|\u001B[()][0-9A-Za-z]"                      // character sets
                + "|\u001B[=>78DEHMc]"                          // keypad modes, save/restore
                + "|[\u0000-\u0008\u000B-\u001F\u007F]");       // other control characters, CR
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return ESCAPES.matcher(bytes.toString(StandardCharsets.UTF_8)).replaceAll("");
        }
    }
}
