package aio;

import java.util.ArrayDeque;

/**
 * A semaphore: asyncio's {@code Semaphore}. It manages an internal counter which is decremented
 * by each {@link #acquire()} call and incremented by each {@link #release()} call. The counter
 * can never go below zero; when acquire() finds that it is zero, it suspends the task until some
 * other task calls release(). Typical use: at most N tasks at a time in a block.
 *
 * <pre>{@code
 * var limit = new Semaphore(3);
 * try (var held = limit.hold()) {   // at most 3 tasks in here at once
 *     fetch(url);
 * }
 * }</pre>
 *
 * <p>Waiters are served in FIFO order: a task that finds the counter above zero still waits
 * if others were waiting before it. A waiter cancelled after it was woken gives its unit back
 * and wakes the next one. See {@link BoundedSemaphore} for a semaphore that refuses to be
 * released more times than it was acquired.
 */
public class Semaphore extends LoopBound {
    /** Futures of the tasks waiting in acquire(), oldest first; null until the first waits. Package-private for tests. */
    ArrayDeque<Future<Boolean>> waiters;
    /** The counter. Package-private for tests and for BoundedSemaphore. */
    int value;

    /** A semaphore with counter 1. */
    public Semaphore() {
        this(1);
    }

    /**
     * A semaphore whose counter starts at {@code value}. Raises IllegalArgumentException
     * (Python: ValueError) if {@code value} is less than 0.
     */
    public Semaphore(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("Semaphore initial value must be >= 0");
        }
        this.value = value;
    }

    /**
     * Returns true if the semaphore cannot be acquired immediately: the counter is zero, or
     * tasks are waiting (FIFO: they go first).
     */
    public boolean locked() {
        if (value == 0) {
            return true;
        }
        if (waiters != null) {
            for (Future<Boolean> w : waiters) {
                if (!w.cancelled()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Acquire the semaphore. If the internal counter is larger than zero on entry (and nobody
     * is waiting), decrement it by one and return immediately, without suspending. Otherwise
     * suspend the task until some other task has called release() to make it larger than 0,
     * and it is this task's turn, then return true (as asyncio's acquire(), it can only ever
     * be true).
     *
     * <p>If the task is cancelled while it waits, CancelledError (or what an enclosing
     * {@code timeout()} turns it into) is raised and the counter is left as if it had never
     * called acquire().
     */
    public boolean acquire() {
        checkThread();
        if (!locked()) {
            // Maintain FIFO: wait for others to start even if value > 0.
            value--;
            return true;
        }
        if (waiters == null) {
            waiters = new ArrayDeque<>();
        }
        Future<Boolean> fut = new Future<>(loop());
        try {
            awaitInLine(waiters, fut, () -> {
                if (fut.done() && !fut.cancelled()) {
                    // Cancelled, but our future was set by wakeUpNext(), which took a unit for
                    // us, and we are not going to acquire: give the unit back (and wake someone
                    // else below).
                    value++;
                }
            });
        } finally {
            // New waiters may have arrived but had to wait due to FIFO: wake up as many as are allowed.
            while (value > 0) {
                if (!wakeUpNext()) {
                    break; // there was no one to wake up
                }
            }
        }
        return true;
    }

    /**
     * Release the semaphore, incrementing the internal counter by one. When it was zero on
     * entry and another task is waiting for it to become larger than zero again, wake up that
     * task. Any task may release, not only one that acquired.
     */
    public void release() {
        checkThread();
        value++;
        wakeUpNext();
    }

    /**
     * Acquires the semaphore (see {@link #acquire()}: may suspend, may raise CancelledError)
     * and returns a {@link Held} whose close() releases it:
     * {@code try (var held = sem.hold()) { ... }}.
     */
    public final Held hold() {
        acquire();
        return new Held(this::release);
    }

    /** Wakes up the first waiter that is not done, taking a unit for it; false if there was none. */
    private boolean wakeUpNext() {
        if (waiters == null || waiters.isEmpty()) {
            return false;
        }
        for (Future<Boolean> fut : waiters) {
            if (!fut.done()) {
                value--;
                fut.setResult(true);
                return true; // fut is now done and not cancelled
            }
        }
        return false;
    }

    /** As asyncio's repr: {@code <Semaphore [unlocked, value:1]>}, {@code <Semaphore [locked, waiters:2]>}. */
    @Override
    public String toString() {
        String extra = locked() ? "locked" : "unlocked, value:" + value;
        if (waiters != null && !waiters.isEmpty()) {
            extra += ", waiters:" + waiters.size();
        }
        return "<" + getClass().getSimpleName() + " [" + extra + "]>";
    }
}
