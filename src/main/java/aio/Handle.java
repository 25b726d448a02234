package aio;

/**
 * A callback scheduled on the loop ({@link EventLoop#callSoon}); {@link #cancel()} keeps it from
 * running. Handles are the unit of work of the ready queue: task steps, future callbacks and
 * user callbacks are all handles.
 */
public class Handle {
    final EventLoop loop;
    private Runnable callback;
    private boolean cancelled;

    Handle(EventLoop loop, Runnable callback) {
        this.loop = loop;
        this.callback = callback;
    }

    /** Keeps the callback from running, if it has not run yet. */
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            callback = null;
        }
    }

    public boolean cancelled() {
        return cancelled;
    }

    Runnable callback() {
        return callback;
    }

    /** Runs the callback; an exception goes to the loop's exception handler, never out. */
    void run() {
        Runnable cb = callback;
        if (cb == null) {
            return;
        }
        try {
            cb.run();
        } catch (Throwable e) {
            loop.callExceptionHandler(new ErrorContext("Exception in callback " + cb, e, null, this));
        }
    }

    @Override
    public String toString() {
        return "<Handle " + (cancelled ? "cancelled" : String.valueOf(callback)) + ">";
    }
}
