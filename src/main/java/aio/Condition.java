package aio;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A condition variable: asyncio's {@code Condition} (the asynchronous equivalent to
 * {@code threading.Condition}). It lets one or more tasks wait until they are notified by
 * another task. It has a {@link Lock}: a new one, or one given to share with other conditions.
 *
 * <pre>{@code
 * try (var held = cond.hold()) {
 *     cond.waitFor(() -> !items.isEmpty());   // releases the lock while it waits
 *     take(items);
 * }
 * ...
 * try (var held = cond.hold()) {
 *     items.add(x);
 *     cond.signal();
 * }
 * }</pre>
 *
 * <p>Names: Java's {@code Object.wait()}, {@code notify()} and {@code notifyAll()} are final
 * (and calling them would throw IllegalMonitorStateException), so this class uses the names of
 * {@code java.util.concurrent.locks.Condition}, which exist for the same reason:
 * <ul>
 *   <li>asyncio {@code wait()} is {@link #await()},
 *   <li>{@code wait_for(predicate)} is {@link #waitFor(BooleanSupplier)},
 *   <li>{@code notify(n=1)} is {@link #signal()} and {@link #signal(int)},
 *   <li>{@code notify_all()} is {@link #signalAll()},
 *   <li>{@code acquire()}, {@code release()}, {@code locked()} keep their names, and
 *       {@code async with cond:} is {@code try (var held = cond.hold())}.
 * </ul>
 *
 * <p>Waiters are notified in FIFO order. A waiter cancelled after it was notified passes the
 * notification on to the next waiter (asyncio 3.13), so a cancellation never loses a wake-up.
 */
public final class Condition extends LoopBound {
    /** The underlying lock. Package-private for tests. */
    final Lock lock;
    /** Futures of the tasks suspended in await(), oldest first. Package-private for tests. */
    final ArrayDeque<Future<Boolean>> waiters = new ArrayDeque<>();

    /** A condition with a new Lock of its own. */
    public Condition() {
        this(new Lock());
    }

    /** A condition on {@code lock}, which other conditions (or plain lock users) may share. */
    public Condition(Lock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /** Return true if the underlying lock is acquired. */
    public boolean locked() {
        return lock.locked();
    }

    /** Acquire the underlying lock: see {@link Lock#acquire()}. Returns true. */
    public boolean acquire() {
        checkThread();
        return lock.acquire();
    }

    /** Release the underlying lock: see {@link Lock#release()}. */
    public void release() {
        checkThread();
        lock.release();
    }

    /**
     * Acquires the underlying lock (suspends; may raise CancelledError) and returns a
     * {@link Held} whose close() releases it: {@code try (var held = cond.hold()) { ... }}.
     */
    public Held hold() {
        checkThread();
        lock.acquire();
        return new Held(lock::release);
    }

    /**
     * Wait until notified (asyncio's {@code wait()}). This releases the underlying lock, and
     * then suspends the task until it is woken up by a {@link #signal} or {@link #signalAll()}
     * call for the same condition in another task. Once woken up, it re-acquires the lock and
     * returns. It returns with the lock held in every case, also when it raises.
     *
     * <p>This method may return spuriously, which is why the caller should always re-check the
     * state and be prepared to wait again (or use {@link #waitFor}).
     *
     * <p>Raises IllegalStateException (Python: RuntimeError) if the calling task has not
     * acquired the lock. If the task is cancelled, it still re-acquires the lock before
     * CancelledError (or what a {@code timeout()} block made of it) comes out; a notification
     * it had received then goes to another waiter.
     */
    public boolean await() {
        checkThread();
        lock.checkThread();
        if (!locked()) {
            throw new IllegalStateException("cannot wait on un-acquired lock");
        }
        Future<Boolean> fut = new Future<>(loop());
        release();
        try {
            try {
                awaitInLine(waiters, fut, null);
                return true;
            } finally {
                // Must re-acquire the lock even if the wait is cancelled. Only cancellations are
                // caught here: another (fatal) error must not make us spin.
                Throwable err = null;
                while (true) {
                    try {
                        acquire();
                        break;
                    } catch (Throwable e) {
                        err = Cancellation.orRethrow(e);
                    }
                }
                if (err != null) {
                    throw Aio.sneaky(err); // the most recent one
                }
            }
        } catch (Throwable e) {
            // Any error raised out of here may have occurred after this task was notified:
            // notify another task instead. That may be a spurious wake-up, which the condition
            // variable protocol allows.
            wakeUp(1);
            throw e;
        }
    }

    /**
     * Wait until a predicate becomes true (asyncio's {@code wait_for}). Calls {@link #await()}
     * until {@code predicate} returns true; returns at once, without suspending (and without
     * needing the lock), if it is true on entry. The predicate runs with the lock held, except
     * for that first call. Raises what await() raises. Returns the predicate's last value, so
     * true (asyncio returns the predicate's value, which may be any true object; here the
     * predicate is a boolean).
     */
    public boolean waitFor(BooleanSupplier predicate) {
        boolean result = predicate.getAsBoolean();
        while (!result) {
            await();
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /**
     * Wake up one task waiting on this condition, if any (asyncio's {@code notify()}).
     * See {@link #signal(int)}.
     */
    public void signal() {
        signal(1);
    }

    /**
     * Wake up {@code n} of the tasks waiting on this condition, the oldest first; if fewer than
     * {@code n} are waiting, they are all woken up (asyncio's {@code notify(n)}).
     *
     * <p>A woken task does not actually return from its await() call until it can re-acquire the
     * lock. Since signal() does not release the lock, its caller should.
     *
     * <p>Raises IllegalStateException (Python: RuntimeError) if the calling task has not
     * acquired the lock.
     */
    public void signal(int n) {
        checkThread();
        if (!locked()) {
            throw new IllegalStateException("cannot notify on un-acquired lock");
        }
        wakeUp(n);
    }

    /**
     * Wake up all tasks waiting on this condition (asyncio's {@code notify_all()}). Acts like
     * {@link #signal(int)} for every waiter. Raises IllegalStateException if the calling task
     * has not acquired the lock.
     */
    public void signalAll() {
        signal(waiters.size());
    }

    /** asyncio's {@code _notify}: wake up to n waiters that are not done yet. */
    private void wakeUp(int n) {
        int idx = 0;
        for (Future<Boolean> fut : waiters) {
            if (idx >= n) {
                break;
            }
            if (!fut.done()) {
                idx++;
                fut.setResult(false);
            }
        }
    }

    /** As asyncio's repr: {@code <Condition [locked, waiters:1]>}. */
    @Override
    public String toString() {
        String extra = locked() ? "locked" : "unlocked";
        if (!waiters.isEmpty()) {
            extra += ", waiters:" + waiters.size();
        }
        return "<Condition [" + extra + "]>";
    }
}
