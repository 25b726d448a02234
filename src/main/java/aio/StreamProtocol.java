package aio;

import java.util.ArrayDeque;

/**
 * The glue between a {@link SocketTransport} and the stream pair: CPython's
 * {@code StreamReaderProtocol} together with its {@code FlowControlMixin}. The transport calls
 * it (data, EOF, connection lost, pause/resume writing); it feeds the {@link StreamReader},
 * completes the close waiter, and suspends {@link StreamWriter#drain()} while the transport's
 * write buffer is above its high-water mark.
 */
final class StreamProtocol {
    private final EventLoop loop;
    private StreamReader reader;
    /** Done when the connection is lost: {@link StreamWriter#waitClosed()} awaits it. */
    private final Future<Object> closed;

    // FlowControlMixin
    private boolean paused;
    private boolean connectionLost;
    private final ArrayDeque<Future<Object>> drainWaiters = new ArrayDeque<>();

    StreamProtocol(EventLoop loop, StreamReader reader) {
        this.loop = loop;
        this.reader = reader;
        this.closed = loop.createFuture();
    }

    void connectionMade(SocketTransport transport) {
        if (reader != null) {
            reader.setTransport(transport);
        }
    }

    void dataReceived(byte[] data, int off, int len) {
        if (reader != null) {
            reader.feedData(data, off, len);
        }
    }

    /** The peer half-closed: feed EOF, and keep the transport open so we can still write. */
    boolean eofReceived() {
        if (reader != null) {
            reader.feedEof();
        }
        return true;
    }

    /** The transport is closed: {@code exc} null for a clean close, else the error that ended it. */
    void connectionLost(Throwable exc) {
        if (reader != null) {
            if (exc == null) {
                reader.feedEof();
            } else {
                reader.setException(exc);
            }
        }
        if (!closed.done()) {
            if (exc == null) {
                closed.setResult(null);
            } else {
                closed.setException(exc);
                // Nobody has to wait for the close: do not report the error as never retrieved
                // (asyncio does this in StreamReaderProtocol.__del__).
                closed.exception();
            }
        }
        // FlowControlMixin.connection_lost: wake the writers if paused.
        connectionLost = true;
        if (paused) {
            for (Future<Object> w : drainWaiters) {
                if (!w.done()) {
                    if (exc == null) {
                        w.setResult(null);
                    } else {
                        w.setException(exc);
                    }
                }
            }
        }
        reader = null;
    }

    /** The transport's write buffer went above the high-water mark. */
    void pauseWriting() {
        paused = true;
        if (loop.getDebug()) {
            loop.log(this + " pauses writing");
        }
    }

    /** The transport's write buffer drained to the low-water mark: wake every drain(). */
    void resumeWriting() {
        paused = false;
        if (loop.getDebug()) {
            loop.log(this + " resumes writing");
        }
        for (Future<Object> w : drainWaiters) {
            if (!w.done()) {
                w.setResult(null);
            }
        }
    }

    /**
     * drain()'s wait: returns at once unless writing is paused, then suspends until it resumes.
     * Raises ConnectionResetError if the connection is lost, or the error that lost it.
     */
    void drainHelper() {
        if (connectionLost) {
            throw new ConnectionResetError("Connection lost");
        }
        if (!paused) {
            return;
        }
        Future<Object> waiter = loop.createFuture();
        drainWaiters.add(waiter);
        try {
            Aio.await(waiter);
        } finally {
            drainWaiters.remove(waiter);
        }
    }

    Future<Object> closeWaiter() {
        return closed;
    }

    boolean isWritingPaused() {
        return paused;
    }

    @Override
    public String toString() {
        return "<StreamProtocol" + (paused ? " paused" : "") + (connectionLost ? " lost" : "") + ">";
    }
}
