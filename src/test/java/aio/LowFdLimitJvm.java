package aio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM started by {@code bash} under a low limit on open files ({@code ulimit -n}), with the
 * flags the build gives the tests' JVM and the project's classes on its class path: for tests
 * of servers at the descriptor limit. Collects its output line by line; {@link #close()} stops
 * it (SIGTERM, then SIGKILL). Also the loopback-client helpers those tests share.
 */
public final class LowFdLimitJvm implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("serving on \\('127\\.0\\.0\\.1', (\\d+)\\)");

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private LowFdLimitJvm(Process process) {
        this.process = process;
        this.outReader = collect(process.getInputStream(), out);
        this.errReader = collect(process.getErrorStream(), err);
    }

    /** Starts {@code mainClass} with {@code args} in a JVM that may open at most {@code limit} files. */
    public static LowFdLimitJvm start(int limit, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -n \"$0\" && exec \"$@\"",
                String.valueOf(limit), javaExecutable(),
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-cp", classPath(), mainClass));
        command.addAll(List.of(args));
        return new LowFdLimitJvm(new ProcessBuilder(command).start());
    }

    /** Waits (up to 30 s) for the {@code serving on ('127.0.0.1', PORT)} line; returns PORT. */
    public int awaitServingPort() throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            for (String line : out) {
                Matcher m = SERVING.matcher(line);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            if (!process.isAlive() && i > 0) {
                break;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no serving line; out: " + out + " err: " + err);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Standard output so far, one entry a line. */
    public List<String> out() {
        return List.copyOf(out);
    }

    /** Standard error so far, one entry a line. */
    public List<String> err() {
        return List.copyOf(err);
    }

    /**
     * Stops the JVM with SIGTERM and waits (up to 30 s) until it exited and its output is read;
     * returns its exit status.
     */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the JVM did not stop on SIGTERM; err: " + err);
        }
        outReader.join(5000);
        errReader.join(5000);
        return process.exitValue();
    }

    /** Kills the JVM if it still runs. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- loopback clients ----

    /**
     * Opens up to {@code n} connections to 127.0.0.1:{@code port}, one after another, sending
     * nothing; a connection not made within a second (the server's queue full) is skipped.
     */
    public static List<Socket> connectMany(int port, int n) {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                sockets.add(s);
            } catch (IOException e) {
                closeQuietly(s);
            }
        }
        return sockets;
    }

    /** Sends {@code message}, reads until the server closes (10 s at most); returns the reply. */
    public static String exchange(int port, String message) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public static void closeAll(List<Socket> sockets) {
        sockets.forEach(LowFdLimitJvm::closeQuietly);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }

    // ---- the child's command line ----

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** target/classes and target/test-classes (where Aio and this class were loaded from). */
    private static String classPath() {
        return location(Aio.class) + java.io.File.pathSeparator + location(LowFdLimitJvm.class);
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Thread collect(InputStream in, List<String> lines) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }
}
