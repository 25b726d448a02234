package aio;

import java.util.ArrayDeque;

/**
 * CPython's {@code mixins._LoopBoundMixin}: the base of the queues and the synchronisation
 * primitives. They are created without a loop (a field initializer, or before {@code run()}, is
 * fine) and bind to the running loop the first time they need one, which is when a task first
 * has to wait on them; the fast paths (an uncontended lock, a non-empty queue) never bind.
 * Waiting on one from a second loop then raises IllegalStateException.
 *
 * <p>Lock, Semaphore, Condition and Event wait through {@link #awaitInLine}. Where asyncio
 * writes {@code except CancelledError}, the subclasses ask {@link Cancellation#delivered}, which
 * says what that means in Java.
 */
abstract class LoopBound {
    private volatile EventLoop loop;

    /**
     * The running loop, after binding this object to it if it was not bound yet. Raises
     * IllegalStateException outside a running loop, or if the object is bound to another loop.
     */
    final EventLoop loop() {
        EventLoop running = EventLoop.running();
        if (running == null) {
            throw new IllegalStateException(this + " must be used inside a running event loop");
        }
        EventLoop bound = loop;
        if (bound == null) {
            synchronized (LoopBound.class) { // asyncio's _global_lock: two loops may race to bind
                if (loop == null) {
                    loop = running;
                }
                bound = loop;
            }
        }
        if (bound != running) {
            throw new IllegalStateException(this + " is bound to a different event loop");
        }
        return running;
    }

    /**
     * Raises IllegalStateException, changing nothing, when called from another thread than the
     * one running the loop this object is bound to. Every method that changes the object calls
     * it first: it would otherwise change its state, then fail when it wakes a waiter (a
     * future of that loop), and leave the object inconsistent. An object not bound yet has no
     * task waiting on it, so nothing of a loop to spoil.
     */
    final void checkThread() {
        EventLoop bound = loop;
        if (bound != null) {
            bound.checkThread();
        }
    }

    /**
     * Waits in line: appends {@code fut} to {@code waiters}, suspends the task until {@code fut}
     * is done, and takes it out of the line again however the wait ends.
     * If a cancellation is delivered meanwhile ({@link Cancellation#delivered}), runs
     * {@code onCancelled} (if not null) before the cancellation propagates. What asyncio's
     * Lock.acquire, Semaphore.acquire, Condition.wait and Event.wait share:
     * <pre>
     * self._waiters.append(fut)
     * try:
     *     try:
     *         await fut
     *     finally:
     *         self._waiters.remove(fut)
     * except exceptions.CancelledError:
     *     onCancelled
     *     raise
     * </pre>
     */
    static <T> void awaitInLine(ArrayDeque<Future<T>> waiters, Future<T> fut, Runnable onCancelled) {
        waiters.addLast(fut);
        try {
            try {
                Aio.await(fut);
            } finally {
                waiters.remove(fut);
            }
        } catch (Throwable e) {
            if (onCancelled != null && Cancellation.delivered(e)) {
                onCancelled.run();
            }
            throw e;
        }
    }
}
