package tutor.agent;

import aio.Aio;
import aio.BackgroundLoop;
import aio.Task;
import aio.TimeoutError;
import lecture.ReverseEcho;
import lecture.ReverseEchoClient;
import lecture.ReverseEchoServer;
import tutor.Messages;
import tutor.agent.Request.Failure;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The seed's reverse-echo server and client, run in the agent on its loop for the console's
 * {@code :start-server}, {@code :stop-server} and {@code :send}. The server's lines ("serving
 * on ...", "client: ...") go to {@code out} and so appear above the console's prompt while the
 * learner types. The fields are touched on the loop thread only.
 */
final class EchoService {
    /** How long :stop-server lets open connections finish before disconnecting them. */
    static final double STOP_GRACE_SECONDS = 5;

    private final BackgroundLoop loop;
    private final Consumer<String> out;
    private final Consumer<String> log;
    private ReverseEchoServer server;
    private Task<Void> serving;

    EchoService(BackgroundLoop loop, Consumer<String> out, Consumer<String> log) {
        this.loop = loop;
        this.out = out;
        this.log = log;
    }

    /**
     * Starts the server on 127.0.0.1:{@code port} (0: any free port) as a task named
     * "echo-server". Its future gives the port it listens on and the lines it printed as it
     * started (the console shows them: in playback it shows the port as the lesson's); it
     * fails with {@link Failure} when a server already runs or the port cannot be bound.
     */
    CompletableFuture<Request.Started> start(int wantedPort) {
        return loop.submit(() -> {
            if (server != null) {
                throw new Failure(Messages.get("server.already-running", server.address()));
            }
            ReverseEchoServer s;
            List<String> starting = new ArrayList<>();
            boolean[] started = {false};
            try {
                s = ReverseEchoServer.start(ReverseEchoServer.Settings.defaults()
                        .port(wantedPort).out(line -> {
                            if (started[0]) {
                                out.accept(line);
                            } else {
                                starting.add(line);
                            }
                        }).log(log));
            } catch (UncheckedIOException e) {
                throw new Failure(ReverseEcho.cannotListen(ReverseEcho.HOST, wantedPort, e));
            }
            server = s;
            serving = Aio.createTask(() -> {
                try {
                    s.serveForever();
                } finally {
                    s.close();
                }
            }, "echo-server");
            started[0] = true;
            return new Request.Started(s.address().port(), starting);
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
                throw new Failure(Messages.get("server.not-running"));
            }
            server = null;
            s.close();
            try {
                Aio.waitFor(s::waitClosed, STOP_GRACE_SECONDS);
            } catch (TimeoutError e) {
                s.stop();
            }
            serving.cancel();
            serving = null;
            out.accept(Messages.get("server.stopped"));
        }, "stop-server");
    }

    /**
     * Sends {@code message} to 127.0.0.1:{@code port} as the seed's client does; the line
     * "sent [..] => received: [..]" goes to {@code out}. Fails with {@link Failure} when no
     * server answers; the advice in it depends on whether this console's server is running.
     */
    CompletableFuture<String> send(String message, int toPort) {
        return loop.submit(() -> {
            try {
                return ReverseEchoClient.exchange(ReverseEcho.HOST, toPort, message, out);
            } catch (ReverseEchoClient.Failed e) {
                String said = tutor.ClientFailure.say(e);
                throw new Failure(!e.refused ? said : server == null
                        ? Messages.get("send.refused", said)
                        : Messages.get("send.refused.elsewhere", said, server.address().port()));
            }
        }, "send");
    }

    /** Stops the server at once if one runs (the agent is ending). On the loop thread. */
    void shutdown() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
