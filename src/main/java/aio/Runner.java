package aio;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An event loop's life, from creation to close, around several coroutines run one after the
 * other: asyncio's {@code Runner} (3.11). {@link Aio#run(Coro)} is a runner that runs one
 * coroutine:
 *
 * <pre>{@code
 * try (var runner = new Runner()) {
 *     runner.run(() -> setUp());      // each run() runs a coroutine on the same loop
 *     runner.run(() -> work());       // tasks the first left pending may still run here
 * }                                   // close(): cancels what is left, closes the loop
 * }</pre>
 *
 * <p>The loop is made the first time it is needed (by {@link #run}, or {@link #getLoop()}),
 * by the loop factory if one was given, else as {@link Aio#newEventLoop()}. {@link #close()}
 * cancels the tasks still pending, lets them finish, reports those that failed meanwhile to
 * the loop's exception handler, and closes the loop; the runner cannot be used again after it.
 *
 * <p>Differences from asyncio: {@code with Runner() as runner:} is try-with-resources, and
 * the loop is made lazily rather than on entering the block. {@code run(coro)} takes a
 * {@link Coro} or {@link VoidCoro}, so a future or a number, which asyncio refuses with
 * ValueError "a coroutine was expected", does not compile. There are no asynchronous
 * generators to finalize, and no default executor to shut down ({@link Aio#toThread} starts a virtual thread per call). asyncio's Runner.run makes
 * Ctrl-C (SIGINT) cancel the main task and then raise KeyboardInterrupt: that is Python only,
 * here Ctrl-C ends the JVM as it always does (see {@link EventLoop#addSignalHandler} to
 * handle a signal on the loop).
 */
public final class Runner implements AutoCloseable {
    /** asyncio's {@code runners._State}. */
    private enum State { CREATED, INITIALIZED, CLOSED }

    private final Boolean debug;
    private final Supplier<? extends EventLoop> loopFactory;
    private State state = State.CREATED;
    private EventLoop loop;
    private Context context;

    /** A runner whose loop is {@link Aio#newEventLoop()}'s, in the mode that loop has (not debug). */
    public Runner() {
        this(null, null);
    }

    /** A runner whose loop is set up by {@code options}: debug mode, the virtual clock, see {@link Options}. */
    public Runner(Options options) {
        this(null, loopFactoryFor(options));
    }

    /**
     * asyncio's {@code Runner(debug=, loop_factory=)}: {@code loopFactory} makes the loop (null:
     * {@link Aio#newEventLoop()}); {@code debug}, unless null, then sets its debug mode.
     */
    public Runner(Boolean debug, Supplier<? extends EventLoop> loopFactory) {
        this.debug = debug;
        this.loopFactory = loopFactory;
    }

    private static Supplier<EventLoop> loopFactoryFor(Options options) {
        Objects.requireNonNull(options, "options");
        return () -> new EventLoop(options);
    }

    /**
     * Runs {@code coro} as a task of the runner's loop until it is done, and returns its result
     * or throws its exception (asyncio's {@code Runner.run}). The task runs in the runner's
     * context, a copy of the context current when the loop was made, so what one run() sets
     * in a {@link ContextVar} the next one sees. Tasks it leaves pending stay on
     * the loop: they run during the next run(), and close() cancels them. Raises
     * IllegalStateException "Runner.run() cannot be called from a running event loop" inside a
     * loop, and "Runner is closed" after {@link #close()}.
     */
    public <T> T run(Coro<T> coro) {
        return run(coro, null);
    }

    /** {@link #run(Coro)} in {@code context} (asyncio's {@code run(coro, context=)}); null: the runner's own. */
    public <T> T run(Coro<T> coro, Context context) {
        Objects.requireNonNull(coro, "a coroutine was expected, got null");
        if (EventLoop.running() != null) {
            // fail fast, before the loop is made
            throw new IllegalStateException("Runner.run() cannot be called from a running event loop");
        }
        lazyInit();
        Task<T> task = loop.createTask(coro, null, context == null ? this.context : context);
        return loop.runUntilComplete(task);
    }

    /** {@link #run(Coro)} for a coroutine with no result. */
    public void run(VoidCoro coro) {
        run(coro, null);
    }

    /** {@link #run(Coro, Context)} for a coroutine with no result. */
    public void run(VoidCoro coro, Context context) {
        Objects.requireNonNull(coro, "a coroutine was expected, got null");
        run(coro.asCoro(), context);
    }

    /**
     * The runner's event loop, made now if it was not yet (asyncio's {@code get_loop()}).
     * Raises IllegalStateException "Runner is closed" after {@link #close()}.
     */
    public EventLoop getLoop() {
        lazyInit();
        return loop;
    }

    /**
     * Shuts down and closes the loop (asyncio's {@code close()}): cancels the tasks still
     * pending and runs the loop until they have finished, reports each that ended with an
     * exception other than CancelledError ("unhandled exception during run() shutdown"), then
     * closes the loop. Does nothing if no loop was made yet, or if the runner is closed already.
     */
    @Override
    public void close() {
        if (state != State.INITIALIZED) {
            return;
        }
        try {
            cancelAllTasks(loop);
        } finally {
            loop.close();
            loop = null;
            state = State.CLOSED;
        }
    }

    private void lazyInit() {
        if (state == State.CLOSED) {
            throw new IllegalStateException("Runner is closed");
        }
        if (state == State.INITIALIZED) {
            return;
        }
        EventLoop made = loopFactory == null ? new EventLoop(Options.defaults()) : loopFactory.get();
        loop = Objects.requireNonNull(made, "the loop factory returned null");
        if (debug != null) {
            loop.setDebug(debug);
        }
        context = Context.copyContext();
        state = State.INITIALIZED;
    }

    /** asyncio.runners._cancel_all_tasks: cancel what is left, let it finish, report failures. */
    private static void cancelAllTasks(EventLoop loop) {
        Set<Task<?>> toCancel = loop.tasksInOrder();
        if (toCancel.isEmpty()) {
            return;
        }
        for (Task<?> t : toCancel) {
            t.cancel();
        }
        loop.runUntilComplete(Gather.gather(loop, List.copyOf(toCancel), true));
        for (Task<?> t : toCancel) {
            if (!t.cancelled() && t.exception() != null) {
                loop.callExceptionHandler(new ErrorContext("unhandled exception during run() shutdown",
                        t.exception(), t, null));
            }
        }
    }
}
