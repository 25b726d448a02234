package aio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The event loop: one thread runs every callback and every task step, one at a time, in the
 * order they became ready. {@link #runOnce()} is CPython's {@code BaseEventLoop._run_once}:
 * wait for I/O or the next timer, move due timers to the ready queue, then run exactly the
 * callbacks that were ready at that moment (ones they schedule run on the next iteration).
 *
 * <p>Everything here runs on the loop's thread; the only entry points for other threads are
 * {@link #callSoonThreadsafe} and {@link #stop()}. A signal handler
 * ({@link #addSignalHandler(String, Runnable)}) comes in through callSoonThreadsafe.
 */
public final class EventLoop implements AutoCloseable {
    /** The loop running on each thread (asyncio's {@code _get_running_loop}). */
    private static final ThreadLocal<EventLoop> RUNNING = new ThreadLocal<>();

    // ---- the loop's state ----
    /** Ready queue: callbacks and task steps to run, FIFO. */
    private final ArrayDeque<Object> ready = new ArrayDeque<>(); // Runnables, Tasks and Futures (see Future.runFromQueue)
    /**
     * Timer heap: callbacks due at a loop time, earliest first. A heapq ordered by due time
     * alone, as asyncio's {@code _scheduled}: timers due at the same time come out in the order
     * heappop gives them, which for three or more is not the order they were set.
     */
    private final BinaryHeap<TimerHandle> scheduled = new BinaryHeap<>(TimerHandle::compareTo);
    /** Callbacks handed in by other threads; drained into the ready queue by the loop thread. */
    private final ConcurrentLinkedQueue<Handle> incoming = new ConcurrentLinkedQueue<>();
    /** I/O readiness (sockets, pipes), and the way other threads wake a waiting loop. */
    private final Selector selector;
    /** Task table: live tasks in creation order, as an intrusive list. */
    private Task<?> liveHead, liveTail;
    private int liveCount;
    /** The clock: real, or virtual (jumps to the next timer when the loop would wait). */
    private final Clock clock;

    private Task<?> currentTask;
    private volatile Thread thread;    // the thread running the loop, while it runs (other threads read it: checkThread)
    private volatile boolean stopping;
    private volatile boolean closed;
    /** asyncio's {@code _timer_cancelled_count}: cancels of timers still in the heap, kept as asyncio keeps it. */
    private int cancelledTimers;
    private int taskCounter;
    private TaskFactory taskFactory;
    /** The context slot of {@link #thread}, looked up once a run rather than at every step (a ThreadLocal). */
    private Context.Slot contextSlot;

    /** The calling thread's context slot: the loop's own when called on its thread. */
    Context.Slot contextSlot() {
        Context.Slot s = contextSlot;
        return s != null && thread == Thread.currentThread() ? s : Context.slot();
    }

    /** How the body of the task that just ran ended: its value, or what it threw (see Task.afterResume). */
    Object bodyValue;
    Throwable bodyThrown;
    /** Waits outside the loop (threads, processes) that will call back: the virtual clock must not jump past them. */
    private int externalWaits;
    private final NeverRetrieved unretrieved = new NeverRetrieved();
    /** Signal number to callback, see {@link SignalHandlers} (asyncio's {@code _signal_handlers}); the JVM's signal thread reads it. */
    final Map<Integer, Runnable> signalHandlers = new ConcurrentHashMap<>();

    /** Where task creations and steps are recorded, or null (Task checks it at each step). */
    Timeline timeline;

    private boolean debug;
    /** Report slow steps outside debug mode too (see {@link Options#warnSlowSteps}). */
    private boolean warnSlow;
    private long slowCallbackNanos;
    private BiConsumer<EventLoop, ErrorContext> exceptionHandler;
    private Consumer<String> logger = line -> System.err.println(line);

    EventLoop(Options options) {
        ContinuationSupport.checkAvailable();
        this.clock = options.virtualClock() ? Clock.virtual() : Clock.real();
        this.debug = options.debug();
        this.slowCallbackNanos = (long) (options.slowCallbackSeconds() * 1e9);
        this.timeline = options.timeline();
        this.warnSlow = options.warnSlowSteps();
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the event loop", e);
        }
    }

    /** The loop running on the calling thread, or null. */
    static EventLoop running() {
        return RUNNING.get();
    }

    // ---- scheduling callbacks ----

    /**
     * Runs {@code callback} on the next loop iteration, after those already ready, in a copy of
     * the current context (see {@link Context}). Raises IllegalStateException if the loop is
     * closed (asyncio's RuntimeError).
     */
    public Handle callSoon(Runnable callback) {
        return callSoon(callback, null);
    }

    /** {@link #callSoon(Runnable)} that runs {@code callback} in {@code context} (null: a copy of the current one). */
    public Handle callSoon(Runnable callback, Context context) {
        checkNotClosed();
        Handle h = new Handle(this, callback, context != null ? context : Context.copyContext());
        soon(h);
        return h;
    }

    /**
     * Runs {@code callback} after {@code delaySeconds} of loop time, in a copy of the current
     * context. Refused, as callSoon, by a closed loop.
     */
    public TimerHandle callLater(double delaySeconds, Runnable callback) {
        return callLater(delaySeconds, callback, null);
    }

    /** {@link #callLater(double, Runnable)} that runs {@code callback} in {@code context} (null: a copy of the current one). */
    public TimerHandle callLater(double delaySeconds, Runnable callback, Context context) {
        checkNotClosed();
        return timerAt(time() + delaySeconds, clockNanos() + toNanos(delaySeconds), callback, // asyncio: call_at(self.time() + delay)
                context != null ? context : Context.copyContext());
    }

    /**
     * Runs {@code callback} at loop time {@code whenSeconds} (see {@link #time()}), in a copy of
     * the current context. Refused, as callSoon, by a closed loop.
     */
    public TimerHandle callAt(double whenSeconds, Runnable callback) {
        return callAt(whenSeconds, callback, null);
    }

    /** {@link #callAt(double, Runnable)} that runs {@code callback} in {@code context} (null: a copy of the current one). */
    public TimerHandle callAt(double whenSeconds, Runnable callback, Context context) {
        checkNotClosed();
        return timerAt(whenSeconds, toNanos(whenSeconds), callback, context != null ? context : Context.copyContext());
    }

    /**
     * Schedules {@code callback} from any thread, and wakes the loop if it is waiting. The only
     * safe way for another thread to touch the loop (asyncio's {@code call_soon_threadsafe}).
     * The callback runs in a copy of the calling thread's current context.
     */
    public Handle callSoonThreadsafe(Runnable callback) {
        return callSoonThreadsafe(callback, null);
    }

    /** {@link #callSoonThreadsafe(Runnable)} that runs {@code callback} in {@code context} (null: a copy of the current one). */
    public Handle callSoonThreadsafe(Runnable callback, Context context) {
        if (closed) {
            throw new IllegalStateException("Event loop is closed");
        }
        Handle h = new Handle(this, callback, context != null ? context : Context.copyContext());
        incoming.add(h);
        selector.wakeup();
        return h;
    }

    /** The loop's time in seconds: monotonic, from an arbitrary origin (0 for the virtual clock). */
    public double time() {
        return clockNanos() / 1e9;
    }

    public Future<Object> createFuture() {
        return new Future<>(this);
    }

    public <T> Task<T> createTask(Coro<T> coro) {
        return createTask(coro, null, null);
    }

    /** Wraps the coroutine in a task and schedules its first step; {@code name} null gives "Task-N". */
    public <T> Task<T> createTask(Coro<T> coro, String name) {
        return createTask(coro, name, null);
    }

    /**
     * Wraps the coroutine in a task that runs in {@code context} (null: a copy of the current
     * context, see {@link Context}), through the task factory if one is set (see
     * {@link #setTaskFactory}); without one, schedules its first step. {@code name} null gives
     * "Task-N".
     */
    @SuppressWarnings("unchecked")
    public <T> Task<T> createTask(Coro<T> coro, String name, Context context) {
        checkNotClosed();
        checkThread(); // before the task registers itself: a refused task must leave no trace
        TaskFactory factory = taskFactory;
        if (factory == null) {
            return new Task<>(coro, this, name, context, false);
        }
        Task<?> task = factory.create(this, coro, name, context);
        if (task == null) {
            throw new IllegalStateException("the task factory returned null for " + coro);
        }
        if (name != null) {
            task.setName(name); // a factory that ignored the name (asyncio sets it after the factory returns)
        }
        return (Task<T>) task;
    }

    /**
     * {@link #createTask(Coro, String, Context)} for a coroutine that returns nothing: without a
     * task factory the task holds it as it is, with no adapter object (a million tasks, a
     * million objects fewer).
     */
    Task<Void> createVoidTask(VoidCoro coro, String name, Context context) {
        if (taskFactory != null) {
            return createTask(coro == null ? null : coro.asCoro(), name, context);
        }
        checkNotClosed();
        checkThread();
        return Task.ofVoid(coro, this, name, context);
    }

    /**
     * Makes {@link #createTask} call {@code factory} to make its tasks (asyncio's
     * {@code set_task_factory}); null restores the default, {@code new Task<>(coro, loop, name,
     * context, false)}. {@link Aio#eagerTaskFactory()} is one. Differences from asyncio: the
     * factory returns a {@link Task} (the class is final: a factory decides how a task is made
     * and started, not its class), and it receives the name too, so that an eager task's first
     * step sees it (as asyncio since 3.13.4, gh-128308; createTask still sets it afterwards).
     */
    public void setTaskFactory(TaskFactory factory) {
        taskFactory = factory;
    }

    /** The task factory {@link #createTask} uses, or null for the default (asyncio's {@code get_task_factory}). */
    public TaskFactory getTaskFactory() {
        return taskFactory;
    }

    /** The loop a new task goes on ({@code loop}, else the running one), checked as createTask checks it. */
    static EventLoop forNewTask(EventLoop loop) {
        EventLoop l = loop != null ? loop : Aio.getRunningLoop();
        l.checkNotClosed();
        l.checkThread(); // before the task registers itself: a refused task must leave no trace
        return l;
    }

    /** The number of the next unnamed task: "Task-N" counts per loop. */
    int nextTaskNumber() {
        return ++taskCounter;
    }

    // ---- running ----

    /** Runs the loop until {@link #stop()} is called. */
    public void runForever() {
        checkNotClosed();
        checkRunning();
        thread = Thread.currentThread();
        contextSlot = Context.slot();
        RUNNING.set(this);
        try {
            while (true) {
                runOnce();
                if (stopping) {
                    break;
                }
            }
        } finally {
            stopping = false;
            thread = null;
            RUNNING.remove();
        }
    }

    /** Runs the loop until the coroutine, wrapped in a task, is done: {@code loop.runUntilComplete(() -> 42)}. */
    public <T> T runUntilComplete(Coro<T> coro) {
        return runUntilComplete((Awaitable<T>) coro);
    }

    /** {@link #runUntilComplete(Awaitable)} for a coroutine with no result. */
    public void runUntilComplete(VoidCoro coro) {
        runUntilComplete((Awaitable<Void>) coro.asCoro());
    }

    /**
     * Runs the loop until {@code aw} is done and returns its result (or throws its exception).
     * A coroutine is wrapped in a task first.
     */
    public <T> T runUntilComplete(Awaitable<T> aw) {
        checkNotClosed();
        checkRunning(); // before a coroutine becomes a task: a refused one must not run
        Future<T> future = Aio.ensureFuture(this, aw);
        Consumer<Future<T>> stopper = f -> stop();
        future.addDoneCallback(stopper);
        try {
            runForever();
        } catch (Throwable e) {
            if (future != aw && future.done() && !future.cancelled()) {
                future.exception(); // the error is raised here; do not also report it as never retrieved
            }
            throw e;
        } finally {
            future.removeDoneCallback(stopper);
        }
        if (!future.done()) {
            throw new IllegalStateException("Event loop stopped before Future completed.");
        }
        return future.result();
    }

    /** Stops {@link #runForever()} after the callbacks that are ready now have run. Any thread may call it. */
    public void stop() {
        stopping = true;
        if (thread != null && Thread.currentThread() != thread) {
            selector.wakeup();
        }
    }

    public boolean isRunning() {
        return thread != null;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the loop. Tasks still pending are cancelled and given a chance to finish (a Java
     * continuation that is never resumed would never run its finally blocks; asyncio gets the
     * same effect from the garbage collector closing abandoned coroutines). Exceptions no task
     * retrieved are then reported, once each.
     */
    @Override
    public void close() {
        if (thread != null) {
            throw new IllegalStateException("Cannot close a running event loop");
        }
        if (closed) {
            return;
        }
        try {
            cancelLeftoverTasks();
            unretrieved.reportAll(this);
        } finally {
            closed = true;
            for (int signum : List.copyOf(signalHandlers.keySet())) { // asyncio's unix_events close()
                SignalHandlers.remove(this, signum);
            }
            ready.clear();
            scheduled.clear();
            incoming.clear();
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing useful to do: the loop is gone either way
            }
        }
    }

    private void cancelLeftoverTasks() {
        EventLoop outer = RUNNING.get();
        // Closed from a task of another loop (a console snippet closing a loop it made): running
        // this loop's tasks here would nest one loop inside another's task. They are reported
        // as destroyed while pending instead, and the outer loop keeps its place on the thread.
        for (int round = 0; round < 3 && liveCount > 0 && (outer == null || outer == this); round++) {
            for (Task<?> t : tasksInOrder()) {
                t.cancel();
            }
            thread = Thread.currentThread();
            contextSlot = Context.slot();
            RUNNING.set(this);
            try {
                // Let the cancellations be delivered, without waiting on timers or I/O.
                for (int i = 0; i < 1000 && !ready.isEmpty(); i++) {
                    runReady(null);
                }
            } finally {
                thread = null;
                RUNNING.remove();
            }
        }
        for (Task<?> t : tasksInOrder()) {
            callExceptionHandler(new ErrorContext("Task was destroyed but it is pending!", null, t, null, t.getSourceTraceback()));
        }
    }

    // ---- one iteration ----

    /** Virtual clock with sockets registered: how long (real time) to wait for I/O before jumping to the next timer. */
    private static final long VIRTUAL_IO_GRACE_NANOS = 10_000_000;

    /** One loop iteration: wait for I/O or a timer, collect what is due, run what was ready. */
    void runOnce() {
        unretrieved.reportCollected(this); // "never retrieved": failed futures the collector found unreachable
        dropCancelledTimers();
        long timeoutNanos; // -1: wait until woken
        if (!ready.isEmpty() || stopping || !incoming.isEmpty()) {
            timeoutNanos = 0;
        } else if (!scheduled.isEmpty()) {
            timeoutNanos = Math.max(0, scheduled.peek().whenNanos - clock.nanos());
        } else {
            timeoutNanos = -1;
        }
        boolean selected = false;
        if (timeoutNanos != 0 && clock.isVirtual() && externalWaits == 0 && selector.keys().isEmpty()
                && signalHandlers.isEmpty()) {
            // Nothing outside the loop can wake it: jump the virtual clock instead of waiting.
            if (scheduled.isEmpty()) {
                throw new IllegalStateException("deadlock: every task is waiting and nothing is scheduled "
                        + "(virtual clock, no I/O, no threads)");
            }
            clock.advanceTo(scheduled.peek().whenNanos);
            timeoutNanos = 0;
        } else if (timeoutNanos > 0 && clock.isVirtual() && externalWaits == 0) {
            // Sockets (or signal handlers) are registered: I/O may still come, but only the clock brings the next
            // timer. Give I/O a moment of real time; if none arrives, jump to the timer (else a
            // virtual-clock loop with an open socket would never fire a timer again).
            int before = ready.size();
            select(Math.min(timeoutNanos, VIRTUAL_IO_GRACE_NANOS));
            if (ready.size() == before && incoming.isEmpty()) {
                clock.advanceTo(scheduled.peek().whenNanos);
            }
            selected = true;
        }
        if (!selected) {
            select(timeoutNanos);
        }
        Handle r;
        while ((r = incoming.poll()) != null) {
            ready.add(r);
        }
        Timeline tl = timeline;
        // The clock only matters when a timer may be due (or a timeline records the moment):
        // reading it costs a tenth of a task switch, and most iterations have no timer.
        long now = scheduled.isEmpty() && tl == null ? 0 : clock.nanos();
        while (!scheduled.isEmpty() && scheduled.peek().whenNanos <= now) {
            TimerHandle h = scheduled.pop();
            h.scheduled = false; // asyncio does not lower _timer_cancelled_count here, even for a cancelled one
            if (!h.cancelled()) {
                ready.add(h); // asyncio appends a cancelled one too, and skips it when it comes up
            }
        }
        if (tl != null && !ready.isEmpty()) {
            LoopPicture.record(tl, now, ready, scheduled, selector);
        }
        runReady(tl);
    }

    /** Runs exactly the callbacks ready now; the ones they schedule wait for the next iteration. */
    /** How many times the loop has waited for I/O or timers: for tests that a loop does not spin. */
    long iterations() {
        return iterations;
    }

    private long iterations;

    private void runReady(Timeline tl) {
        for (int n = ready.size(); n > 0; n--) {
            Object r = ready.poll();
            if (tl != null && !(r instanceof Task<?> t && !t.done())) {
                LoopPicture.callbackRuns(tl, r);
            }
            if (!debug && !warnSlow) {
                runGuarded(r);
            } else {
                long t0 = System.nanoTime();
                lastStepped = null; // set by enterTask if r is a task step (the same task may step twice in a row)
                String call = r instanceof Future<?> f ? f.queuedCall() : null; // a future there for its done callback
                runGuarded(r);
                long dt = System.nanoTime() - t0;
                if (dt >= slowCallbackNanos) {
                    Object what = lastStepped != null ? lastStepped : call != null ? call : r;
                    log(String.format("Executing %s took %.3f seconds", what, dt / 1e9));
                }
            }
        }
    }

    private void runGuarded(Object r) {
        try {
            if (r instanceof Future<?> f) {
                f.runFromQueue(); // a task's step, or a future's done callback
            } else if (r instanceof Handle h) {
                h.run();
            } else {
                ((Runnable) r).run();
            }
        } catch (Throwable e) {
            callExceptionHandler(new ErrorContext("Exception in callback " + CodeRepr.callable(r), e, null, null));
        }
    }

    private void select(long timeoutNanos) {
        if (timeoutNanos != 0) {
            // An interrupt of the loop's thread means nothing to the loop (asyncio has no such
            // thing), but left set it makes every select() return at once: an idle loop would
            // spin a core. Code that interrupts the loop's thread (a task calling
            // Thread.currentThread().interrupt(), a console stopping a blocked snippet) meant
            // the code running then, which has had its chance to see it.
            Thread.interrupted();
        }
        iterations++;
        try {
            if (timeoutNanos == 0) {
                if (!selector.keys().isEmpty()) {
                    selector.selectNow(this::onReady);
                }
            } else if (timeoutNanos < 0) {
                selector.select(this::onReady);
            } else {
                // Round up: select(0) would mean "forever", and waking early only spins.
                selector.select(this::onReady, Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("selector failed", e);
        }
    }

    // ---- I/O readiness: the base for streams (asyncio's add_reader / add_writer) ----

    private static final class IoCallbacks {
        Runnable reader, writer;
    }

    private void onReady(SelectionKey key) {
        IoCallbacks cbs = (IoCallbacks) key.attachment();
        if (!key.isValid()) {
            return;
        }
        int ops = key.readyOps();
        if ((ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0 && cbs.reader != null) {
            ready.add(cbs.reader);
        }
        if ((ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0 && cbs.writer != null) {
            ready.add(cbs.writer);
        }
    }

    /**
     * Calls {@code callback} on the loop whenever {@code channel} (non-blocking) is readable, or
     * for a server channel, has a connection to accept; replaces an earlier reader.
     */
    public void addReader(SelectableChannel channel, Runnable callback) {
        setInterest(channel, callback, true);
    }

    /** Calls {@code callback} whenever {@code channel} is writable, or its connect completed. */
    public void addWriter(SelectableChannel channel, Runnable callback) {
        setInterest(channel, callback, false);
    }

    public boolean removeReader(SelectableChannel channel) {
        return setInterest(channel, null, true);
    }

    public boolean removeWriter(SelectableChannel channel) {
        return setInterest(channel, null, false);
    }

    // ---- signals (asyncio's add_signal_handler / remove_signal_handler, Unix) ----

    /**
     * Runs {@code callback} on the loop each time the process receives signal {@code signum}
     * (asyncio's {@code add_signal_handler}, Unix only): the JVM's signal thread hands it to
     * {@link #callSoonThreadsafe}. Replaces this loop's earlier callback for the signal. Raises
     * IllegalArgumentException (asyncio's ValueError) "invalid signal number N" for a number
     * that is no signal this JVM can name, IllegalStateException (asyncio's RuntimeError)
     * "sig N cannot be caught" for SIGKILL, SIGSTOP and the signals the JVM keeps for itself
     * (SIGQUIT, SIGSEGV, ...), and "Event loop is closed" on a closed loop. The signal's
     * previous handler is put back when the last loop's callback for it is removed, or its
     * loop closed.
     */
    public void addSignalHandler(int signum, Runnable callback) {
        SignalHandlers.add(this, signum, callback);
    }

    /**
     * {@link #addSignalHandler(int, Runnable)} for a signal by name: "SIGUSR2" or "USR2".
     * Raises IllegalArgumentException "invalid signal name 'X'" for a name this JVM does not know.
     */
    public void addSignalHandler(String signal, Runnable callback) {
        addSignalHandler(SignalHandlers.number(signal), callback);
    }

    /**
     * Removes this loop's callback for signal {@code signum} (asyncio's
     * {@code remove_signal_handler}): returns true if there was one, false if not. Raises
     * IllegalArgumentException for an invalid signal number, as add does.
     */
    public boolean removeSignalHandler(int signum) {
        return SignalHandlers.remove(this, signum);
    }

    /** {@link #removeSignalHandler(int)} for a signal by name: "SIGUSR2" or "USR2". */
    public boolean removeSignalHandler(String signal) {
        return removeSignalHandler(SignalHandlers.number(signal));
    }

    private boolean setInterest(SelectableChannel channel, Runnable callback, boolean reading) {
        checkThread();
        SelectionKey key = channel.keyFor(selector);
        if (key == null || !key.isValid()) {
            if (callback == null || !channel.isOpen()) {
                return false;
            }
            try {
                if (key != null) {
                    // Cancelled earlier in this iteration: the channel stays registered until the
                    // next select, and register() would throw CancelledKeyException. A selectNow
                    // deregisters it; readiness it drops is reported again (level-triggered).
                    selector.selectNow(k -> { });
                }
                key = channel.register(selector, 0, new IoCallbacks());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        IoCallbacks cbs = (IoCallbacks) key.attachment();
        boolean had = reading ? cbs.reader != null : cbs.writer != null;
        if (reading) {
            cbs.reader = callback;
        } else {
            cbs.writer = callback;
        }
        int valid = channel.validOps();
        int ops = 0;
        if (cbs.reader != null) {
            ops |= valid & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        }
        if (cbs.writer != null) {
            ops |= valid & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
        }
        if (ops == 0) {
            key.cancel(); // deregistered at the next select
        } else {
            key.interestOps(ops);
        }
        return had;
    }

    /** True when callbacks or task steps are queued to run (now, or handed in by other threads). */
    boolean hasReadyWork() {
        return !ready.isEmpty() || !incoming.isEmpty();
    }

    /** A wait outside the loop began (a thread, a process) that will call back: see the virtual clock. */
    void externalWaitBegan() {
        externalWaits++;
    }

    void externalWaitEnded() {
        externalWaits--;
    }

    // ---- errors and logging ----

    /**
     * Replaces the exception handler: called with every error nobody else could receive (a
     * failing callback, an exception never retrieved). Null restores the default, which logs it.
     */
    public void setExceptionHandler(BiConsumer<EventLoop, ErrorContext> handler) {
        this.exceptionHandler = handler;
    }

    /** The exception handler set by {@link #setExceptionHandler}, or null for the default (asyncio's {@code get_exception_handler}). */
    public BiConsumer<EventLoop, ErrorContext> getExceptionHandler() {
        return exceptionHandler;
    }

    /**
     * Hands {@code context} to the exception handler (or the default one). A handler set with
     * {@link #setExceptionHandler} runs in the context of the task or handle the report is about,
     * as in asyncio 3.12 (gh-96704), unless that context is entered already (asyncio would fail
     * there and fall back to the default handler; here the handler runs in the current one).
     */
    public void callExceptionHandler(ErrorContext context) {
        if (exceptionHandler != null) {
            try {
                Context ctx = context.future() instanceof Task<?> t ? t.getContext()
                        : context.handle() != null ? context.handle().getContext() : null;
                if (ctx != null && !ctx.isEntered()) {
                    ctx.run(() -> exceptionHandler.accept(this, context));
                } else {
                    exceptionHandler.accept(this, context);
                }
                return;
            } catch (Throwable e) {
                log("Unhandled error in exception handler: " + e);
            }
        }
        defaultExceptionHandler(context);
    }

    /** Logs the context's description and, if there is one, the exception with its stack trace. */
    public void defaultExceptionHandler(ErrorContext context) {
        StringBuilder sb = new StringBuilder(context.describe());
        if (context.exception() != null) {
            java.io.StringWriter w = new java.io.StringWriter();
            context.exception().printStackTrace(new java.io.PrintWriter(w));
            sb.append('\n').append(w.toString().stripTrailing());
        }
        log(sb.toString());
    }

    /** Where the loop's warnings and error reports go; standard error by default. */
    public void setLogger(Consumer<String> logger) {
        this.logger = logger != null ? logger : line -> System.err.println(line);
    }

    void log(String message) {
        logger.accept(message);
    }

    public boolean getDebug() {
        return debug;
    }

    public void setDebug(boolean on) {
        debug = on;
    }

    // ---- recording ----

    /**
     * Starts recording task creations and steps in {@code recorder}, or stops recording (null);
     * replaces the one given in {@link Options#timeline(Timeline)}. A step already running is
     * recorded, or not, as things were when it began. Only on the loop's thread while it runs
     * (from elsewhere: through {@code callSoonThreadsafe}, or {@code BackgroundLoop.call}).
     */
    public void setTimeline(Timeline recorder) {
        checkThread();
        timeline = recorder;
    }

    /** The timeline recording this loop's tasks, or null. */
    public Timeline getTimeline() {
        return timeline;
    }

    // ---- for the rest of the package ----

    /** Appends to the ready queue without a handle: the hot path for task steps and future callbacks. */
    void soon(Object r) {
        checkThread();
        // Callbacks other threads registered earlier go first: FIFO across threads, as asyncio's
        // call_soon_threadsafe appends to the same ready queue (test_events.py test_call_soon_threadsafe).
        for (Handle x; !incoming.isEmpty() && (x = incoming.poll()) != null; ) {
            ready.add(x);
        }
        ready.add(r);
    }

    /**
     * asyncio's {@code call_at}: a timer due at loop time {@code when} (seconds, what the heap
     * orders by), that is at {@code whenNanos} on the loop's clock, pushed onto the timer heap.
     */
    TimerHandle timerAt(double when, long whenNanos, Runnable callback) {
        return timerAt(when, whenNanos, callback, null);
    }

    /** {@link #timerAt(double, long, Runnable)} whose callback runs in {@code context} (null: the loop's own). */
    TimerHandle timerAt(double when, long whenNanos, Runnable callback, Context context) {
        checkThread();
        TimerHandle h = new TimerHandle(this, when, whenNanos, callback, context);
        scheduled.push(h); // heapq.heappush(self._scheduled, timer)
        h.scheduled = true;
        return h;
    }

    /** asyncio's {@code _timer_handle_cancelled}. */
    void timerCancelled(TimerHandle h) {
        if (h.scheduled) {
            cancelledTimers++;
        }
    }

    /** asyncio: {@code _MIN_SCHEDULED_TIMER_HANDLES}, {@code _MIN_CANCELLED_TIMER_HANDLES_FRACTION}. */
    private static final int MIN_SCHEDULED_TIMER_HANDLES = 100;
    private static final double MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;

    /**
     * The start of asyncio's {@code _run_once}: rebuild the heap (heapify) when more than half of
     * it is cancelled timers, else pop the cancelled ones off its head. The same steps, so that
     * timers due at the same time keep asyncio's order.
     */
    private void dropCancelledTimers() {
        int schedCount = scheduled.size();
        if (schedCount > MIN_SCHEDULED_TIMER_HANDLES
                && (double) cancelledTimers / schedCount > MIN_CANCELLED_TIMER_HANDLES_FRACTION) {
            scheduled.retainAndHeapify(h -> {
                if (h.cancelled()) {
                    h.scheduled = false;
                    return false;
                }
                return true;
            });
            cancelledTimers = 0;
        } else {
            while (!scheduled.isEmpty() && scheduled.peek().cancelled()) {
                cancelledTimers--;
                scheduled.pop().scheduled = false;
            }
        }
    }

    /** How many timers the heap holds, cancelled ones included: {@code len(loop._scheduled)}, for tests. */
    int scheduledCount() {
        return scheduled.size();
    }

    /** Cancelled timers still counted in the heap: asyncio's {@code _timer_cancelled_count}, for tests. */
    int cancelledTimerCount() {
        return cancelledTimers;
    }

    long clockNanos() {
        return clock.nanos();
    }

    static long toNanos(double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("delay is NaN");
        }
        if (seconds >= Long.MAX_VALUE / 4e9) {
            return Long.MAX_VALUE / 4; // "forever", without overflow when added to now
        }
        return Math.round(seconds * 1e9);
    }

    private Task<?> lastStepped;

    void enterTask(Task<?> t) {
        if (currentTask != null) {
            throw new IllegalStateException("Cannot enter into task " + t + " while another task "
                    + currentTask + " is being executed.");
        }
        currentTask = t;
        lastStepped = t;
        stepNanos = -1;
    }

    void leaveTask(Task<?> t) {
        currentTask = null;
        stepNanos = -1;
    }

    /** asyncio's {@code _swap_current_task}: makes {@code t} (or none) the current task, returns the one it replaces. */
    Task<?> swapCurrentTask(Task<?> t) {
        Task<?> prev = currentTask;
        currentTask = t;
        stepNanos = -1;
        return prev;
    }

    /** The clock as read by this step's first {@link #creationNanos}; -1 before it, or outside a step. */
    private long stepNanos = -1;

    /**
     * The clock for a task created now ({@link Task#age}): read once a step, so a step that makes
     * a million tasks reads it once, not a million times (a tenth of a task's creation). The
     * tasks a step creates are as old as its first one: a step does not last.
     */
    long creationNanos() {
        long t = stepNanos;
        if (t < 0) {
            t = clock.nanos();
            if (currentTask != null) {
                stepNanos = t;
            }
        }
        return t;
    }

    Task<?> currentTask() {
        return currentTask;
    }

    void register(Task<?> t) {
        if (liveTail == null) {
            liveHead = liveTail = t;
        } else {
            liveTail.nextLive = t;
            t.prevLive = liveTail;
            liveTail = t;
        }
        liveCount++;
    }

    void unregister(Task<?> t) {
        if (t.prevLive != null) {
            t.prevLive.nextLive = t.nextLive;
        } else {
            liveHead = t.nextLive;
        }
        if (t.nextLive != null) {
            t.nextLive.prevLive = t.prevLive;
        } else {
            liveTail = t.prevLive;
        }
        t.prevLive = t.nextLive = null;
        liveCount--;
    }

    /** The tasks not yet done, in creation order. */
    Set<Task<?>> tasksInOrder() {
        Set<Task<?>> all = new LinkedHashSet<>();
        for (Task<?> t = liveHead; t != null; t = t.nextLive) {
            all.add(t);
        }
        return all;
    }

    int liveTaskCount() {
        return liveCount;
    }

    /**
     * True while some future or task of this loop failed and nobody has retrieved its exception
     * yet: what "exception was never retrieved" would report once the collector finds it
     * unreachable. A host that runs the collector on purpose (the tutorial's console, after
     * each input) asks this first, so as not to run it for nothing. Any thread.
     */
    public boolean hasUnretrievedExceptions() {
        return unretrieved.size() > 0;
    }

    NeverRetrieved.Entry trackUnretrieved(Future<?> f) {
        return unretrieved.track(f);
    }

    /**
     * Raises IllegalStateException ("Non-thread-safe operation ...") when the loop runs on
     * another thread than the caller's. The loop's objects (futures, tasks, timers, queues,
     * locks, streams) call it before they change anything, so that a call from the wrong thread
     * leaves them as they were.
     */
    void checkThread() {
        Thread t = thread;
        if (t != null && Thread.currentThread() != t) {
            throw wrongThread(t);
        }
    }

    private static IllegalStateException wrongThread(Thread loopThread) {
        return new IllegalStateException("Non-thread-safe operation invoked on an event loop from thread '"
                + Thread.currentThread().getName() + "'; the loop runs in '" + loopThread.getName()
                + "' (use callSoonThreadsafe)");
    }

    /** asyncio's {@code _check_running}: this loop must not run yet, nor another on this thread. */
    private void checkRunning() {
        if (thread != null) {
            throw new IllegalStateException("This event loop is already running");
        }
        if (RUNNING.get() != null) {
            throw new IllegalStateException("Cannot run the event loop while another loop is running");
        }
    }

    void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException("Event loop is closed");
        }
    }

    @Override
    public String toString() {
        return "<EventLoop running=" + isRunning() + " closed=" + closed + " debug=" + debug + " " + clock + ">";
    }
}
