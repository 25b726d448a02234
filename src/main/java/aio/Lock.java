package aio;

import java.util.ArrayDeque;

/**
 * Primitive lock objects: asyncio's {@code Lock}.
 *
 * <p>A primitive lock is a synchronization primitive that is not owned by a particular task
 * when locked. A primitive lock is in one of two states, locked or unlocked. It is created in
 * the unlocked state. It has two basic methods, {@link #acquire()} and {@link #release()}.
 * When the state is unlocked, acquire() changes the state to locked and returns immediately.
 * When the state is locked, acquire() suspends the task until a call to release() in another
 * task changes it to unlocked, then the acquire() call resets it to locked and returns. The
 * release() method should only be called in the locked state; it changes the state to unlocked
 * and returns immediately. If an attempt is made to release an unlocked lock, an
 * IllegalStateException (Python: RuntimeError) is raised.
 *
 * <p>When more than one task is suspended in acquire() waiting for the state to turn to
 * unlocked, only one task proceeds when a release() call resets the state to unlocked;
 * successive release() calls unblock tasks in FIFO order. A task cancelled while it waits
 * never takes the lock, and never keeps the next waiter from taking it.
 *
 * <p>Usage, with try-with-resources (Python's {@code async with lock:}):
 *
 * <pre>{@code
 * var lock = new Lock();
 * try (var held = lock.hold()) {
 *     ...
 * }
 * }</pre>
 *
 * or by hand: {@code lock.acquire(); try { ... } finally { lock.release(); }}.
 *
 * <p>This lock is for tasks of one event loop: it does not block threads (that is
 * {@code java.util.concurrent.locks.ReentrantLock}'s job), and it is not reentrant.
 */
public final class Lock extends LoopBound {
    /** Futures of the tasks waiting in acquire(), oldest first; null until the first waits. Package-private for tests. */
    ArrayDeque<Future<Boolean>> waiters;
    private boolean locked;

    /** A new lock, unlocked, not yet bound to a loop. */
    public Lock() {
    }

    /** Return true if the lock is acquired. */
    public boolean locked() {
        return locked;
    }

    /**
     * Acquire the lock. Suspends the current task until the lock is unlocked, then sets it to
     * locked and returns true, as asyncio's acquire() returns True (it can only ever be true:
     * callers may ignore it). Returns at once, without suspending, if the lock is unlocked and
     * no task is waiting for it.
     *
     * <p>If the task is cancelled while it waits, CancelledError (or what an enclosing
     * {@code timeout()} turns it into) is raised and the lock is not acquired; if the lock was
     * being handed to this task, it goes to the next waiter instead.
     */
    public boolean acquire() {
        checkThread();
        // Fair scheduling: a task always waits its turn. Jumping the queue if every waiter is
        // cancelled is an optimization.
        if (!locked && (waiters == null || allCancelled())) {
            locked = true;
            return true;
        }
        if (waiters == null) {
            waiters = new ArrayDeque<>();
        }
        awaitInLine(waiters, new Future<>(loop()), () -> {
            // Cancelled: keep the invariant. If the lock is not claimed (or about to be claimed
            // by us) and there is a task in waiters, make sure the task at the head will run.
            if (!locked) {
                wakeUpFirst();
            }
        });
        locked = true;
        return true;
    }

    /**
     * Release the lock. When the lock is locked, reset it to unlocked, and return. If any other
     * tasks are waiting for the lock to become unlocked, allow exactly one of them (the oldest)
     * to proceed. Any task may release the lock, not only the one that acquired it.
     *
     * <p>Raises IllegalStateException "Lock is not acquired." when invoked on an unlocked lock.
     */
    public void release() {
        checkThread();
        if (!locked) {
            throw new IllegalStateException("Lock is not acquired.");
        }
        locked = false;
        wakeUpFirst();
    }

    /**
     * Acquires the lock (see {@link #acquire()}: suspends, may raise CancelledError) and returns
     * a {@link Held} whose close() releases it: {@code try (var held = lock.hold()) { ... }}.
     */
    public Held hold() {
        acquire();
        return new Held(this::release);
    }

    /** Ensures that the first waiter will wake up; a done one is already set to wake up. */
    private void wakeUpFirst() {
        if (waiters == null || waiters.isEmpty()) {
            return;
        }
        Future<Boolean> fut = waiters.peekFirst();
        if (!fut.done()) {
            fut.setResult(true);
        }
    }

    private boolean allCancelled() {
        for (Future<Boolean> w : waiters) {
            if (!w.cancelled()) {
                return false;
            }
        }
        return true;
    }

    /** As asyncio's repr: {@code <Lock [locked, waiters:1]>}. */
    @Override
    public String toString() {
        String extra = locked ? "locked" : "unlocked";
        if (waiters != null && !waiters.isEmpty()) {
            extra += ", waiters:" + waiters.size();
        }
        return "<Lock [" + extra + "]>";
    }
}
