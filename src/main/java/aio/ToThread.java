package aio;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Aio#toThread} and {@link Aio#runInExecutor}: blocking work on another thread, its outcome
 * delivered to a loop future with {@code callSoonThreadsafe} (asyncio's {@code to_thread} and
 * {@code run_in_executor}).
 *
 * <p>The default "executor" is a new virtual thread per call, where asyncio uses a
 * ThreadPoolExecutor of min(32, cpus + 4) threads. Virtual threads are cheap to start, need no
 * pool size, and have no lifecycle to tie to the loop (asyncio.run must shut its default
 * executor down; here nothing is left to stop). Blocking I/O unmounts them. CPU-heavy work shares
 * the virtual-thread carriers (one per core); pass your own executor to
 * {@link Aio#runInExecutor} for that.
 *
 * <p>While the work runs, the loop counts an external wait, so the virtual clock does not jump
 * past it: for the loop, the thread's work takes no virtual time.
 */
final class ToThread {
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Executor VIRTUAL = r -> Thread.ofVirtual()
            .name("aio-to-thread-" + COUNTER.incrementAndGet())
            .start(r);

    private ToThread() {
    }

    /**
     * Starts {@code fn} on {@code executor} (a new virtual thread if null) and returns a future
     * of its outcome, on {@code loop}. Must be called on the loop's thread. Cancelling the
     * future does not stop the work; its outcome is then dropped. With a {@code context}, the work
     * runs in it (asyncio's to_thread runs it in a copy of the caller's: {@code ctx.run(func)}).
     */
    static <T> Future<T> start(EventLoop loop, Executor executor, BlockingCall<T> fn, Context context) {
        Future<T> future = new Future<>(loop);
        loop.externalWaitBegan();
        Runnable work = () -> {
            T value = null;
            Throwable error = null;
            try {
                value = context == null ? fn.call() : context.run((Coro<T>) fn::call);
            } catch (Throwable e) {
                error = e;
            }
            T v = value;
            Throwable err = error;
            deliver(loop, () -> {
                loop.externalWaitEnded();
                complete(future, v, err);
            });
        };
        try {
            (executor != null ? executor : VIRTUAL).execute(work);
        } catch (RuntimeException | Error e) {
            loop.externalWaitEnded(); // nothing will call back
            throw e;
        }
        return future;
    }

    private static <T> void complete(Future<T> future, T value, Throwable error) {
        if (future.cancelled()) {
            return; // the awaiting task gave up: drop the outcome, as asyncio does
        }
        if (error != null) {
            // A CancelledError the work raised too: the future finishes with it, not cancelled
            // (futures.py _copy_future_state: dest.set_exception(_convert_future_exc(exception))).
            future.setException(error);
        } else {
            future.setResult(value);
        }
    }

    /**
     * Hands {@code callback} to the loop from another thread; false when the loop is closed
     * (nobody is left to receive it).
     */
    static boolean deliver(EventLoop loop, Runnable callback) {
        try {
            loop.callSoonThreadsafe(callback);
            return true;
        } catch (IllegalStateException closed) {
            return false;
        }
    }
}
