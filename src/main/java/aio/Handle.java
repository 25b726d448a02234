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
    /** The context the callback runs in; null for the loop's own callbacks, which run in the loop's. */
    private final Context context;

    Handle(EventLoop loop, Runnable callback) {
        this(loop, callback, null);
    }

    Handle(EventLoop loop, Runnable callback, Context context) {
        this.loop = loop;
        this.callback = callback;
        this.context = context;
    }

    /**
     * The context the callback runs in: the one given to {@code callSoon}, or a copy of the
     * context it was scheduled in (asyncio's {@code Handle.get_context()}); null for the loop's
     * own callbacks.
     */
    public Context getContext() {
        return context;
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
            if (context == null) {
                cb.run();
            } else {
                Context.Slot slot = Context.slot();
                Context outer = context.enter(slot);
                try {
                    cb.run();
                } finally {
                    context.exit(slot, outer);
                }
            }
        } catch (Throwable e) {
            loop.callExceptionHandler(new ErrorContext("Exception in callback " + CodeRepr.callable(cb), e, null, this));
        }
    }

    @Override
    public String toString() {
        return "<Handle " + (cancelled ? "cancelled" : CodeRepr.callable(callback)) + ">";
    }
}
