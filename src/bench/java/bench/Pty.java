package bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program on a pseudo-terminal, driven like a user at a keyboard: {@link #send} types,
 * {@link #await} waits until the screen shows a text. The pty comes from {@code script}
 * (util-linux on Linux, BSD's on macOS), which runs the program on a new pty whose master
 * it copies to and from its own standard streams; the pty is sized 120x40 with {@code stty}
 * before the program starts, since a pipe-fed {@code script} would leave it 0x0.
 *
 * <p>A terminal emulator answers some queries a program writes to it, and line editors wait for
 * those answers (JLine probes the terminal at start and gives up only after a timeout). Nobody
 * stands behind {@code script}'s pty, so this class answers like xterm: the primary device
 * attributes ({@code ESC [ c}) and the cursor position ({@code ESC [ 6 n}, always row 1,
 * column 1). Without that, every first prompt would include the probe's timeout, which no user
 * at a real terminal waits for.
 */
final class Pty implements AutoCloseable {
    private final Process process;
    private final OutputStream keyboard;
    /** The queries answered, and the answers: xterm's (a VT220 with ANSI colour). */
    private static final String[][] ANSWERS = {
            {"\u001b[c", "\u001b[?62;22c"},
            {"\u001b[0c", "\u001b[?62;22c"},
            {"\u001b[6n", "\u001b[1;1R"},
    };

    private final StringBuilder screen = new StringBuilder(); // guarded by this; bytes as ISO-8859-1
    private int answered; // guarded by this: the output up to here has been searched for queries
    private final Thread reader;
    private final long startNanos;

    private Pty(Process process, long startNanos) {
        this.process = process;
        this.startNanos = startNanos;
        this.keyboard = process.getOutputStream();
        this.reader = Thread.ofPlatform().daemon().name("pty-reader").start(this::pump);
    }

    /** True when {@code script} is there to make a pty. */
    static boolean available() {
        return Procs.onPath("script") != null;
    }

    /**
     * Starts {@code command} on a pty, in {@code dir}, with {@code env} added to this process's
     * environment. The clock of {@link #elapsedMillis} starts just before the process does.
     */
    static Pty start(List<String> command, Map<String, String> env, Path dir) throws IOException {
        String shell = "stty cols 120 rows 40 2>/dev/null; exec " + Procs.shellQuote(command);
        List<String> cmd = new ArrayList<>();
        if (System.getProperty("os.name", "").toLowerCase().contains("mac")) {
            cmd.addAll(List.of("script", "-q", "/dev/null", "sh", "-c", shell));
        } else {
            cmd.addAll(List.of("script", "-qfec", shell, "/dev/null"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        long start = System.nanoTime();
        return new Pty(Procs.start(pb), start);
    }

    private void pump() {
        byte[] buf = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                String replies;
                synchronized (this) {
                    screen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    replies = answerQueries();
                    notifyAll();
                }
                if (!replies.isEmpty()) {
                    send(replies);
                }
            }
        } catch (IOException e) {
            // the process went away
        }
        synchronized (this) {
            notifyAll();
        }
    }

    /** The answers to the queries that arrived since the last call, in order. */
    private String answerQueries() {
        StringBuilder replies = new StringBuilder();
        while (true) {
            int first = -1;
            String[] next = null;
            for (String[] qa : ANSWERS) {
                int at = screen.indexOf(qa[0], answered);
                if (at >= 0 && (first < 0 || at < first)) {
                    first = at;
                    next = qa;
                }
            }
            if (next == null) {
                // keep a possibly cut query's start for the next chunk
                answered = Math.max(answered, screen.length() - 3);
                return replies.toString();
            }
            replies.append(next[1]);
            answered = first + next[0].length();
        }
    }

    /**
     * Seconds of CPU that the program has used so far: every process under {@code script}
     * (jshell's agent JVM included), {@code script} itself left out. NaN without /proc.
     */
    double programCpuSeconds() {
        return process.descendants().mapToDouble(h -> ProcessCpu.seconds(h.pid())).sum();
    }

    /** Milliseconds since the process was started. */
    double elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /** The output between two positions, as bytes in ISO-8859-1 (escape sequences and all). */
    synchronized String output(int from, int to) {
        return screen.substring(from, to);
    }

    /** How much output there is so far: a position for {@link #await}. */
    synchronized int mark() {
        return screen.length();
    }

    /** Types {@code text} (ASCII). */
    void send(String text) throws IOException {
        synchronized (keyboard) { // the answers to queries come from the reader thread
            keyboard.write(text.getBytes(StandardCharsets.ISO_8859_1));
            keyboard.flush();
        }
    }

    /**
     * Waits until {@code text} appears in the output at or after position {@code from}; returns
     * the position just past it. Throws IOException when the program ends or the time is up.
     */
    synchronized int await(String text, int from, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            int at = screen.indexOf(text, from);
            if (at >= 0) {
                return at + text.length();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || (!reader.isAlive())) {
                throw new IOException("no '" + text.strip() + "' within " + timeoutMillis + " ms; last output: "
                        + tail(screen.substring(from), 300));
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    private static String tail(String s, int n) {
        String t = s.length() > n ? s.substring(s.length() - n) : s;
        return t.replaceAll("\u001b\\[[0-9;?$]*[A-Za-z]", "").replaceAll("[\\r\\n]+", " | ");
    }

    /** Waits up to {@code millis} for the program to end, then kills it. */
    @Override
    public void close() throws IOException {
        try {
            keyboard.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                Procs.kill(process);
            }
        } catch (InterruptedException e) {
            Procs.kill(process);
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code millis} for the program to end by itself; false if it did not. */
    boolean waitForExit(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }
}
