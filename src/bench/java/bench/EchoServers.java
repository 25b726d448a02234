package bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import lecture.ReverseEcho;

/**
 * The reverse-echo servers under test, each in a process of its own on a free loopback port,
 * started as a user would start them. Their standard output (a line per client) goes to
 * /dev/null; standard error to a file, shown if the server fails.
 */
final class EchoServers {
    /** One server process. */
    record Running(String name, Process process, int port, Path log) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            Procs.kill(process);
            Files.deleteIfExists(log);
        }

        /** Its error output, for a message (at most the last 500 characters). */
        String errors() {
            try {
                String s = Files.readString(log).strip();
                return s.length() > 500 ? "..." + s.substring(s.length() - 500) : s;
            } catch (IOException e) {
                return "";
            }
        }
    }

    /**
     * JVM options of the Netty server beyond run.sh's. From Java 25 Netty leaves
     * sun.misc.Unsafe alone unless the JVM allows its memory access (JDK 23+ know the flag;
     * before 24 it is allowed anyway): allowed, as Netty's users are told to for its fastest
     * buffers.
     */
    static final List<String> NETTY_OPTIONS = Runtime.version().feature() >= 23
            ? List.of("--sun-misc-unsafe-memory-access=allow") : List.of();

    private EchoServers() {
    }

    /**
     * The command for server {@code kind} (aio, seed, uvloop, netty, blocking) on {@code port},
     * or null if it cannot run here. {@code python} runs the seed's server (for uvloop: a
     * CPython that can import uvloop); null when there is none.
     */
    static List<String> command(String kind, int port, String python) {
        String p = String.valueOf(port);
        return switch (kind) {
            // the lecture's server as run.sh --server runs it
            case "aio" -> Procs.javaCommand("tutor.Main", "--server", "--port", p);
            case "seed" -> python == null ? null
                    : List.of(python, Project.script("sysprog_asyncio_stream.py").toString(), "--server", "--port", p);
            case "uvloop" -> python == null ? null
                    : List.of(python, Project.script("sysprog_asyncio_stream.py").toString(), "--server", "--port", p,
                            "--uvloop");
            case "netty" -> Procs.javaCommand(NETTY_OPTIONS, NettyEchoServer.class.getName(), p);
            case "blocking" -> Procs.javaCommand(BlockingEchoServer.class.getName(), p);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Starts {@code command} on a free port and waits until it accepts connections. */
    static Running start(String name, List<String> command, int port) throws IOException, InterruptedException {
        Path log = Files.createTempFile("aio-bench-" + name.replaceAll("\\W", "") + "-", ".log");
        Process p = Procs.start(new ProcessBuilder(command).directory(Project.workDir().toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(log.toFile()));
        p.getOutputStream().close();
        Running r = new Running(name, p, port, log);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ReverseEcho.HOST, port), 1000);
                return r; // a probe: the server answers it with an empty reply
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    String why = p.isAlive() ? "does not accept connections after 30 s" : "exited with status " + p.exitValue();
                    String errors = r.errors();
                    r.close();
                    throw new IOException(name + " server " + why + (errors.isEmpty() ? "" : ": " + errors));
                }
                Thread.sleep(50);
            }
        }
    }

    /** A loopback port free just now (the server started next binds it). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(ReverseEcho.HOST))) {
            return s.getLocalPort();
        }
    }
}
