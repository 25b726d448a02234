package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --server} and {@code --client}: Main.run in-process (the server on a thread of its
 * own, stopped as Ctrl-C would), and once as a real process stopped with SIGTERM.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CliServerTest {
    private static final Pattern SERVING = Pattern.compile("serving on \\('127\\.0\\.0\\.1', (\\d+)\\)");
    private static final Pattern CLIENT = Pattern.compile("client: \\('127\\.0\\.0\\.1', \\d+\\)");
    private static final String NL = System.lineSeparator();

    /** Main.run with --server on a thread, its output readable while it runs. */
    static final class InProcessServer implements AutoCloseable {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(); // synchronized: safe across threads
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Integer> status = new CompletableFuture<>();
        /** Completed: the server stops as Ctrl-C would stop it. */
        final CompletableFuture<Void> stopRequest = new CompletableFuture<>();
        final int port;

        InProcessServer(String... extra) throws Exception {
            List<String> args = new ArrayList<>(List.of("--server", "--port", "0"));
            args.addAll(List.of(extra));
            Thread.ofPlatform().name("cli-server").start(() -> {
                try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                     PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                    status.complete(EchoProgram.server(args.subList(1, args.size()).toArray(String[]::new), o, e, stopRequest));
                } catch (Throwable t) {
                    status.completeExceptionally(t);
                }
            });
            Matcher m = awaitOutput(SERVING);
            port = Integer.parseInt(m.group(1));
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        Matcher awaitOutput(Pattern p) throws InterruptedException {
            for (int i = 0; i < 1000; i++) {
                Matcher m = p.matcher(out());
                if (m.find()) {
                    return m;
                }
                if (status.isDone()) {
                    break;
                }
                Thread.sleep(10);
            }
            throw new AssertionError("no match for " + p + " in: " + out() + " / " + err());
        }

        /** Stops the server as Ctrl-C would; returns its exit status. */
        int stop() throws Exception {
            stopRequest.complete(null);
            return status.get(20, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            if (!status.isDone()) {
                stopRequest.complete(null);
                status.orTimeout(20, TimeUnit.SECONDS).join();
            }
        }
    }

    static String exchange(int port, String message) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test // --port 0 prints the real port in "serving on"; one "client:" line per connection; stops with status 0
    void serverPrintsTheSeedsLines() throws Exception {
        try (InProcessServer server = new InProcessServer()) {
            assertEquals("olleh", exchange(server.port, "hello"));
            assertEquals("тевирп", exchange(server.port, "привет"));
            for (int i = 0; i < 500 && server.out().lines().filter(l -> l.startsWith("client:")).count() < 2; i++) {
                Thread.sleep(10);
            }
            assertEquals(0, server.stop());
            List<String> lines = server.out().lines().toList();
            assertEquals(4, lines.size(), server.out());
            assertEquals("Starting the server...", lines.get(0));
            assertEquals("serving on ('127.0.0.1', " + server.port + ")", lines.get(1));
            assertTrue(CLIENT.matcher(lines.get(2)).matches(), lines.get(2));
            assertTrue(CLIENT.matcher(lines.get(3)).matches(), lines.get(3));
            assertEquals("", server.err());
        }
    }

    @Test // the client prints the seed's two lines
    void clientPrintsTheSeedsLines() throws Exception {
        try (InProcessServer server = new InProcessServer()) {
            MainTest.Result r = MainTest.run("--client", "hello", "--port", String.valueOf(server.port));
            assertEquals(0, r.status(), r.err());
            assertEquals("Starting the client..." + NL + "sent [hello] => received: [olleh]" + NL, r.out());
            assertEquals("", r.err());

            MainTest.Result cyrillic = MainTest.run("--client", "привет 🙂", "--host", "127.0.0.1", "--port", String.valueOf(server.port));
            assertEquals("Starting the client..." + NL + "sent [привет 🙂] => received: [🙂 тевирп]" + NL, cyrillic.out());
        }
    }

    @Test
    void portInUseIsOneLineAndStatus2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            MainTest.Result r = MainTest.run("--server", "--port", String.valueOf(port));
            assertEquals(2, r.status());
            assertEquals("Starting the server..." + NL, r.out());
            assertEquals("aio-tutor: cannot listen on 127.0.0.1:" + port + ": address already in use" + NL, r.err());
        }
    }

    @Test
    void clientWithNoServerIsOneLineAndStatus2() throws Exception {
        int port = freePort();
        MainTest.Result r = MainTest.run("--client", "hello", "--port", String.valueOf(port));
        assertEquals(2, r.status());
        assertEquals("Starting the client..." + NL, r.out());
        assertEquals("aio-tutor: cannot connect to 127.0.0.1:" + port
                + ": connection refused (start one with --server)" + NL, r.err());
    }

    @Test // a non-loopback host gets a warning (192.0.2.1 is TEST-NET-1: nothing here can bind it, so nothing listens)
    void nonLoopbackHostIsWarnedAbout() {
        MainTest.Result r = MainTest.run("--server", "--host", "192.0.2.1", "--port", "0");
        List<String> err = r.err().lines().toList();
        assertEquals("aio-tutor: warning: listening on 192.0.2.1, not a loopback address: other machines can connect", err.get(0));
        assertEquals(2, r.status(), r.err());
        assertEquals(2, err.size(), r.err());
        assertTrue(err.get(1).startsWith("aio-tutor: cannot listen on 192.0.2.1:0: "), err.get(1));
    }

    @Test // loopback hosts, by name or number, get no warning
    void loopbackHostIsNotWarnedAbout() throws Exception {
        try (InProcessServer server = new InProcessServer("--host", "localhost")) {
            assertEquals(0, server.stop());
            assertFalse(server.err().contains("warning"), server.err());
        }
    }

    @Test
    void badArgumentsAreUsageErrors() {
        String[][] cases = {
            {"--server", "--port", "x"},
            {"--server", "--port", "70000"},
            {"--server", "--port"},
            {"--server", "--bogus"},
            {"--server", "extra"},
            {"--client"},
            {"--client", "a", "b"},
            {"--client", "a", "--host"},
        };
        for (String[] args : cases) {
            MainTest.Result r = MainTest.run(args);
            assertEquals(64, r.status(), String.join(" ", args));
            assertEquals("", r.out(), String.join(" ", args));
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("aio-tutor: ") && r.err().strip().endsWith("(try --help)"), r.err());
        }
    }

    @Test
    void helpNoLongerSaysComingForServerAndClient() {
        MainTest.Result r = MainTest.run("--help");
        for (String line : r.out().lines().toList()) {
            if (line.strip().startsWith("--server") || line.strip().startsWith("--client")) {
                assertFalse(line.contains("(coming)"), line);
            }
        }
        assertTrue(r.out().contains("2 network error"), r.out());
    }

    @Test // the real thing: a JVM running --server --port 0, stopped with SIGTERM, exits 0
    void serverProcessStopsOnSigtermWithStatus0() throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process p = EnglishLocale.of(new ProcessBuilder(java, "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", classes, "tutor.Main", "--server", "--port", "0"))
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        try {
            BlockingQueue<String> out = new LinkedBlockingQueue<>();
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        out.add(line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            ByteArrayOutputStream err = new ByteArrayOutputStream(); // read before destroy(), which closes the pipes
            Thread errReader = Thread.ofPlatform().daemon().start(() -> {
                try {
                    p.getErrorStream().transferTo(err);
                } catch (IOException e) {
                    // the process ended
                }
            });
            assertEquals("Starting the server...", out.poll(30, TimeUnit.SECONDS));
            String serving = out.poll(30, TimeUnit.SECONDS);
            assertNotNull(serving, "no serving line");
            Matcher m = SERVING.matcher(serving);
            assertTrue(m.matches(), serving);
            int port = Integer.parseInt(m.group(1));
            assertEquals("olleh", exchange(port, "hello"));
            assertEquals("cba", exchange(port, "abc"));
            assertTrue(CLIENT.matcher(out.poll(10, TimeUnit.SECONDS)).matches());
            assertTrue(CLIENT.matcher(out.poll(10, TimeUnit.SECONDS)).matches());

            // SIGTERM in the middle of load: four clients keep connecting until the server is gone
            java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger wrong = new java.util.concurrent.atomic.AtomicInteger();
            List<Thread> load = new java.util.ArrayList<>();
            for (int c = 0; c < 4; c++) {
                load.add(Thread.ofPlatform().daemon().start(() -> {
                    for (int i = 0; p.isAlive() && i < 100_000; i++) {
                        try {
                            if (exchange(port, "load" + i).equals(new StringBuilder("load" + i).reverse().toString())) {
                                served.incrementAndGet();
                            } else {
                                wrong.incrementAndGet(); // an empty reply: the server closed mid-way
                            }
                        } catch (IOException closing) {
                            // refused or reset while the server stops: expected near the end
                        }
                    }
                }));
            }
            while (served.get() < 200) {
                Thread.sleep(10);
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
            for (Thread t : load) {
                t.join(10_000);
            }
            assertEquals(0, p.exitValue());
            errReader.join(5000);
            assertEquals("", err.toString(StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}
