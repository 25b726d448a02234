package aio.tutor;

import aio.Aio;
import aio.BackgroundLoop;
import aio.ConnectionRefusedError;
import aio.Task;
import aio.TimeoutError;
import aio.echo.ReverseEcho;
import aio.echo.ReverseEchoClient;
import aio.echo.ReverseEchoServer;

import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The seed's reverse-echo server and client, run by the console on its background loop:
 * {@code :start-server}, {@code :stop-server}, {@code :send}. The server's lines ("serving on
 * ...", "client: ...") go to {@code out} and so appear above the prompt while the learner types.
 * The fields are touched on the loop thread only.
 */
final class EchoService {
    /** How long :stop-server lets open connections finish before disconnecting them. */
    static final double STOP_GRACE_SECONDS = 5;

    /** A command failed in a way worth one line to the learner. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final BackgroundLoop loop;
    private final Consumer<String> out;
    private final Consumer<String> log;
    private ReverseEchoServer server;
    private Task<Void> serving;
    /** The port of the running server, or 0: read by other threads for :send's default. */
    private volatile int port;

    EchoService(BackgroundLoop loop, Consumer<String> out, Consumer<String> log) {
        this.loop = loop;
        this.out = out;
        this.log = log;
    }

    /** The running server's port, or 0 when none runs. */
    int port() {
        return port;
    }

    /**
     * Starts the server on 127.0.0.1:{@code port} (0: any free port) as a task named
     * "echo-server". Returns the future of its start; it fails with {@link Failure} when a
     * server already runs or the port cannot be bound.
     */
    CompletableFuture<Void> start(int wantedPort) {
        return loop.submit(() -> {
            if (server != null) {
                throw new Failure("the server is already running on " + server.address()
                        + " (stop it with :stop-server)");
            }
            ReverseEchoServer s;
            try {
                s = ReverseEchoServer.start(ReverseEchoServer.Settings.defaults()
                        .port(wantedPort).out(out).log(log));
            } catch (UncheckedIOException e) {
                throw new Failure("cannot listen on " + ReverseEcho.HOST + ":" + wantedPort + ": " + EchoCommands.reason(e));
            }
            server = s;
            port = s.address().port();
            serving = Aio.createTask(() -> {
                try {
                    s.serveForever();
                } finally {
                    s.close();
                }
            }, "echo-server");
        }, "start-server");
    }

    /**
     * Stops the server: no new connections, open ones get {@link #STOP_GRACE_SECONDS} to
     * finish, then are disconnected. Fails with {@link Failure} when no server runs.
     */
    CompletableFuture<Void> stop() {
        return loop.submit(() -> {
            ReverseEchoServer s = server;
            if (s == null) {
                throw new Failure("no server is running (start one with :start-server)");
            }
            server = null;
            port = 0;
            s.close();
            try {
                Aio.waitFor(s::waitClosed, STOP_GRACE_SECONDS);
            } catch (TimeoutError e) {
                s.stop();
            }
            serving.cancel();
            serving = null;
            out.accept("server stopped");
        }, "stop-server");
    }

    /**
     * Sends {@code message} to 127.0.0.1:{@code port} as the seed's client does; the line
     * "sent [..] => received: [..]" goes to {@code out}. Fails with {@link Failure} when no
     * server answers.
     */
    CompletableFuture<String> send(String message, int toPort) {
        String where = ReverseEcho.HOST + ":" + toPort;
        return loop.submit(() -> {
            try {
                return Aio.waitFor(() -> ReverseEchoClient.send(ReverseEcho.HOST, toPort, message, out),
                        EchoCommands.CLIENT_TIMEOUT_SECONDS);
            } catch (ConnectionRefusedError e) {
                throw new Failure("cannot connect to " + where + ": connection refused (start the server with :start-server)");
            } catch (TimeoutError e) {
                throw new Failure("no reply from " + where + " within " + (long) EchoCommands.CLIENT_TIMEOUT_SECONDS + " s");
            } catch (UncheckedIOException e) {
                throw new Failure("connection to " + where + " failed: " + e.getMessage());
            }
        }, "send");
    }

    /** Stops the server at once if one runs (the console is leaving). Any thread. */
    void shutdown() {
        try {
            loop.call(() -> {
                if (server != null) {
                    server.stop();
                    server = null;
                    port = 0;
                }
            });
        } catch (RuntimeException e) {
            // the loop is gone already
        }
    }
}
