package aio;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * asyncio for Java. {@code import static aio.Aio.*;} gives the whole API:
 *
 * <pre>{@code
 * run(() -> {
 *     var a = createTask(() -> { sleep(1); return "a"; });
 *     var b = createTask(() -> { sleep(1); return "b"; });
 *     System.out.println(await(gather(a, b)));   // [a, b] after 1 second, not 2
 * });
 * }</pre>
 *
 * <p>A coroutine is a lambda ({@link Coro} or {@link VoidCoro}); nothing runs until it is
 * awaited or wrapped in a task. One event loop thread runs every task; a task runs until it
 * awaits something that is not ready, and only then does another task run. Calls that wait
 * ({@code sleep}, {@code await}, {@code Aio.wait}, {@code waitFor}) suspend the calling task,
 * so they must be called inside one; calls that return a {@link Future} ({@code gather},
 * {@code shield}, {@code createTask}) return at once. All exceptions are unchecked.
 */
public final class Aio {
    private Aio() {
    }

    // ---- running the loop ----

    /**
     * Creates an event loop, runs {@code main} as its first task until it finishes, then
     * cancels the tasks still pending, waits for them, and closes the loop. Returns main's result
     * or throws its exception. Cannot be called from inside a running loop. It is a
     * {@link Runner} that runs one coroutine: use one to run several on the same loop.
     */
    public static <T> T run(Coro<T> main) {
        return run(main, Options.defaults());
    }

    /** {@link #run(Coro)} for a coroutine with no result. */
    public static void run(VoidCoro main) {
        run(main.asCoro(), Options.defaults());
    }

    /** {@link #run(Coro, Options)} for a coroutine with no result. */
    public static void run(VoidCoro main, Options options) {
        run(main.asCoro(), options);
    }

    /** {@link #run(Coro)} with options: debug mode, the virtual clock. */
    public static <T> T run(Coro<T> main, Options options) {
        checkNoRunningLoop();
        try (Runner runner = new Runner(options)) {
            return runner.run(main);
        }
    }

    /**
     * {@link #run(Coro)} on a loop made by {@code loopFactory} (asyncio's
     * {@code run(main, loop_factory=)}), e.g. {@code run(main, () -> newEventLoop(options))}.
     */
    public static <T> T run(Coro<T> main, Supplier<? extends EventLoop> loopFactory) {
        checkNoRunningLoop();
        try (Runner runner = new Runner(null, Objects.requireNonNull(loopFactory, "loopFactory"))) {
            return runner.run(main);
        }
    }

    /** {@link #run(Coro, Supplier)} for a coroutine with no result. */
    public static void run(VoidCoro main, Supplier<? extends EventLoop> loopFactory) {
        run(main.asCoro(), loopFactory);
    }

    /** asyncio.run fails fast, with its own message, before it makes a Runner. */
    private static void checkNoRunningLoop() {
        if (EventLoop.running() != null) {
            throw new IllegalStateException("run() cannot be called from a running event loop");
        }
    }

    /** A new event loop, not running, for the low-level style: {@code loop.runUntilComplete(...)}, then {@code loop.close()}. */
    public static EventLoop newEventLoop() {
        return new EventLoop(Options.defaults());
    }

    public static EventLoop newEventLoop(Options options) {
        return new EventLoop(options);
    }

    /** The loop running on this thread; throws IllegalStateException if there is none. */
    public static EventLoop getRunningLoop() {
        EventLoop loop = EventLoop.running();
        if (loop == null) {
            throw new IllegalStateException("no running event loop");
        }
        return loop;
    }

    /** The running loop's time in seconds (see {@link EventLoop#time()}). */
    public static double time() {
        return getRunningLoop().time();
    }

    // ---- tasks ----

    /** Wraps the coroutine in a task scheduled to start on the running loop; returns at once. */
    public static <T> Task<T> createTask(Coro<T> coro) {
        return getRunningLoop().createTask(coro, null);
    }

    public static <T> Task<T> createTask(Coro<T> coro, String name) {
        return getRunningLoop().createTask(coro, name);
    }

    public static Task<Void> createTask(VoidCoro coro) {
        return getRunningLoop().createVoidTask(coro, null, null);
    }

    public static Task<Void> createTask(VoidCoro coro, String name) {
        return getRunningLoop().createVoidTask(coro, name, null);
    }

    /**
     * {@link #createTask(Coro, String)} in {@code context} (asyncio 3.11's {@code context=}):
     * the task's steps read and set variables there, not in a copy of the current context.
     * {@code name} and {@code context} may be null.
     */
    public static <T> Task<T> createTask(Coro<T> coro, String name, Context context) {
        return getRunningLoop().createTask(coro, name, context);
    }

    /** {@link #createTask(Coro, String, Context)} for a coroutine with no result. */
    public static Task<Void> createTask(VoidCoro coro, String name, Context context) {
        return getRunningLoop().createTask(coro.asCoro(), name, context);
    }

    /** A copy of the current context (Python's {@code contextvars.copy_context()}); see {@link Context}. */
    public static Context copyContext() {
        return Context.copyContext();
    }

    /**
     * asyncio's {@code eager_task_factory}: set it with {@code loop.setTaskFactory(eagerTaskFactory())}
     * and tasks created while the loop runs start at once (see {@link EagerTaskFactory}). The same
     * object every time. A method, where asyncio has a module attribute.
     */
    public static TaskFactory eagerTaskFactory() {
        return EagerTaskFactory.DEFAULT;
    }

    /**
     * asyncio's {@code create_eager_task_factory(custom_task_constructor)}: a factory that makes
     * each task with {@code constructor}, {@code eagerStart} true.
     */
    public static TaskFactory createEagerTaskFactory(TaskConstructor constructor) {
        return new EagerTaskFactory(constructor);
    }

    /**
     * The task running now on the running loop, or null in a plain callback. Raises
     * IllegalStateException "no running event loop" outside a loop, as asyncio's
     * {@code current_task()} raises RuntimeError.
     */
    public static Task<?> currentTask() {
        return getRunningLoop().currentTask();
    }

    /** The task {@code loop} is running now, or null (asyncio's {@code current_task(loop)}). */
    public static Task<?> currentTask(EventLoop loop) {
        return loop.currentTask();
    }

    /** The running loop's tasks that are not done, in creation order. */
    public static Set<Task<?>> allTasks() {
        return getRunningLoop().tasksInOrder();
    }

    /**
     * A future for the awaitable: itself if it is one, whatever its loop (asyncio's
     * {@code ensure_future(fut)} without {@code loop=} checks nothing, and needs no running
     * loop), else a new task of the running loop running the coroutine.
     */
    public static <T> Future<T> ensureFuture(Awaitable<T> aw) {
        if (aw instanceof Future<T> f) {
            return f;
        }
        return ensureFuture(getRunningLoop(), aw);
    }

    @SuppressWarnings("unchecked")
    static <T> Future<T> ensureFuture(EventLoop loop, Awaitable<T> aw) {
        if (aw instanceof Future<T> f) {
            if (f.loop != loop) {
                throw new IllegalArgumentException("The future belongs to a different loop than the one specified");
            }
            return f;
        }
        if (aw instanceof Coro<T> c) {
            return loop.createTask(c, null);
        }
        if (aw instanceof VoidCoro v) {
            return (Future<T>) loop.createTask(v.asCoro(), null);
        }
        throw new IllegalArgumentException("An asyncio.Future, a coroutine or an awaitable is required: " + aw);
    }

    // ---- awaiting ----

    /**
     * Suspends the current task until {@code f} is done and returns its result, or throws its
     * exception ({@link CancelledError} if it was cancelled). Returns at once, without letting
     * other tasks run, if {@code f} is already done. If the current task is cancelled while it
     * waits, {@code f} is cancelled too.
     */
    public static <T> T await(Future<T> f) {
        if (!f.done()) {
            Task<?> task = requireTask("await");
            if (f.loop != task.loop) {
                // asyncio's __step: nothing on this loop would ever wake the task
                throw new IllegalStateException("Task " + task + " got Future " + f + " attached to a different loop");
            }
            task.suspendUntil(f);
        }
        return f.result();
    }

    /** Runs the coroutine to completion inside the current task (Python's {@code await coro()}). */
    public static <T> T await(Coro<T> coro) {
        try {
            return coro.call();
        } catch (Exception e) {
            throw sneaky(e);
        }
    }

    public static void await(VoidCoro coro) {
        try {
            coro.run();
        } catch (Exception e) {
            throw sneaky(e);
        }
    }

    /** Awaits a future or runs a coroutine, whichever {@code aw} is. */
    @SuppressWarnings("unchecked")
    public static <T> T await(Awaitable<T> aw) {
        if (aw instanceof Future<T> f) {
            return await(f);
        }
        if (aw instanceof Coro<T> c) {
            return await(c);
        }
        if (aw instanceof VoidCoro v) {
            await(v);
            return null;
        }
        throw new IllegalArgumentException("not awaitable: " + aw);
    }

    /**
     * Suspends the current task for {@code seconds} of loop time. {@code sleep(0)} lets every
     * other ready task run once and then continues. Cancelling the task interrupts the sleep.
     */
    public static void sleep(double seconds) {
        sleep(seconds, null);
    }

    /** {@link #sleep(double)}, then returns {@code result}. */
    public static <T> T sleep(double seconds, T result) {
        Task<?> task = requireTask("sleep");
        if (seconds <= 0) {
            task.yieldOnce();
            return result;
        }
        EventLoop loop = task.loop;
        long deadline = loop.clockNanos() + EventLoop.toNanos(seconds);
        SleepFuture<T> future = new SleepFuture<>(loop, seconds, deadline);
        // asyncio: loop.call_later(delay, futures._set_result_unless_cancelled, future, result)
        TimerHandle h = loop.timerAt(loop.time() + seconds, deadline, new SleepFuture.Wake<>(future, result, task));
        try {
            return await(future);
        } finally {
            h.cancel();
        }
    }

    public static void sleep(Duration d) {
        sleep(d.toNanos() / 1e9, null);
    }

    public static <T> T sleep(Duration d, T result) {
        return sleep(d.toNanos() / 1e9, result);
    }

    // ---- running many at once ----

    /**
     * Runs the awaitables concurrently (coroutines become tasks) and returns a future of their
     * results, in the order given. If one fails, the future fails with that exception at once
     * and the others keep running. Cancelling the returned future cancels all of them.
     */
    @SafeVarargs
    public static <T> Future<List<T>> gather(Awaitable<? extends T>... aws) {
        return gather(Arrays.asList(aws));
    }

    @SafeVarargs
    public static <T> Future<List<T>> gather(Coro<? extends T>... coros) {
        return gather(Arrays.asList(coros));
    }

    public static Future<List<Void>> gather(VoidCoro... coros) {
        return gather(Arrays.asList(coros));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> Future<List<T>> gather(List<? extends Awaitable<? extends T>> aws) {
        return (Future) Gather.gather(getRunningLoop(), aws, false);
    }

    /**
     * {@link #gather(List)} with {@code returnExceptions}: when true, a failed or cancelled
     * awaitable puts its exception (a {@link CancelledError} if cancelled) in the result list in
     * its place, instead of failing the whole gather.
     */
    public static Future<List<Object>> gather(List<? extends Awaitable<?>> aws, boolean returnExceptions) {
        return Gather.gather(getRunningLoop(), aws, returnExceptions);
    }

    /**
     * Waits until all the awaitables are done, and returns the done and pending ones. Never
     * cancels anything. Coroutines are wrapped in tasks (so use tasks if you need to look them
     * up in the result). The name is Aio.wait because Object.wait hides a static import of it.
     */
    public static <T> Done<T> wait(Collection<? extends Awaitable<? extends T>> aws) {
        return Wait.wait(aws, null, ReturnWhen.ALL_COMPLETED);
    }

    /** {@link #wait(Collection)} that returns when {@code when} says. */
    public static <T> Done<T> wait(Collection<? extends Awaitable<? extends T>> aws, ReturnWhen when) {
        return Wait.wait(aws, null, when);
    }

    /** {@link #wait(Collection, ReturnWhen)} that also returns after {@code timeoutSeconds}; a timeout raises nothing and cancels nothing. */
    public static <T> Done<T> wait(Collection<? extends Awaitable<? extends T>> aws, double timeoutSeconds, ReturnWhen when) {
        return Wait.wait(aws, timeoutSeconds, when);
    }

    /**
     * Awaits {@code aw} for at most {@code timeoutSeconds}. On time-out, cancels it, waits until
     * it has finished cancelling, and throws {@link TimeoutError}. A coroutine runs inside the
     * current task (as in asyncio 3.12), a future is awaited. If the current task is cancelled,
     * {@code aw} is cancelled too.
     */
    public static <T> T waitFor(Awaitable<T> aw, double timeoutSeconds) {
        Task<?> task = requireTask("waitFor");
        if (timeoutSeconds <= 0) {
            Future<T> fut = ensureFuture(task.loop, aw);
            if (fut.done()) {
                return fut.result();
            }
            cancelAndWait(fut);
            try {
                return fut.result();
            } catch (CancelledError e) {
                throw new TimeoutError("waitFor timed out", e);
            }
        }
        Timeout t = new Timeout(task, task.loop.time() + timeoutSeconds, Timeout.Form.FUNCTION);
        T result;
        try {
            result = await(aw);
        } catch (Throwable e) {
            if (t.leave() && e instanceof CancelledError) {
                throw new TimeoutError("waitFor timed out after " + timeoutSeconds + " s", e);
            }
            throw sneaky(e);
        }
        t.leave();
        return result;
    }

    public static <T> T waitFor(Coro<T> coro, double timeoutSeconds) {
        return waitFor((Awaitable<T>) coro, timeoutSeconds);
    }

    public static void waitFor(VoidCoro coro, double timeoutSeconds) {
        waitFor((Awaitable<Void>) coro, timeoutSeconds);
    }

    private static void cancelAndWait(Future<?> fut) {
        Future<Object> waiter = fut.loop.createFuture();
        java.util.function.Consumer<Future<?>> cb = f -> Wait.releaseWaiter(waiter);
        fut.addDoneCallback(cb);
        try {
            fut.cancel();
            await(waiter);
        } finally {
            fut.removeDoneCallback(cb);
        }
    }

    /**
     * Protects {@code aw} from cancellation: returns a future that follows it, and cancelling
     * that future (or the task awaiting it) does not cancel {@code aw}, which keeps running.
     */
    public static <T> Future<T> shield(Awaitable<T> aw) {
        return Shield.shield(getRunningLoop(), aw);
    }

    public static <T> Future<T> shield(Coro<T> coro) {
        return Shield.shield(getRunningLoop(), coro);
    }

    public static Future<Void> shield(VoidCoro coro) {
        return Shield.shield(getRunningLoop(), coro);
    }

    /**
     * The awaitables in the order they complete: each step of the loop
     * ({@code for (var f : asCompleted(tasks))}) suspends until the next is done and yields it
     * (the original future; a task for a coroutine). Cancels nothing.
     */
    public static <T> Iterable<Future<T>> asCompleted(Collection<? extends Awaitable<? extends T>> aws) {
        return new AsCompleted<>(getRunningLoop(), aws, null);
    }

    /** {@link #asCompleted(Collection)} whose iteration throws {@link TimeoutError} once {@code timeoutSeconds} have passed. */
    public static <T> Iterable<Future<T>> asCompleted(Collection<? extends Awaitable<? extends T>> aws, double timeoutSeconds) {
        return new AsCompleted<>(getRunningLoop(), aws, timeoutSeconds);
    }

    // ---- structured concurrency: task groups and timeouts ----

    /**
     * asyncio's {@code async with TaskGroup() as tg:}: runs {@code body} in the current task
     * with a new {@link TaskGroup}, then waits for every task started in it. If a task fails,
     * the others and the block are cancelled, and an {@link ExceptionGroup} of every failure is
     * raised. This lambda form sees how the block ends, so it matches asyncio exactly (an
     * exception of the block cancels the tasks and joins the group; a CancelledError from
     * outside cancels them and propagates, unless tasks failed); prefer it to
     * {@code try (var tg = new TaskGroup())}, which cannot see the block's exception (see
     * {@link TaskGroup}). Must be called inside a task, else IllegalStateException.
     */
    public static void taskGroup(ScopeBody<TaskGroup> body) {
        TaskGroup.run(tg -> {
            body.run(tg);
            return null;
        });
    }

    /**
     * {@link #taskGroup(ScopeBody)} for a block that returns a value, returned once every task
     * has ended: {@code var ts = taskGroup(tg -> List.of(tg.createTask(a), tg.createTask(b)));}
     */
    public static <T> T taskGroup(ScopeFunction<TaskGroup, T> body) {
        return TaskGroup.run(body);
    }

    /**
     * asyncio's {@code async with timeout(seconds):} in its lambda form, the one that matches
     * asyncio: runs {@code body} in the current task and returns its result; if it is not done
     * within {@code seconds}, the task is cancelled where it waits (inside the block that is a
     * {@link CancelledError}, as in asyncio) and {@link TimeoutError} comes out of the block.
     * Prefer it to {@code try (var t = timeout(seconds))}, which raises the TimeoutError at the
     * interrupted await itself (see {@link Timeout}). Zero or less expires at the first await.
     */
    public static <T> T timeout(double seconds, Coro<T> body) {
        Task<?> task = requireTask("timeout");
        return Timeout.run(task, task.loop.time() + seconds, t -> body.call());
    }

    /** {@link #timeout(double, Coro)} for a block without a result. */
    public static void timeout(double seconds, VoidCoro body) {
        Task<?> task = requireTask("timeout");
        Timeout.run(task, task.loop.time() + seconds, t -> {
            body.run();
            return null;
        });
    }

    /**
     * {@link #timeout(double, Coro)} for a block that needs its {@link Timeout}, to ask whether
     * it {@link Timeout#expired() expired} or to {@link Timeout#reschedule move the deadline}:
     * {@code timeout(10, t -> { ...; t.reschedule(t.when() + 5); ... })}.
     */
    public static void timeout(double seconds, ScopeBody<Timeout> body) {
        Task<?> task = requireTask("timeout");
        Timeout.run(task, task.loop.time() + seconds, t -> {
            body.run(t);
            return null;
        });
    }

    /**
     * {@link #timeout(double, Coro)} where {@code seconds} may be null: no deadline (asyncio's
     * {@code timeout(None)}), until {@link Timeout#reschedule} sets one.
     */
    public static <T> T timeout(Double seconds, Coro<T> body) {
        Task<?> task = requireTask("timeout");
        return Timeout.run(task, deadline(task, seconds), t -> body.call());
    }

    /** {@link #timeout(Double, Coro)} for a block without a result. */
    public static void timeout(Double seconds, VoidCoro body) {
        Task<?> task = requireTask("timeout");
        Timeout.run(task, deadline(task, seconds), t -> {
            body.run();
            return null;
        });
    }

    /** {@link #timeout(Double, Coro)} for a block that needs its {@link Timeout}. */
    public static void timeout(Double seconds, ScopeBody<Timeout> body) {
        Task<?> task = requireTask("timeout");
        Timeout.run(task, deadline(task, seconds), t -> {
            body.run(t);
            return null;
        });
    }

    private static Double deadline(Task<?> task, Double seconds) {
        return seconds == null ? null : task.loop.time() + seconds;
    }

    /**
     * {@link #timeout(double, Coro)} with the deadline at loop time {@code whenSeconds} (see
     * {@link #time()}), asyncio's {@code timeout_at}; null: no deadline (one can be set later
     * with {@link Timeout#reschedule}).
     */
    public static <T> T timeoutAt(Double whenSeconds, Coro<T> body) {
        return Timeout.run(requireTask("timeoutAt"), whenSeconds, t -> body.call());
    }

    /** {@link #timeoutAt(Double, Coro)} for a block without a result. */
    public static void timeoutAt(Double whenSeconds, VoidCoro body) {
        Timeout.run(requireTask("timeoutAt"), whenSeconds, t -> {
            body.run();
            return null;
        });
    }

    /** {@link #timeoutAt(Double, Coro)} for a block that needs its {@link Timeout}. */
    public static void timeoutAt(Double whenSeconds, ScopeBody<Timeout> body) {
        Timeout.run(requireTask("timeoutAt"), whenSeconds, t -> {
            body.run(t);
            return null;
        });
    }

    /**
     * A deadline {@code seconds} from now for a try-with-resources block,
     * {@code try (var t = timeout(2)) { ... }}. It differs from asyncio where the lambda form
     * {@link #timeout(double, Coro)} does not: close() cannot replace the exception leaving the
     * block, so the await that the deadline interrupts raises TimeoutError itself, not
     * CancelledError; a {@code catch (TimeoutError)} around an inner timeout block then also
     * catches an outer timeout's expiry. See {@link Timeout}.
     */
    public static Timeout timeout(double seconds) {
        Task<?> task = requireTask("timeout");
        return new Timeout(task, task.loop.time() + seconds, Timeout.Form.RESOURCE);
    }

    /** {@link #timeout(double)} where {@code seconds} may be null: no deadline (asyncio's {@code timeout(None)}). */
    public static Timeout timeout(Double seconds) {
        Task<?> task = requireTask("timeout");
        return new Timeout(task, deadline(task, seconds), Timeout.Form.RESOURCE);
    }

    /**
     * A deadline at loop time {@code whenSeconds} (see {@link #time()}) for a try-with-resources
     * block; null: none yet, set it later with reschedule. The same difference from asyncio as
     * {@link #timeout(double)}; the lambda form is {@link #timeoutAt(Double, Coro)}.
     */
    public static Timeout timeoutAt(Double whenSeconds) {
        return new Timeout(requireTask("timeoutAt"), whenSeconds, Timeout.Form.RESOURCE);
    }

    // ---- helpers for the package ----

    private static Task<?> requireTask(String what) {
        EventLoop loop = EventLoop.running();
        Task<?> task = loop == null ? null : loop.currentTask();
        if (task == null) {
            throw new IllegalStateException(what + "() must be called inside a task "
                    + (loop == null ? "(no event loop is running on this thread; start one with run(...))"
                                    : "(this is a callback, not a task)"));
        }
        return task;
    }

    /** Throws any exception unchanged, checked or not: asyncio re-raises what the coroutine raised. */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }

    /** A value as asyncio's repr shows it: strings quoted, exceptions as Type('message'). */
    static String repr(Object v) {
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        if (v instanceof Throwable t) {
            return t.getClass().getSimpleName() + "(" + (t.getMessage() == null ? "" : "'" + t.getMessage() + "'") + ")";
        }
        // A task whose result contains the task itself (a snippet returning allTasks()) would
        // recurse for ever: like Python's reprlib.recursive_repr, show "..." the second time.
        java.util.Set<Object> busy = IN_REPR.get();
        if (!busy.add(v)) {
            return "...";
        }
        try {
            return String.valueOf(v);
        } finally {
            busy.remove(v);
        }
    }

    private static final ThreadLocal<java.util.Set<Object>> IN_REPR =
            ThreadLocal.withInitial(() -> java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));

    // ---- threads and subprocesses (ToThread, SubprocessLauncher, Subprocess) ----

    /**
     * Runs blocking {@code fn} on another thread (a new virtual thread) and suspends the
     * current task until it finishes; returns its result or rethrows its exception unchanged
     * (asyncio's {@code to_thread}). Other tasks keep running meanwhile. Cancelling the task
     * cancels the wait, not the work: the thread runs on and its outcome is dropped. With the
     * virtual clock, loop time stands still until the thread is done. {@code fn} runs in a copy of
     * the current context (see {@link Context}), as in asyncio; runInExecutor's does not.
     */
    public static <T> T toThread(BlockingCall<T> fn) {
        Task<?> task = requireTask("toThread");
        return await(ToThread.start(task.loop, null, fn, Context.copyContext()));
    }

    /** {@link #toThread(BlockingCall)} for work with no result. */
    public static void toThread(BlockingRun fn) {
        Task<?> task = requireTask("toThread");
        await(ToThread.start(task.loop, null, fn.asCall(), Context.copyContext()));
    }

    /**
     * Starts blocking {@code fn} on {@code executor} (a new virtual thread if null) and returns
     * a future of its outcome at once, like asyncio's {@code loop.run_in_executor}: await it, or
     * gather several. Cancelling the future drops the outcome; the work runs on. Raises the
     * executor's RejectedExecutionException if it refuses the work.
     */
    public static <T> Future<T> runInExecutor(java.util.concurrent.Executor executor, BlockingCall<T> fn) {
        return ToThread.start(getRunningLoop(), executor, fn, null);
    }

    /**
     * A Java {@link java.util.concurrent.CompletionStage} (a {@code CompletableFuture}, as
     * {@code HttpClient.sendAsync} returns) as a future of the running loop, so a task can await
     * it without blocking the loop: asyncio's {@code wrap_future}. Its value, its exception (a
     * {@code CompletionException} unwrapped to its cause) or its cancellation reach the loop future
     * on the loop's thread; cancelling the loop future cancels the {@code CompletableFuture}.
     * Raises IllegalStateException("no running event loop") outside a loop.
     */
    public static <T> Future<T> wrapFuture(java.util.concurrent.CompletionStage<T> stage) {
        return WrappedFuture.wrap(getRunningLoop(), stage);
    }

    /**
     * Starts {@code program} with {@code args} (no shell), every stream inherited as in asyncio,
     * and returns the running {@link Subprocess}. Raises UncheckedIOException naming the program
     * if it cannot be started (asyncio's FileNotFoundError). Must be called on a running loop.
     * It does not suspend: the process is started at once, on the loop's thread (about a
     * millisecond), so unlike asyncio's there is no creation in progress for a cancellation to
     * interrupt.
     */
    public static Subprocess createSubprocessExec(String... cmd) {
        return createSubprocessExec(SubprocessOptions.defaults(), cmd);
    }

    /** {@link #createSubprocessExec(String...)} with pipes, working directory, environment: see {@link SubprocessOptions}. */
    public static Subprocess createSubprocessExec(SubprocessOptions options, String... cmd) {
        return SubprocessLauncher.exec(getRunningLoop(), List.of(cmd), options);
    }

    /** Runs {@code cmd} through the shell ({@code /bin/sh -c cmd}); otherwise as {@link #createSubprocessExec(String...)}. */
    public static Subprocess createSubprocessShell(String cmd) {
        return createSubprocessShell(cmd, SubprocessOptions.defaults());
    }

    /** {@link #createSubprocessShell(String)} with options: see {@link SubprocessOptions}. */
    public static Subprocess createSubprocessShell(String cmd, SubprocessOptions options) {
        return SubprocessLauncher.exec(getRunningLoop(), SubprocessLauncher.shellArgs(cmd), options);
    }

    // ---- streams: TCP connections and servers (asyncio.streams) ----

    /**
     * Opens a TCP connection to {@code host}:{@code port} and returns its reader and writer
     * (asyncio's {@code open_connection}). Suspends the task while the name is resolved and the
     * connection is made; tries each address of the host in turn. Raises
     * {@link ConnectionRefusedError} when nothing listens there, another
     * {@link ConnectionError} or UncheckedIOException for other failures (an unknown host, an
     * unreachable network). Cancelling the task abandons the attempt and closes the socket.
     */
    public static Connection openConnection(String host, int port) {
        return Streams.openConnection(host, port, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * Starts a TCP server on {@code host}:{@code port} (asyncio's {@code start_server}): binds
     * with SO_REUSEADDR and a backlog of 100, and accepts connections on the loop from now on.
     * Each client's {@code handler} runs as its own task with the connection's reader and
     * writer; when it returns or fails, the connection is closed. {@code host} null or "" means
     * every interface; port 0 picks a free port (see {@link Server#sockets()}). Call inside a
     * task (resolving a host name suspends it). Raises UncheckedIOException, caused by a
     * {@code java.net.BindException}, when the address cannot be bound, e.g. "error while
     * attempting to bind on address ('127.0.0.1', 9996): address already in use".
     */
    public static Server startServer(ClientHandler handler, String host, int port) {
        return Streams.startServer(handler, host, port, StreamReader.DEFAULT_LIMIT);
    }

    // ---- streams: Unix domain sockets (asyncio.streams, Unix) ----

    /**
     * Opens a connection to the Unix domain socket at {@code path} and returns its reader and
     * writer (asyncio's {@code open_unix_connection}): the same {@link Connection} as
     * {@link #openConnection}'s, on a socket file instead of a host and port. Raises
     * UncheckedIOException (asyncio's FileNotFoundError) when there is no such file,
     * {@link ConnectionRefusedError} when nothing listens on it, another
     * {@link ConnectionError} for other failures. Cancelling the task abandons the attempt and
     * closes the socket.
     */
    public static Connection openUnixConnection(Path path) {
        return Streams.openUnixConnection(path, StreamReader.DEFAULT_LIMIT);
    }

    /** {@link #openUnixConnection(Path)} for a path given as a string. */
    public static Connection openUnixConnection(String path) {
        return openUnixConnection(path == null ? null : Path.of(path));
    }

    /**
     * Starts a server on the Unix domain socket at {@code path} (asyncio's
     * {@code start_unix_server}): each client's {@code handler} runs as its own task with the
     * connection's reader and writer, as with {@link #startServer}. A socket file already at
     * {@code path} (a server that is gone left it) is removed first; any other file there makes
     * it raise UncheckedIOException "Address '...' is already in use". Closing the server
     * removes the socket file, unless another file has replaced it (asyncio 3.13's
     * {@code cleanup_socket}). Paths in Linux's abstract namespace ("\0name") are not supported
     * (java.nio has none).
     */
    public static Server startUnixServer(ClientHandler handler, Path path) {
        return startUnixServer(handler, path, true);
    }

    /** {@link #startUnixServer(ClientHandler, Path)} for a path given as a string. */
    public static Server startUnixServer(ClientHandler handler, String path) {
        return startUnixServer(handler, path == null ? null : Path.of(path), true);
    }

    /**
     * {@link #startUnixServer(ClientHandler, Path)}; with {@code cleanupSocket} false, closing
     * the server leaves the socket file (asyncio's {@code cleanup_socket=False}).
     */
    public static Server startUnixServer(ClientHandler handler, Path path, boolean cleanupSocket) {
        return Streams.startUnixServer(handler, path, cleanupSocket, StreamReader.DEFAULT_LIMIT);
    }
}
