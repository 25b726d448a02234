package aio;

import java.util.ArrayDeque;

/**
 * The writing side's flow control, CPython's {@code FlowControlMixin}: the transport says when
 * its write buffer went above its high-water mark ({@link #pauseWriting()}) and when it drained
 * to the low-water mark ({@link #resumeWriting()}), and {@link StreamWriter#drain()} waits in
 * {@link #drainHelper()} in between. The protocol of a TCP connection ({@link StreamProtocol})
 * and of a subprocess's stdin ({@link WritePipeTransport}) extend it.
 */
abstract class FlowControl {
    final EventLoop loop;
    private boolean paused;
    private boolean connectionLost;
    /** The error given to {@link #connectionLost}, if any: see {@link #drainHelper()}. */
    private Throwable lostWith;
    private final ArrayDeque<Future<Object>> drainWaiters = new ArrayDeque<>();

    FlowControl(EventLoop loop) {
        this.loop = loop;
    }

    /** The future {@link StreamWriter#waitClosed()} awaits (CPython's {@code _get_close_waiter}). */
    abstract Future<Object> closeWaiter();

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
     * The connection is lost ({@code exc} null for a clean close, else the error that ended it):
     * from now on drain() raises, and the writers waiting in it, if paused, are woken.
     */
    void connectionLost(Throwable exc) {
        connectionLost = true;
        lostWith = exc;
        if (!paused) {
            return;
        }
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

    /**
     * drain()'s wait: returns at once unless writing is paused, then suspends until it resumes.
     * Raises ConnectionResetError once the connection is lost, or the error that lost it.
     */
    void drainHelper() {
        if (connectionLost) {
            // CPython raises ConnectionResetError('Connection lost'). A connection's own error was
            // raised by drain() already, from its reader; a pipe has no reader, so the error that
            // broke it (Broken pipe) is raised here, by every drain() after it.
            throw lostWith != null ? Aio.sneaky(lostWith) : new ConnectionResetError("Connection lost");
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

    boolean isWritingPaused() {
        return paused;
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + (paused ? " paused" : "") + (connectionLost ? " lost" : "") + ">";
    }
}
