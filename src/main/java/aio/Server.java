package aio;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A TCP server from {@link Aio#startServer}, or a Unix domain socket server from
 * {@link Aio#startUnixServer}: asyncio's {@code Server} (3.12 semantics, plus 3.13's
 * {@code closeClients} and {@code abortClients}, and its removal of a Unix socket's file on close). It accepts connections on the loop's
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
 *
 * <p>When accept() fails for lack of file descriptors or memory, the server stops accepting for
 * a moment (0.1 s, doubling up to 1 s while it keeps failing) and tells the loop's exception
 * handler in one line without an exception (the default handler logs it, no stack trace); the
 * failures after it are counted and reported at most once per 5 s. Near the process's
 * descriptor limit it accepts one connection at a time, so that handlers which refuse clients
 * can close them before the next accept.
 */
public final class Server implements AutoCloseable {
    /**
     * When accept() fails for lack of file descriptors or memory, accepting pauses this long at
     * first, then twice as long on each failure in a row (asyncio always pauses
     * ACCEPT_RETRY_DELAY): a shortage often ends as soon as a few clients leave.
     */
    private static final double FIRST_ACCEPT_RETRY_DELAY = 0.1;
    /** The longest pause in accepting after accept() failed: asyncio's {@code ACCEPT_RETRY_DELAY}. */
    private static final double ACCEPT_RETRY_DELAY = 1.0;
    /** At most one log line per this many seconds about accept() failing; those between are counted. */
    private static final double ACCEPT_FAILURE_REPORT_INTERVAL = 5.0;
    /** Near the descriptor limit, accept one connection at a time once only this many are left: see acceptBurst. */
    private static final int ACCEPT_RESERVE = 8;

    static {
        // Load now what the accept-failure path needs: at the descriptor limit the JVM could not
        // open a class file (from a class-path directory) to load it then.
        loadClasses(ErrorContext.class, TimerHandle.class, AcceptBackoff.class);
    }

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
    /** Pauses and reports after accept() failed for lack of descriptors or memory. */
    private final AcceptBackoff backoff = new AcceptBackoff(
            FIRST_ACCEPT_RETRY_DELAY, ACCEPT_RETRY_DELAY, ACCEPT_FAILURE_REPORT_INTERVAL);
    /** Ends a pause in accepting; null while accepting. */
    private TimerHandle resumeTimer;
    /** Reports accept failures counted since the last report; null when none is scheduled. */
    private TimerHandle reportTimer;
    /** Descriptors open in the process other than this server's connections, as last counted; -1 if unknown. */
    private long otherDescriptors = -1;

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
        loop.checkThread(); // here and below: before anything changes
        if (serving || sockets == null) {
            return;
        }
        serving = true;
        countOtherDescriptors();
        watchSockets();
    }

    /** Accepts on every listening socket when it has a connection waiting. */
    private void watchSockets() {
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
     * Stops listening: closes the listening sockets, so no new connection is accepted, and
     * removes a Unix socket's file (unless startUnixServer was told not to, or the file there is
     * not the server's any more). Connections already accepted stay open (see {@link #closeClients()}). Wakes
     * {@link #serveForever()} with a CancelledError. Returns at once; idempotent.
     */
    @Override
    public void close() {
        loop.checkThread();
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
            s.cleanUp(loop); // a Unix socket's file
        }
        serving = false;
        cancelTimers();
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
        loop.checkThread();
        for (SocketTransport t : List.copyOf(clients)) {
            t.close();
        }
    }

    /** Closes every client connection at once, dropping unsent output: asyncio 3.13. */
    public void abortClients() {
        loop.checkThread();
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
        if (resumeTimer != null) {
            return; // queued before another socket's accept() failed: accepting is paused
        }
        int burst = acceptBurst();
        for (int i = 0; i < burst && sockets != null; i++) {
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
            backoff.succeeded();
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

    /**
     * How many connections to accept at once: backlog, as asyncio, unless descriptors run short.
     * Then fewer, down to one at a time near the limit (ACCEPT_RESERVE descriptors left), so
     * that the handlers of those accepted run before the next accept: a handler that refuses a
     * client because descriptors are short (ReverseEchoServer's does) closes it while a
     * descriptor is still left for the next one. A burst of backlog accepts would take them all
     * first, and accept() would fail before any handler ran. Cheap: the count of other
     * descriptors is an estimate made at start and corrected when accept() runs out; if it is
     * off, accept() fails and pauses as below.
     */
    private int acceptBurst() {
        long max = Descriptors.limit();
        if (max <= 0 || otherDescriptors < 0) {
            return backlog;
        }
        long spare = max - otherDescriptors - activeCount - ACCEPT_RESERVE;
        return (int) Math.max(1, Math.min(backlog, spare));
    }

    /** Counts the descriptors open other than this server's connections (a scan: done at start only). */
    private void countOtherDescriptors() {
        long open = Descriptors.open();
        otherDescriptors = open < 0 ? -1 : Math.max(0, open - activeCount);
    }

    /**
     * accept() failed. Out of descriptors or memory (asyncio's EMFILE, ENFILE, ENOBUFS, ENOMEM):
     * pause accepting and log one line, as asyncio's {@code _accept_connection} does, but with
     * no stack trace and at most one line per few seconds. Anything else goes to the exception
     * handler, as asyncio lets it propagate to the loop.
     */
    private void acceptFailed(TransportSocket s, IOException e) {
        String reason = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (reason.contains("too many open files") || reason.contains("no buffer space")
                || reason.contains("cannot allocate memory")) {
            double now = loop.time();
            long max = Descriptors.limitNow();
            if (reason.equals("too many open files") && max > 0) {
                // EMFILE: every descriptor below the limit is open, so the others are known exactly.
                otherDescriptors = Math.max(0, max - activeCount);
                reason += " (limit " + max + ")";
            }
            pauseAccepting(backoff.failed(reason, now));
            reportAcceptFailures(now);
        } else if (sockets != null) {
            loop.callExceptionHandler(new ErrorContext("Error on transport creation for incoming connection "
                    + "(" + e.getMessage() + ") on " + s, e, null, null));
        }
    }

    /**
     * Stops watching the listening sockets for {@code seconds}. The sockets stay readable while
     * the shortage lasts (the selector is level-triggered), so watching them would call
     * acceptReady again at once, fail again, and spin: asyncio removes the reader and adds it
     * back after ACCEPT_RETRY_DELAY, and so do we. Every socket pauses, as descriptors and
     * memory are the whole process's.
     */
    private void pauseAccepting(double seconds) {
        for (TransportSocket t : sockets) {
            // Not watching: a readable socket we cannot accept from would wake the loop at once, forever.
            loop.removeReader(t.channel());
        }
        resumeTimer = loop.callLater(seconds, () -> { // asyncio: call_later(ACCEPT_RETRY_DELAY, _start_serving)
            resumeTimer = null;
            if (serving && sockets != null) {
                watchSockets();
            }
        });
    }

    /**
     * Logs the failures not reported yet, if the last report is old enough (a line without an
     * exception: the default handler prints it alone, no stack trace); otherwise makes sure a
     * timer reports them once it is.
     */
    private void reportAcceptFailures(double now) {
        String line = backoff.report(now);
        if (line != null) {
            loop.callExceptionHandler(new ErrorContext(line, null, null, null));
        } else if (reportTimer == null && !Double.isNaN(backoff.nextReportAt())) {
            reportTimer = loop.callAt(backoff.nextReportAt(), () -> {
                reportTimer = null;
                reportAcceptFailures(loop.time());
            });
        }
    }

    private void cancelTimers() {
        if (resumeTimer != null) {
            resumeTimer.cancel();
            resumeTimer = null;
        }
        if (reportTimer != null) {
            reportTimer.cancel();
            reportTimer = null;
        }
    }

    private void startHandler(Connection c) {
        WriteTransport transport = c.writer().transport();
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
                    // asyncio's words exactly; the task in the context says which client it served
                    loop.callExceptionHandler(new ErrorContext("Unhandled exception in client_connected_cb",
                            exc, f, null));
                }
            }
            transport.close();
        });
    }

    private static void loadClasses(Class<?>... classes) {
        // Naming a class literal loads the class; nothing more to do.
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
