package aio;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A result that will exist later: asyncio's {@code Future}. It is pending, then finished (with a
 * result or an exception) or cancelled, once. Done callbacks are scheduled on the loop with
 * {@code callSoon} when it completes, never run inline. Not thread-safe: use it from its loop's
 * thread (other threads go through {@link EventLoop#callSoonThreadsafe}). While its loop runs,
 * a call that would change it (setResult, setException, cancel, adding or removing a callback)
 * from another thread raises IllegalStateException and changes nothing.
 */
public class Future<T> implements Awaitable<T> {
    private enum State { PENDING, CANCELLED, FINISHED }

    final EventLoop loop;
    private State state = State.PENDING;
    private T result;
    private Throwable exception;
    /**
     * What few futures need (a cancel message, a failure nobody retrieved, debug mode's
     * creation site; a task's name, a pending cancellation, its cancel scopes), made the first
     * time one of them is: most of a million tasks never make one.
     */
    Rare rare;
    /**
     * Done callbacks: a {@code Consumer}, or a {@link Task} waiting on this future (woken
     * without any wrapper object: the hot path of every await). One callback is by far the
     * common case, so no list until a second.
     */
    private Object callback;
    private List<Object> moreCallbacks;
    /**
     * True while an exception is set that nobody has looked at: reported when the future is
     * collected, or when the loop closes (see {@link NeverRetrieved}).
     */
    boolean logTraceback;

    /** The fields of {@link #rare}. */
    static final class Rare {
        String cancelMessage;
        /** The CancelledError that cancelled a task, kept so that result() rethrows that very one. */
        CancelledError cancelledExc;
        NeverRetrieved.Entry neverRetrieved;
        /** Where it was created, oldest frame first, in debug mode (asyncio's {@code _source_traceback}); else null. */
        List<StackTraceElement> sourceTraceback;
        // a Task's (see there)
        String name;
        String cancelMessageRequested;
        Throwable throwIn;
        List<CancelScope> scopes;
        Context activeContext;
    }

    /** {@link #rare}, made if need be. */
    final Rare rare() {
        Rare r = rare;
        if (r == null) {
            rare = r = new Rare();
        }
        return r;
    }

    public Future() {
        this(Aio.getRunningLoop());
    }

    Future(EventLoop loop) {
        this.loop = loop;
        if (loop.getDebug()) {
            rare().sourceTraceback = TaskStack.creationSite();
        }
    }

    /**
     * Where the future (or task) was created, oldest frame first, at most 10 frames (asyncio's
     * {@code DEBUG_STACK_DEPTH}) and without the runtime's own: recorded only while the loop is
     * in debug mode (asyncio's private {@code _source_traceback}); else empty. The loop's reports
     * about it ("exception was never retrieved", "destroyed but it is pending") show it as
     * "Object created at (most recent call last):".
     */
    public List<StackTraceElement> getSourceTraceback() {
        List<StackTraceElement> t = rare == null ? null : rare.sourceTraceback;
        return t == null ? List.of() : t;
    }

    /** " created at File.java:42", as asyncio's repr ends in debug mode; else "". */
    String createdAt() {
        List<StackTraceElement> sourceTraceback = getSourceTraceback();
        if (sourceTraceback.isEmpty()) {
            return "";
        }
        StackTraceElement last = sourceTraceback.get(sourceTraceback.size() - 1);
        return " created at " + last.getFileName() + ":" + last.getLineNumber();
    }

    public EventLoop getLoop() {
        return loop;
    }

    public boolean done() {
        return state != State.PENDING;
    }

    public boolean cancelled() {
        return state == State.CANCELLED;
    }

    /**
     * The result. Throws the future's exception if it has one, {@link CancelledError} if it was
     * cancelled, {@link InvalidStateError} if it is not done yet. Marks an exception as retrieved.
     */
    public T result() {
        if (state == State.CANCELLED) {
            throw makeCancelledError();
        }
        if (state != State.FINISHED) {
            throw new InvalidStateError("Result is not set."); // the C future's words (futures.py says "ready")
        }
        retrieved();
        if (exception != null) {
            throw Aio.sneaky(exception);
        }
        return result;
    }

    /**
     * The exception the future finished with, or null if it has a result. Throws
     * {@link CancelledError} if it was cancelled and {@link InvalidStateError} if not done.
     */
    public Throwable exception() {
        if (state == State.CANCELLED) {
            throw makeCancelledError();
        }
        if (state != State.FINISHED) {
            throw new InvalidStateError("Exception is not set.");
        }
        retrieved();
        return exception;
    }

    /** Marks the future done with this result and schedules its callbacks. */
    public void setResult(T value) {
        loop.checkThread(); // before anything changes: a refused call must leave the future pending
        if (state != State.PENDING) {
            throw new InvalidStateError("invalid state: " + state.name() + ": " + this);
        }
        result = value;
        state = State.FINISHED;
        scheduleCallbacks();
    }

    /**
     * Marks the future done with this exception and schedules its callbacks. A
     * {@link CancelledError} is accepted as any other exception, as asyncio does: the future is
     * then finished, not cancelled, and {@link #result()} raises that error (a task awaiting it
     * is cancelled, unless it catches it).
     */
    public void setException(Throwable e) {
        loop.checkThread();
        if (state != State.PENDING) {
            throw new InvalidStateError("invalid state: " + state.name() + ": " + this);
        }
        exception = e;
        state = State.FINISHED;
        logTraceback = true;
        NeverRetrieved.Entry tracked = loop.trackUnretrieved(this);
        if (tracked != null) {
            rare().neverRetrieved = tracked;
        }
        scheduleCallbacks();
    }

    /** Its exception was looked at (or will be reported by someone else): no "never retrieved" report. */
    final void retrieved() {
        logTraceback = false;
        Rare r = rare;
        if (r != null && r.neverRetrieved != null) {
            r.neverRetrieved.forget();
            r.neverRetrieved = null;
        }
    }

    /** Cancels the future if it is pending; returns false if it was already done. */
    public boolean cancel() {
        return cancel(null);
    }

    /**
     * Cancels the future with a message that its {@link CancelledError} will carry. Returns false
     * if it was already done; otherwise it becomes cancelled and its callbacks are scheduled.
     */
    public boolean cancel(String msg) {
        return cancelSelf(msg);
    }

    /** asyncio's {@code Future.cancel}, which a subclass's override (a task, a gather) can still reach. */
    final boolean cancelSelf(String msg) {
        loop.checkThread();
        retrieved();
        if (state != State.PENDING) {
            return false;
        }
        state = State.CANCELLED;
        if (msg != null) {
            rare().cancelMessage = msg; // (a future is cancelled once: there is no earlier message)
        }
        scheduleCallbacks();
        return true;
    }

    /** The message given to {@link #cancel(String)}, or null. */
    public String cancelMessage() {
        return rare == null ? null : rare.cancelMessage;
    }

    /**
     * Calls {@code fn(this)} on the loop once the future is done; at once (via callSoon) if it
     * is done already. It runs in a copy of the current context, as in asyncio.
     */
    public void addDoneCallback(Consumer<? super Future<T>> fn) {
        java.util.Objects.requireNonNull(fn, "fn");
        // In an empty context (the usual case) the callback is kept as it is, and the empty copy
        // it runs in is made only when it runs: a pending future holds no Context per callback.
        Context copy = Context.copyContextUnlessEmpty();
        addCallback(copy == null ? fn : new FutureCallback<>(fn, this, copy));
    }

    /** {@link #addDoneCallback(Consumer)} that runs {@code fn} in {@code context} (asyncio's {@code context=}). */
    public void addDoneCallback(Consumer<? super Future<T>> fn, Context context) {
        addCallback(new FutureCallback<>(fn, this, context != null ? context : Context.copyContext()));
    }

    /** Wakes {@code task} (it is waiting on this future) when the future is done. */
    void addWaiter(Task<?> task) {
        addCallback(task);
    }

    private void addCallback(Object cb) {
        loop.checkThread();
        if (state != State.PENDING) {
            schedule(cb);
        } else if (callback == null && moreCallbacks == null) {
            callback = cb;
        } else {
            if (moreCallbacks == null) {
                moreCallbacks = new ArrayList<>(4);
            }
            moreCallbacks.add(cb);
        }
    }

    /** True if {@code fn} is registered (gather uses it to spot a future passed twice). */
    boolean hasDoneCallback(Object fn) {
        if (state != State.PENDING) {
            return false; // (a callback in `callback` now waits in the ready queue: no longer registered)
        }
        if (isCallback(callback, fn)) {
            return true;
        }
        if (moreCallbacks != null) {
            for (Object cb : moreCallbacks) {
                if (isCallback(cb, fn)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isCallback(Object registered, Object fn) {
        return registered == fn || (registered instanceof FutureCallback<?> fc && fc.fn() == fn);
    }

    /** Removes every registration of {@code fn}; returns how many were removed. */
    public int removeDoneCallback(Consumer<? super Future<T>> fn) {
        loop.checkThread();
        if (state != State.PENDING) {
            return 0; // its callbacks are scheduled, as asyncio's list is emptied then
        }
        int n = 0;
        if (isCallback(callback, fn)) {
            callback = null;
            n++;
        }
        if (moreCallbacks != null) {
            int before = moreCallbacks.size();
            moreCallbacks.removeIf(c -> isCallback(c, fn));
            n += before - moreCallbacks.size();
        }
        return n;
    }

    /** Suspends the current task until this future is done; returns its result (see {@link Aio#await(Future)}). */
    public T await() {
        return Aio.await(this);
    }

    private void scheduleCallbacks() {
        Object first = callback;
        callback = null;
        if (first != null && loop.isClosed()) {
            // __schedule_callbacks calls loop.call_soon, which a closed loop refuses: the future
            // stays done, its callbacks are dropped, and the caller hears of it.
            moreCallbacks = null;
            throw new IllegalStateException("Event loop is closed");
        }
        if (first != null) {
            if (moreCallbacks == null && !(first instanceof Task<?>) && !(first instanceof FutureCallback<?>)) {
                // One callback, added in an empty context (gather's on each of its children):
                // the future itself takes its place in the ready queue, and the callback waits
                // here for its turn (runFromQueue), so no object is made to pair the two.
                callback = first;
                loop.soon(this);
                return;
            }
            schedule(first);
        }
        if (moreCallbacks != null) {
            List<Object> rest = moreCallbacks;
            moreCallbacks = null;
            for (Object cb : rest) {
                schedule(cb);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void schedule(Object cb) {
        // A Task waiting (it knows what it waits on: see Task.runFromQueue), a FutureCallback,
        // or a callback added in an empty context, bound to this future now.
        loop.soon(cb instanceof Task<?> || cb instanceof FutureCallback<?>
                ? cb : new FutureCallback<>((Consumer<? super Future<T>>) cb, this, null));
    }

    /**
     * The future's turn in the ready queue, where {@link #scheduleCallbacks} put it: runs the
     * one done callback that waited in {@code callback}, as a {@link FutureCallback} would.
     * A Task is also in the queue to take a step: see {@link Task#runFromQueue}.
     */
    void runFromQueue() {
        @SuppressWarnings("unchecked")
        Consumer<? super Future<T>> fn = (Consumer<? super Future<T>>) callback;
        callback = null;
        try {
            FutureCallback.call(fn, this, null);
        } catch (Throwable e) {
            loop.callExceptionHandler(new ErrorContext("Exception in callback " + CodeRepr.call(fn, this), e, null, null));
        }
    }

    /** The done callback waiting for this future's turn in the ready queue (see {@link #runFromQueue}), or null. */
    Object queuedCallback() {
        return state != State.PENDING ? callback : null;
    }

    /** That callback's call as asyncio shows a handle ({@code <lambda>(<Future finished ...>) at x.py}), or null. */
    String queuedCall() {
        Object fn = queuedCallback();
        return fn == null ? null : CodeRepr.call(fn, this);
    }

    /**
     * A done callback bound to its future and to the context it runs in, so the ready queue holds
     * one object per call.
     */
    record FutureCallback<T>(Consumer<? super Future<T>> fn, Future<T> future, Context context) implements Runnable {
        @Override
        public void run() {
            call(fn, future, context);
        }

        /** Calls {@code fn(future)} in {@code context}; null: a copy of an empty context. */
        static <T> void call(Consumer<? super Future<T>> fn, Future<T> future, Context context) {
            Context.Slot slot = future.loop.contextSlot();
            // null: a copy of an empty context, the thread's stand-in unless it is in use
            Context ctx = context;
            Context outer = ctx == null ? slot.enterBlank(null) : null;
            if (outer != null) {
                ctx = slot.blank;
            } else {
                ctx = ctx != null ? ctx : new Context();
                outer = ctx.enter(slot);
            }
            try {
                fn.accept(future);
            } finally {
                ctx.exit(slot, outer); // (the stand-in made real inside is dropped with the callback)
            }
        }

        @Override
        public String toString() {
            return CodeRepr.call(fn, future); // asyncio: <lambda>(<Future finished ...>) at x.py:3
        }
    }

    /** The error for a cancelled future: the original one for a task, else a new one with the message. */
    CancelledError makeCancelledError() {
        Rare r = rare;
        if (r != null && r.cancelledExc != null) {
            CancelledError e = r.cancelledExc;
            r.cancelledExc = null;
            return e;
        }
        String m = cancelMessage();
        return m == null ? new CancelledError() : new CancelledError(m);
    }

    /**
     * For the loop's internals: the exception {@link #result()} would throw, without throwing it
     * (marks it retrieved); null if the future has a result.
     */
    Throwable failure() {
        if (state == State.CANCELLED) {
            return makeCancelledError();
        }
        retrieved();
        return exception;
    }

    /** The raw result for internals that have already checked {@link #failure()}. */
    T rawResult() {
        return result;
    }

    /** The exception, without marking it retrieved (asyncio's {@code _exception}); null if none. */
    Throwable rawException() {
        return exception;
    }

    /** "pending", "cancelled", or "finished" plus the result or exception, as asyncio's repr. */
    String stateInfo() {
        return switch (state) {
            case PENDING -> "pending";
            case CANCELLED -> "cancelled";
            case FINISHED -> exception != null
                    ? "finished exception=" + Aio.repr(exception)
                    : "finished result=" + Aio.repr(result);
        };
    }

    /** True while callbacks are registered (not once they are scheduled: a done future has none). */
    boolean hasCallbacks() {
        return state == State.PENDING && (callback != null || (moreCallbacks != null && !moreCallbacks.isEmpty()));
    }

    @Override
    public String toString() {
        return "<Future " + stateInfo() + createdAt() + ">";
    }
}
