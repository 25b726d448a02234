package lecture;

import aio.Aio;
import aio.CancelledError;
import aio.EventLoop;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A ReverseEchoServer on its own loop thread, for tests that drive it with plain sockets,
 * another loop, or another process. Collects what it prints, what it logs, and anything that
 * reaches its loop's exception handler (which should stay empty).
 */
final class BackgroundEchoServer implements AutoCloseable {
    final ConcurrentLinkedQueue<String> out = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> loopErrors = new ConcurrentLinkedQueue<>();
    final int port;
    private final Thread thread;
    private volatile EventLoop loop;
    private volatile ReverseEchoServer server;
    private volatile Throwable failure;

    BackgroundEchoServer() throws Exception {
        this(s -> s);
    }

    BackgroundEchoServer(UnaryOperator<ReverseEchoServer.Settings> settings) throws Exception {
        CompletableFuture<Integer> started = new CompletableFuture<>();
        thread = Thread.ofPlatform().name("echo-server").start(() -> {
            try {
                Aio.run(() -> {
                    loop = Aio.getRunningLoop();
                    loop.setExceptionHandler((l, ctx) -> loopErrors.add(ctx.describe() + " " + ctx.exception()));
                    server = ReverseEchoServer.start(settings.apply(ReverseEchoServer.Settings.defaults()
                            .port(0).out(out::add).log(log::add)));
                    started.complete(server.address().port());
                    try {
                        server.serveForever();
                    } catch (CancelledError stopped) {
                        // stop() ends serveForever this way
                    }
                });
            } catch (Throwable e) {
                failure = e;
                started.completeExceptionally(e);
            }
        });
        port = started.get(10, TimeUnit.SECONDS);
    }

    /** How many clients the server is serving now (asked on its loop). */
    int active() throws Exception {
        CompletableFuture<Integer> n = new CompletableFuture<>();
        loop.callSoonThreadsafe(() -> n.complete(server.activeConnections()));
        return n.get(5, TimeUnit.SECONDS);
    }

    /** Polls until the server serves no client (a closed client's handler ends a moment later). */
    void awaitIdle() throws Exception {
        for (int i = 0; i < 500 && active() > 0; i++) {
            Thread.sleep(10);
        }
    }

    List<String> logLines() {
        return List.copyOf(log);
    }

    /** Stops the server and its loop; fails if the loop thread failed. */
    @Override
    public void close() {
        if (loop != null && !loop.isClosed()) {
            try {
                loop.callSoonThreadsafe(() -> server.stop());
            } catch (IllegalStateException closed) {
                // already gone
            }
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new AssertionError("the echo server did not stop");
        }
        if (failure != null) {
            throw new AssertionError("the echo server failed", failure);
        }
    }
}
