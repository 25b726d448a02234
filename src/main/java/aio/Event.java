package aio;

import java.util.ArrayDeque;

/**
 * An event: a flag that tasks can wait for, asyncio's {@code Event} (the asynchronous
 * equivalent to {@code threading.Event}). The flag is set to true with {@link #set()} and reset
 * to false with {@link #clear()}; {@link #await()} suspends the task until the flag is true.
 * The flag is initially false.
 *
 * <p>asyncio's {@code wait()} is called {@code await()} here, as in
 * {@code java.util.concurrent.CountDownLatch} and {@link Future#await()}: Java's
 * {@code Object.wait()} is final, and calling it by habit would throw
 * IllegalMonitorStateException instead of waiting for the event.
 */
public final class Event extends LoopBound {
    /** Futures of the tasks suspended in await(), oldest first. Package-private for tests. */
    final ArrayDeque<Future<Boolean>> waiters = new ArrayDeque<>();
    private boolean value;

    /** A new event, not set, not yet bound to a loop. */
    public Event() {
    }

    /** Return true if and only if the internal flag is true. */
    public boolean isSet() {
        return value;
    }

    /**
     * Set the internal flag to true. All tasks waiting for it to become true are woken up (in
     * the order they started waiting). Tasks that call await() once the flag is true will not
     * suspend at all.
     */
    public void set() {
        checkThread();
        if (!value) {
            value = true;
            for (Future<Boolean> fut : waiters) {
                if (!fut.done()) {
                    fut.setResult(true);
                }
            }
        }
    }

    /**
     * Reset the internal flag to false. Subsequently, tasks calling await() will suspend until
     * set() is called to set the internal flag to true again. Tasks already woken by set() stay
     * woken.
     */
    public void clear() {
        checkThread();
        value = false;
    }

    /**
     * Suspend the current task until the internal flag is true (asyncio's {@code wait()}).
     * If the flag is true on entry, return immediately, without suspending. Otherwise, suspend
     * until another task calls set(). Returns true (as asyncio's wait(), it can only ever be true).
     * Cancelling the task while it waits raises CancelledError and leaves the event unchanged.
     */
    public boolean await() {
        checkThread();
        if (value) {
            return true;
        }
        awaitInLine(waiters, new Future<>(loop()), null);
        return true;
    }

    /** As asyncio's repr: {@code <Event [unset, waiters:2]>}. */
    @Override
    public String toString() {
        String extra = value ? "set" : "unset";
        if (!waiters.isEmpty()) {
            extra += ", waiters:" + waiters.size();
        }
        return "<Event [" + extra + "]>";
    }
}
