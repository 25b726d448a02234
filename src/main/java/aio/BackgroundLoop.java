package aio;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * An event loop running forever on its own platform thread ("aio-loop"), for code that is not
 * itself on a loop (the console, a test, a plain Java program): other threads hand it
 * coroutines and get {@link CompletableFuture}s back, as asyncio's
 * {@code run_coroutine_threadsafe} does.
 *
 * <pre>{@code
 * try (var bg = new BackgroundLoop()) {
 *     CompletableFuture<String> f = bg.submit(() -> { sleep(1); return "done"; });
 *     System.out.println(f.join());
 * }   // cancels what is still running, stops the loop, joins its thread
 * }</pre>
 *
 * <p>The loop runs on the real clock: the virtual clock jumps when nothing outside the loop can
 * wake it, but a background loop is always waiting for other threads. The thread is a daemon,
 * so a forgotten loop does not keep the JVM alive; still, close it.
 */
public final class BackgroundLoop implements AutoCloseable {
    /** How long {@link #close()} lets cancelled tasks finish before it stops the loop anyway. */
    static final double SHUTDOWN_SECONDS = 5.0;
    /** How long {@link #close()} waits for the thread after that (a callback may be blocking it). */
    private static final long JOIN_MILLIS = 5_000;

    private final EventLoop loop;
    private final Thread thread;
    /** Virtual clock held still between {@link #submitAndSettle} submissions. */
    private final boolean held;
    /** The futures handed out and not completed yet: failed if the loop ends without them. */
    private final Set<CompletableFuture<?>> outstanding = ConcurrentHashMap.newKeySet();
    /** Guards {@code closed} against submissions racing with close(). */
    private final Object submitLock = new Object();
    private boolean closed;

    /** Starts a loop with the default options (real clock, no debug). */
    public BackgroundLoop() {
        this(Options.defaults(), null);
    }

    /** Starts a loop with these options; the virtual clock is refused (see the class comment). */
    public BackgroundLoop(Options options) {
        this(options, null);
    }

    /**
     * Starts a loop with these options, logging its warnings and error reports to
     * {@code logger} (standard error if null). Raises IllegalArgumentException for the
     * virtual clock.
     */
    public BackgroundLoop(Options options, Consumer<String> logger) {
        this(options, logger, false);
    }

    private BackgroundLoop(Options options, Consumer<String> logger, boolean held) {
        if (options.virtualClock() && !held) {
            throw new IllegalArgumentException("a BackgroundLoop runs on the real clock: it waits for other "
                    + "threads, so the virtual clock could never jump (see BackgroundLoop.virtual)");
        }
        this.held = held;
        loop = new EventLoop(options);
        if (logger != null) {
            loop.setLogger(logger);
        }
        thread = new Thread(this::runLoop, "aio-loop");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A loop on the virtual clock whose time stands still except while work submitted with
     * {@link #submitAndSettle} runs: between submissions nothing outside could wake it, so a
     * clock free to jump would race through every timer. For deterministic playback: the same
     * submissions give the same times and the same order of events.
     */
    public static BackgroundLoop virtual(Options options, Consumer<String> logger) {
        return new BackgroundLoop(options.virtualClock(true), logger, true);
    }

    private void runLoop() {
        try {
            if (held) {
                loop.externalWaitBegan(); // the hold: released while settle-submitted work runs
            }
            loop.runForever();
        } finally {
            try {
                loop.close(); // cancels leftover tasks and reports unretrieved errors
            } finally {
                for (CompletableFuture<?> f : List.copyOf(outstanding)) {
                    f.completeExceptionally(new CancellationException("the BackgroundLoop was closed"));
                }
                outstanding.clear();
            }
        }
    }

    /** The loop: use it only through thread-safe methods ({@code callSoonThreadsafe}) from other threads. */
    public EventLoop loop() {
        return loop;
    }

    /** The loop's thread. */
    public Thread thread() {
        return thread;
    }

    /**
     * Runs {@code coro} as a task on the loop and returns a future of its outcome: its result,
     * its exception unchanged (wrapped by {@code get()} in ExecutionException), or cancelled if
     * the task was. Cancelling the future cancels the task (which may catch it and go on; the
     * future stays cancelled). Any thread may call this. Raises
     * {@link RejectedExecutionException} once the loop is closed.
     */
    public <T> CompletableFuture<T> submit(Coro<T> coro) {
        return submit(coro, null);
    }

    /** {@link #submit(Coro)} for a coroutine with no result. */
    public CompletableFuture<Void> submit(VoidCoro coro) {
        return submit(coro.asCoro(), null);
    }

    /** {@link #submit(VoidCoro)} with a task name (null: "Task-N"). */
    public CompletableFuture<Void> submit(VoidCoro coro, String name) {
        return submit(coro.asCoro(), name);
    }

    /** {@link #submit(Coro)} with a task name (null: "Task-N"). */
    public <T> CompletableFuture<T> submit(Coro<T> coro, String name) {
        return submit(coro, name, false);
    }

    /**
     * Like {@link #submit(Coro, String)}, but the future completes only once the task is done
     * <em>and</em> the loop has nothing left ready to run, so everything the task set in
     * motion that could run at once has run (and printed) by then. On a {@link #virtual} loop
     * the clock moves only while such a task runs. Output then comes in a deterministic order:
     * for playback. (A background task that never stops being ready would delay it forever:
     * not for interactive use.)
     */
    public <T> CompletableFuture<T> submitAndSettle(Coro<T> coro, String name) {
        return submit(coro, name, true);
    }

    private <T> CompletableFuture<T> submit(Coro<T> coro, String name, boolean settle) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Task<?>[] task = new Task<?>[1]; // set and read on the loop thread only
        schedule(result, () -> {
            if (result.isDone()) {
                return; // cancelled before it started
            }
            if (settle && held) {
                loop.externalWaitEnded(); // let time move while the task runs
            }
            Task<T> t;
            try {
                t = loop.createTask(coro, name);
            } catch (Throwable e) {
                // run_coroutine_threadsafe: the future gets the error, and the loop's exception
                // handler hears of it too, as a failed callback
                result.completeExceptionally(e);
                throw e;
            }
            task[0] = t;
            if (!settle) {
                t.addDoneCallback(f -> copyOutcome(f, result));
                return;
            }
            t.addDoneCallback(f -> {
                if (held) {
                    loop.externalWaitBegan();
                }
                whenSettled(() -> copyOutcome(f, result));
            });
        });
        // Registered after schedule(): a cancellation is queued after the task's creation.
        result.whenComplete((v, e) -> {
            outstanding.remove(result);
            if (result.isCancelled()) {
                ToThread.deliver(loop, () -> {
                    if (task[0] != null) {
                        task[0].cancel();
                    }
                });
            }
        });
        return result;
    }

    /** Runs {@code then} on the loop once nothing else is ready to run. */
    private void whenSettled(Runnable then) {
        loop.soon((Runnable) () -> {
            if (loop.hasReadyWork()) {
                whenSettled(then);
            } else {
                then.run();
            }
        });
    }

    private static <T> void copyOutcome(Future<T> f, CompletableFuture<T> result) {
        if (f.cancelled()) {
            CancellationException ce = new CancellationException("the task was cancelled");
            try {
                f.result();
            } catch (CancelledError e) {
                ce.initCause(e);
            }
            result.completeExceptionally(ce);
            return;
        }
        Throwable e = f.exception();
        if (e != null) {
            result.completeExceptionally(e);
        } else {
            result.complete(f.rawResult());
        }
    }

    /**
     * Runs {@code callback} on the loop thread and waits until it has run; rethrows its
     * exception unchanged. Runs it at once when called on the loop thread itself. Raises
     * {@link RejectedExecutionException} once the loop is closed; an interrupt while waiting
     * raises InterruptedException (unchecked here) and leaves the callback scheduled.
     */
    public void call(Runnable callback) {
        call(() -> {
            callback.run();
            return null;
        });
    }

    /** {@link #call(Runnable)} for a callback with a result, which it returns. */
    public <T> T call(Callable<T> callback) {
        if (Thread.currentThread() == thread) {
            try {
                return callback.call();
            } catch (Exception e) {
                throw Aio.sneaky(e);
            }
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        schedule(result, () -> {
            try {
                result.complete(callback.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw Aio.sneaky(e.getCause());
        } catch (InterruptedException e) {
            throw Aio.sneaky(e);
        }
    }

    /** Queues {@code onLoop} for the loop thread, tracking {@code result}; refuses once closed. */
    private void schedule(CompletableFuture<?> result, Runnable onLoop) {
        synchronized (submitLock) {
            if (closed) {
                throw new RejectedExecutionException("the BackgroundLoop is closed");
            }
            outstanding.add(result);
            if (!ToThread.deliver(loop, onLoop)) {
                outstanding.remove(result); // the loop thread died (an Error escaped the loop)
                throw new RejectedExecutionException("the BackgroundLoop's event loop is closed");
            }
        }
    }

    /** True once {@link #close()} has been called. */
    public boolean isClosed() {
        synchronized (submitLock) {
            return closed;
        }
    }

    /**
     * Shuts the loop down: refuses new submissions, cancels the tasks still running and gives
     * them up to 5 seconds to finish, stops the loop, closes it, and joins its thread. Futures
     * of tasks that did not finish are completed as cancelled. Idempotent. Must not be called
     * from the loop thread (it would wait for itself): raises IllegalStateException there, and
     * also if the thread does not end because a callback blocks it.
     */
    @Override
    public void close() {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("a BackgroundLoop cannot be closed from its own thread");
        }
        boolean first;
        synchronized (submitLock) {
            first = !closed;
            closed = true;
            if (first) {
                // Queued after every submission already accepted, so those start (and get cancelled) first.
                ToThread.deliver(loop, this::shutDown); // false only if the loop thread already died
            }
        }
        try {
            thread.join(JOIN_MILLIS + (long) (SHUTDOWN_SECONDS * 1000));
        } catch (InterruptedException e) {
            throw Aio.sneaky(e);
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("the aio-loop thread did not stop: a callback or task is blocking it");
        }
    }

    /** On the loop: cancel every task, wait (bounded) for them to finish, then stop. */
    private void shutDown() {
        Set<Task<?>> tasks = loop.tasksInOrder();
        if (tasks.isEmpty()) {
            loop.stop();
            return;
        }
        for (Task<?> t : tasks) {
            t.cancel();
        }
        loop.createTask(() -> {
            try {
                Aio.wait(tasks, SHUTDOWN_SECONDS, ReturnWhen.ALL_COMPLETED);
            } finally {
                loop.stop();
            }
            return null;
        }, "BackgroundLoop-shutdown");
    }

    @Override
    public String toString() {
        return "<BackgroundLoop " + (isClosed() ? "closed" : "running") + " " + loop + ">";
    }
}
