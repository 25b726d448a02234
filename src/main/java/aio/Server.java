package aio;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A TCP server from {@link Aio#startServer}: asyncio's {@code Server} (3.12 semantics, plus
 * 3.13's {@code closeClients} and {@code abortClients}). It accepts connections on the loop's
 * selector, no thread per connection, and runs the handler for each client as its own task.
 *
 * <pre>{@code
 * try (Server server = startServer((reader, writer) -> { ... }, "127.0.0.1", 9996)) {
 *     System.out.println("serving on " + server.sockets().get(0).getsockname());
 *     server.serveForever();
 * }
 * }</pre>
 *
 * {@link #close()} stops accepting; connections already made go on until their handlers end.
 * {@link #waitClosed()} waits until the server is closed and every connection is closed.
 * Unlike {@code async with server}, leaving a try-with-resources block only closes the server
 * (close() may be called where no task could wait); call {@link #waitClosed()} to also wait for
 * the connections. Not thread-safe: use it on its loop's thread.
 */
public final class Server implements AutoCloseable {
    /** When accept() fails for lack of file descriptors or memory: wait this long before accepting again. */
    private static final double ACCEPT_RETRY_DELAY = 1.0;

    private final EventLoop loop;
    private final ClientHandler handler;
    private final int limit;
    private final int backlog;
    /** The listening sockets; null once closed. */
    private List<TransportSocket> sockets;
    private boolean serving;
    private int activeCount;
    /** Tasks in waitClosed(); null once the server is closed and every connection is gone. */
    private List<Future<Object>> waiters = new ArrayList<>();
    private Future<Object> servingForeverFut;
    private final Set<SocketTransport> clients = new LinkedHashSet<>();

    Server(EventLoop loop, ClientHandler handler, List<TransportSocket> sockets, int limit, int backlog) {
        this.loop = loop;
        this.handler = handler;
        this.sockets = sockets;
        this.limit = limit;
        this.backlog = backlog;
    }

    /** The loop the server runs on. */
    public EventLoop getLoop() {
        return loop;
    }

    /** The listening sockets (one per bound address); empty once the server is closed. */
    public List<TransportSocket> sockets() {
        return sockets == null ? List.of() : List.copyOf(sockets);
    }

    /** True while the server accepts connections. */
    public boolean isServing() {
        return serving;
    }

    /** Starts accepting connections (startServer already did). Idempotent. */
    public void startServing() {
        if (serving || sockets == null) {
            return;
        }
        serving = true;
        for (TransportSocket s : sockets) {
            loop.addReader(s.channel(), () -> acceptReady(s));
        }
    }

    /**
     * Accepts connections until {@link #close()}. Suspends the task; when the server is closed
     * (by {@code close()} here or anywhere else) it raises {@link CancelledError}, as asyncio's
     * {@code serve_forever} does. Cancelling the task closes the server and waits until its
     * connections are closed ({@link #waitClosed()}), then raises the CancelledError. Raises
     * IllegalStateException if the server is closed or another task is already serving it.
     */
    public void serveForever() {
        if (servingForeverFut != null) {
            throw new IllegalStateException("server " + this + " is already being awaited on serveForever()");
        }
        if (sockets == null) {
            throw new IllegalStateException("server " + this + " is closed");
        }
        startServing();
        servingForeverFut = loop.createFuture();
        try {
            Aio.await(servingForeverFut);
        } catch (CancelledError e) {
            try {
                close();
                waitClosed();
            } catch (Throwable ignored) {
                // asyncio: "finally: raise" - the cancellation is what propagates
            }
            throw e;
        } finally {
            servingForeverFut = null;
        }
    }

    /**
     * Stops listening: closes the listening sockets, so no new connection is accepted.
     * Connections already accepted stay open (see {@link #closeClients()}). Wakes
     * {@link #serveForever()} with a CancelledError. Returns at once; idempotent.
     */
    @Override
    public void close() {
        List<TransportSocket> socks = sockets;
        if (socks == null) {
            return;
        }
        sockets = null;
        for (TransportSocket s : socks) {
            loop.removeReader(s.channel());
            try {
                s.channel().close();
            } catch (IOException e) {
                // the socket is gone either way
            }
        }
        serving = false;
        if (servingForeverFut != null && !servingForeverFut.done()) {
            servingForeverFut.cancel();
            servingForeverFut = null;
        }
        if (activeCount == 0) {
            wakeup();
        }
    }

    /** Closes every client connection (their buffered output is still sent): asyncio 3.13. */
    public void closeClients() {
        for (SocketTransport t : List.copyOf(clients)) {
            t.close();
        }
    }

    /** Closes every client connection at once, dropping unsent output: asyncio 3.13. */
    public void abortClients() {
        for (SocketTransport t : List.copyOf(clients)) {
            t.abort();
        }
    }

    /**
     * Suspends until the server is closed and every connection it accepted is closed. Returns
     * at once if that is already so. Cancelling the task cancels only the wait.
     */
    public void waitClosed() {
        if (waiters == null) {
            return;
        }
        Future<Object> waiter = loop.createFuture();
        waiters.add(waiter);
        Aio.await(waiter);
    }

    private void wakeup() {
        List<Future<Object>> ws = waiters;
        waiters = null;
        if (ws != null) {
            for (Future<Object> w : ws) {
                if (!w.done()) {
                    w.setResult(null);
                }
            }
        }
    }

    // ---- connections ----

    void attach(SocketTransport t) {
        activeCount++;
        clients.add(t);
    }

    void detach(SocketTransport t) {
        activeCount--;
        clients.remove(t);
        if (activeCount == 0 && sockets == null) {
            wakeup();
        }
    }

    /** The listening socket is readable: accept what is waiting (at most backlog at a time). */
    private void acceptReady(TransportSocket s) {
        for (int i = 0; i < backlog && sockets != null; i++) {
            SocketChannel ch;
            try {
                ch = s.channel().accept();
                if (ch == null) {
                    return;
                }
            } catch (IOException e) {
                acceptFailed(s, e);
                return;
            }
            try {
                ch.configureBlocking(false);
            } catch (IOException e) {
                closeQuietly(ch);
                continue;
            }
            Connection c = Streams.wrap(loop, ch, this, limit);
            startHandler(c);
        }
    }

    private void acceptFailed(TransportSocket s, IOException e) {
        String reason = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (reason.contains("too many open files") || reason.contains("no buffer space")
                || reason.contains("cannot allocate memory")) {
            // Out of a system resource: stop accepting for a while rather than spin.
            loop.callExceptionHandler(new ErrorContext("socket.accept() out of system resource "
                    + "(" + e.getMessage() + ") on " + s, e, null, null));
            loop.removeReader(s.channel());
            loop.callLater(ACCEPT_RETRY_DELAY, () -> {
                if (serving && sockets != null && sockets.contains(s)) {
                    loop.addReader(s.channel(), () -> acceptReady(s));
                }
            });
        } else if (sockets != null) {
            loop.callExceptionHandler(new ErrorContext("Error on transport creation for incoming connection "
                    + "(" + e.getMessage() + ") on " + s, e, null, null));
        }
    }

    private void startHandler(Connection c) {
        SocketTransport transport = c.writer().transport();
        Task<Void> task = loop.createTask(() -> {
            handler.handle(c.reader(), c.writer());
            return null;
        }, null);
        task.addDoneCallback(f -> {
            // asyncio closes on failure; we also close when the handler returns, as the
            // connection is useless to anyone else (asyncio leaves it to the garbage collector).
            if (!f.cancelled()) {
                Throwable exc = f.exception();
                if (exc != null) {
                    loop.callExceptionHandler(new ErrorContext("Unhandled exception in client_connected_cb "
                            + "(peer " + transport.getExtraInfo("peername") + ")", exc, f, null));
                }
            }
            transport.close();
        });
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public String toString() {
        return "<Server sockets=" + sockets() + ">";
    }
}
