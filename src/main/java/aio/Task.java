package aio;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A coroutine running on the loop: asyncio's {@code Task}. It is a {@link Future} of the
 * coroutine's result. The loop runs it one step at a time: a step resumes the coroutine, which
 * runs until it awaits something not yet done (the task then waits for that future) or
 * finishes. {@link #step} follows CPython's {@code Task.__step} line by line; see
 * {@code Lib/asyncio/tasks.py} for the reasoning behind each branch.
 */
public final class Task<T> extends Future<T> {
    /** Every task's body: runs the task's coroutine. Shared, so a task costs no lambda. */
    private static final Runnable BODY = () -> EventLoop.running().currentTask().runBody();

    private final Coroutine coroutine;
    /**
     * What the task runs, a {@link Coro} or a {@link VoidCoro} (held as it is, not wrapped: one
     * object less a task); kept for {@link #getCoro()}, dropped only by a task that finished eagerly.
     */
    private Object coro;
    private final int number;   // "Task-<number>", built only when asked for
    final long createdNanos;
    /**
     * The context the task's steps run in (asyncio's {@code _context}); null while it is an empty
     * one nobody has asked for: the steps then run in the thread's stand-in
     * ({@link Context.Slot#blank}) until a variable is set or {@link #getContext()} is called.
     */
    private Context context;
    // In rare (Future.Rare), made when first needed: its name, the cancel message requested, the
    // exception to raise on resuming (asyncio's coro.throw), its cancel scopes (timeouts and task
    // groups, outermost first: see deliverable), and the context current when it last suspended
    // if not its own (it awaited inside Context.run, and resumes there).
    /** True while the loop is inside this task's coroutine (a step, or an eager start). */
    boolean resuming;

    /** The future this task is waiting on (asyncio's {@code _fut_waiter}), or null. */
    private Future<?> futWaiter;
    /** A cancel was requested while no future could carry it; deliver it at the next step. */
    private boolean mustCancel;
    /** How many cancel() calls are in effect: asyncio's {@code cancelling()}. */
    private int numCancelsRequested;

    // Set by the coroutine side at a suspension point, read by step().
    private Future<?> yieldedOn;
    private boolean yielded;
    // How the body ended (its value, or what it threw) is handed to afterResume through the
    // loop's bodyValue and bodyThrown: one task runs at a time, and afterResume reads them as
    // soon as the body returns, so no task needs fields of its own for them.

    /** Intrusive list of the loop's live tasks: O(1) registration without hashing. */
    Task<?> prevLive, nextLive;

    /**
     * A task running {@code coro} on {@code loop} (null: the running loop): asyncio's
     * {@code Task(coro, loop=, name=, context=, eager_start=)}. {@code name} null gives
     * "Task-N"; {@code context} null runs it in a copy of the current context. With
     * {@code eagerStart} and a running loop, the coroutine runs at once, inside this constructor,
     * until its first await (see {@link Aio#eagerTaskFactory()}); otherwise its first step is
     * scheduled. Most code calls {@code createTask} instead, which goes through the loop's task
     * factory; this constructor is what a factory calls. Must be called on the loop's thread;
     * raises IllegalStateException if the loop is closed.
     */
    public Task(Coro<T> coro, EventLoop loop, String name, Context context, boolean eagerStart) {
        this((Object) coro, loop, name, context, eagerStart);
    }

    /** A task for a coroutine that returns nothing, kept as it is (see {@link EventLoop#createVoidTask}). */
    static Task<Void> ofVoid(VoidCoro coro, EventLoop loop, String name, Context context) {
        return new Task<>((Object) coro, loop, name, context, false);
    }

    private Task(Object coro, EventLoop loop, String name, Context context, boolean eagerStart) {
        super(EventLoop.forNewTask(loop));
        if (coro == null) {
            throw new NullPointerException("a coroutine was expected, got null");
        }
        this.coro = coro;
        this.number = name == null ? this.loop.nextTaskNumber() : 0; // as asyncio: only unnamed tasks take a number
        if (name != null) {
            rare().name = name;
        }
        this.context = context != null ? context : Context.copyContextUnlessEmpty(this.loop.contextSlot());
        this.createdNanos = this.loop.creationNanos();
        this.coroutine = new Coroutine(BODY);
        boolean eager = eagerStart && this.loop.isRunning();
        if (eager && this.context != null && this.context.isEntered()) {
            throw new IllegalStateException("cannot enter context: " + this.context + " is already entered");
        }
        this.loop.register(this);
        if (!eager) {
            this.loop.soon(this);
        }
        Timeline tl = this.loop.timeline;
        if (tl != null) {
            tl.created(this);
        }
        if (eager) {
            eagerStart();
        }
    }

    @SuppressWarnings("unchecked")
    private void runBody() {
        Object c = coro;
        Throwable pending = takeThrowIn();
        if (pending != null) {
            // Cancelled before its first step: asyncio's coro.throw() into a coroutine that
            // has not started raises at its first line, so none of the body runs.
            loop.bodyThrown = pending;
            return;
        }
        try {
            if (c instanceof VoidCoro v) {
                v.run();
            } else {
                loop.bodyValue = ((Coro<T>) c).call();
            }
        } catch (Throwable e) {
            loop.bodyThrown = e;
        }
    }

    public String getName() {
        String n = rare == null ? null : rare.name;
        return n != null ? n : "Task-" + number;
    }

    public void setName(String name) {
        rare().name = name;
    }

    /** How many cancellation requests are pending (asyncio's {@code cancelling()}). */
    public int cancelling() {
        return numCancelsRequested;
    }

    /**
     * Takes back one cancellation request and returns how many remain. Used by code that caught
     * the CancelledError it caused itself (timeouts, task groups) so that outer code still sees
     * the cancellations it did not handle.
     */
    public int uncancel() {
        loop.checkThread();
        if (numCancelsRequested > 0) {
            numCancelsRequested--;
            if (numCancelsRequested == 0) {
                mustCancel = false; // 3.13: a fully uncancelled task is not cancelled later
            }
        }
        return numCancelsRequested;
    }

    /**
     * What the task runs: the {@link Coro} or {@link VoidCoro} given to {@code createTask}
     * (asyncio's {@code get_coro()}). Kept after the task is done, as in asyncio; null for a task
     * that finished during its eager start (asyncio 3.13, gh-122332).
     */
    public Awaitable<?> getCoro() {
        Object c = coro;
        return c instanceof AsCoro a ? a.body() : (Awaitable<?>) c;
    }

    /** The context the task runs in (asyncio's {@code get_context()}). */
    public Context getContext() {
        if (context == null) {
            Context.Slot slot = Context.slot();
            if (slot.blankTask == this) {
                return slot.materialize(slot.current == slot.blank); // asked from inside its own step
            }
            context = new Context();
        }
        return context;
    }

    /** The stand-in this task ran in became {@code own}: its context from now on. */
    void adoptContext(Context own) {
        context = own;
    }

    /**
     * The task's frames, oldest first (asyncio's {@code get_stack()}): where it is suspended if
     * it is pending, where its exception was raised if it failed, none if it finished otherwise
     * or was cancelled. The runtime's own frames (aio's, the continuation's) are left out.
     * Differences from asyncio: a suspended task shows every frame of its body, from the lambda
     * given to createTask down to the call that awaits (asyncio: its outermost coroutine's frame
     * only); a task not started yet has none (asyncio: the coroutine's first line); a running task
     * shows its own frames, not the loop's below them; a failed task shows where its exception
     * was created (Java records that, not where it was raised).
     */
    public StackTraceElement[] getStack() {
        return TaskStack.frames(this, null);
    }

    /**
     * {@link #getStack()} with at most {@code limit} frames: the newest of a stack, the oldest of
     * a traceback, as asyncio (and Python's traceback module) does. 0 or less gives none.
     */
    public StackTraceElement[] getStack(int limit) {
        return TaskStack.frames(this, limit);
    }

    /** Prints {@link #getStack()} to standard error, as asyncio's {@code print_stack()}. */
    public void printStack() {
        TaskStack.print(this, null, System.err);
    }

    /**
     * Prints the task's stack or traceback to {@code out}, in asyncio's format: "Stack for
     * &lt;Task ...&gt; (most recent call last):" (or "Traceback for ..." followed by the
     * exception, or "No stack for ..."), one {@code File "...", line N, in Class.method} line
     * per frame (no source line: Java keeps none).
     */
    public void printStack(PrintStream out) {
        TaskStack.print(this, null, out);
    }

    /** {@link #printStack(PrintStream)} with at most {@code limit} frames (see {@link #getStack(int)}). */
    public void printStack(int limit, PrintStream out) {
        TaskStack.print(this, limit, out);
    }

    /** The coroutine's frames while it is suspended (not started, done, or running: none). */
    StackTraceElement[] suspendedFrames() {
        return resuming ? new StackTraceElement[0] : coroutine.getStackTrace();
    }

    /** How many of this task's continuations run nested inside it now (eager starts), or -1 if it is not running. */
    int nestedDepth() {
        return resuming ? coroutine.nestedDepth() : -1;
    }

    // ---- introspection: what the repr shows, as values, for tools that list tasks ----

    /**
     * The state word of the repr: "pending", "cancelling" (a cancel is in effect), "cancelled"
     * or "finished". (asyncio keeps it in the private {@code _state} and shows it only in the
     * repr; a monitor such as {@code python -m asyncio ps} reads it from there.)
     */
    public String state() {
        return stateWord();
    }

    /**
     * How long ago, in seconds of its loop's clock, the task was created: the tasks one step
     * creates share the time of its first (see {@link EventLoop#creationNanos}). Any thread may ask.
     */
    public double age() {
        return (getLoop().clockNanos() - createdNanos) / 1e9;
    }

    /**
     * The runtime method this suspended task waits in, as its frame: the call of the runtime's
     * API that its own code made (say {@code aio.Lock.acquire}, {@code aio.Queue.get},
     * {@code aio.Aio.await}); null when it is not suspended (not started, running, or done).
     * With {@link #getStack(int) getStack(1)}, the line it waits at, this tells what a task
     * waits on where {@link #waitingOn()} shows only {@code <Future pending>}. Not in asyncio,
     * whose waits are coroutines of their own; tools that list tasks use it.
     */
    public StackTraceElement suspendedIn() {
        return TaskStack.entryPoint(this);
    }

    /** The future this task waits on now, or null: the repr's {@code wait_for=} (asyncio's {@code _fut_waiter}). */
    public Future<?> waitingOn() {
        return futWaiter;
    }

    /**
     * The message of the cancel request in effect: the one given to {@link #cancel(String)} while
     * the task is not yet cancelled (asyncio's {@code _cancel_message}, which {@code Task.cancel}
     * sets when no awaited future carried the request), then what the cancelled task kept (none
     * when its coroutine raised the CancelledError: {@code __step} calls {@code super().cancel()}).
     */
    @Override
    public String cancelMessage() {
        return cancelled() ? super.cancelMessage() : cancelMessageRequested();
    }

    /**
     * Refused: a task's outcome is its coroutine's (asyncio: RuntimeError "Task does not support
     * set_result operation"). Raises IllegalStateException.
     */
    @Override
    public void setResult(T value) {
        throw new IllegalStateException("Task does not support set_result operation");
    }

    /** Refused, as {@link #setResult}: raises IllegalStateException ("Task does not support set_exception operation"). */
    @Override
    public void setException(Throwable e) {
        throw new IllegalStateException("Task does not support set_exception operation");
    }

    /** True while cancel() is cancelling what the task waits for (see cancel). */
    private boolean cancelling;

    /**
     * Requests that the task be cancelled: a {@link CancelledError} is raised inside it at its
     * next await (or at once, if it is waiting). Returns false if the task is already done. The
     * task may catch the error; it is cancelled only if the error propagates out of it.
     */
    @Override
    public boolean cancel(String msg) {
        loop.checkThread(); // before anything changes (the count, the future waited on)
        retrieved();
        if (done() || cancelling) {
            // cancelling: a task that awaits a gather holding itself is reached again through
            // the gather; CPython recurses until RecursionError there. Once is enough.
            return false;
        }
        numCancelsRequested++;
        if (futWaiter != null) {
            cancelling = true;
            try {
                if (futWaiter.cancel(msg)) {
                    // Leave futWaiter set: it may be a task that catches and ignores the
                    // cancellation, so we may have to cancel it again later.
                    return true;
                }
            } finally {
                cancelling = false;
            }
        }
        // The task's step is already scheduled (it is ready, or running): tell it to raise.
        mustCancel = true;
        if (msg != null || rare != null) {
            rare().cancelMessageRequested = msg;
        }
        return true;
    }

    /**
     * One step: resume the coroutine, then record how it stopped. Runs on the loop thread only,
     * in the task's context (asyncio's {@code context.run(self.__step)}).
     */
    void step(Throwable exc) {
        Context.Slot slot = loop.contextSlot();
        Context outer = enterContext(slot);
        try {
            if (done()) {
                throw new InvalidStateError("step(): already done: " + this + ", " + exc);
            }
            if (mustCancel) {
                if (!(exc instanceof CancelledError)) {
                    String m = cancelMessageRequested();
                    exc = m == null ? new CancelledError() : new CancelledError(m);
                }
                mustCancel = false;
            }
            futWaiter = null;
            setThrowIn(exc instanceof CancelledError ce ? deliverable(ce) : exc);

            Timeline tl = loop.timeline; // read once: a step that attaches or detaches one is recorded as things were when it began
            if (tl != null) {
                tl.stepBegins(loop.clockNanos());
            }
            loop.enterTask(this);
            resuming = true;
            try {
                coroutine.resume();
            } finally {
                resuming = false;
                loop.leaveTask(this);
            }
            afterResume(tl);
        } finally {
            exitContext(slot, outer);
        }
    }

    /**
     * asyncio's {@code __eager_start}: the first step, run at once inside the constructor (and so
     * inside the step of the task that creates it), as the current task in place of the creator.
     */
    private void eagerStart() {
        Context.Slot slot = loop.contextSlot();
        Context outer = enterContext(slot);
        Timeline tl = loop.timeline;
        long[] creatorStep = tl == null ? null : tl.saveStep();
        try {
            if (tl != null) {
                tl.stepBegins(loop.clockNanos());
            }
            Task<?> creator = loop.swapCurrentTask(this);
            resuming = true;
            try {
                coroutine.resume();
            } finally {
                resuming = false;
                loop.swapCurrentTask(creator);
            }
            afterResume(tl);
        } finally {
            if (tl != null) {
                tl.restoreStep(creatorStep);
            }
            exitContext(slot, outer);
            if (done()) {
                coro = null; // asyncio 3.13 (gh-122332): get_coro() of a task that finished eagerly is None
            }
        }
    }

    private Context enterContext(Context.Slot slot) {
        Context outer = null;
        if (context == null) {
            outer = slot.enterBlank(this);
            if (outer == null) {
                context = new Context(); // the stand-in is in use (an eager start inside a step)
            }
        }
        if (context != null) {
            outer = context.enter(slot);
        }
        Context active = rare == null ? null : rare.activeContext;
        if (active != null) {
            slot.current = active;
        }
        return outer;
    }

    private void exitContext(Context.Slot slot, Context outer) {
        Context now = slot.current;
        Context own = context != null ? context : slot.blank;
        Context active = now == own || done() ? null : now;
        if (active != null || rare != null) {
            rare().activeContext = active;
        }
        own.exit(slot, outer);
    }

    /** How the coroutine stopped: it finished (the task is done) or it awaits (wait for what it awaits). */
    private void afterResume(Timeline tl) {
        if (coroutine.isDone()) {
            @SuppressWarnings("unchecked")
            T value = (T) loop.bodyValue;
            Throwable thrown = loop.bodyThrown;
            loop.bodyValue = null;
            loop.bodyThrown = null;
            loop.unregister(this);
            if (thrown == null) {
                if (mustCancel) {
                    // Cancel was requested while the body was finishing without awaiting again.
                    mustCancel = false;
                    super.cancel(cancelMessageRequested());
                } else {
                    super.setResult(value);
                }
            } else if (thrown instanceof CancelledError ce) {
                // asyncio: "self._cancelled_exc = exc; super().cancel()": the message is not
                // kept, so only the first retrieval (this very error) carries it.
                rare().cancelledExc = ce;
                super.cancel((String) null);
            } else {
                super.setException(thrown);
            }
            if (tl != null) {
                tl.ended(this, loop.clockNanos(), thrown);
            }
            return;
        }

        Future<?> awaited = yieldedOn;
        boolean bare = !yielded;
        yieldedOn = null;
        yielded = false;
        if (bare) {
            // A bare yield (sleep(0)): run again on the next loop iteration.
            loop.soon(this);
        } else if (awaited == this) {
            loop.soon((Runnable) () -> step(new IllegalStateException("Task cannot await on itself: " + this)));
        } else {
            awaited.addWaiter(this);
            futWaiter = awaited;
            if (mustCancel) {
                if (awaited.cancel(cancelMessageRequested())) {
                    mustCancel = false;
                }
            }
        }
        if (tl != null) {
            tl.suspended(this, loop.clockNanos(), futWaiter);
        }
    }

    /**
     * The task's turn in the ready queue. The queue holds the task itself rather than a
     * callback object: it is there either to start or continue (no future awaited), or because
     * the future it waits on is done, and {@code futWaiter} tells which. A task that is done is
     * there for its done callback (see {@link Future#runFromQueue}).
     */
    @Override
    void runFromQueue() {
        if (done()) {
            super.runFromQueue();
            return;
        }
        Future<?> f = futWaiter;
        step(f == null ? null : f.failure());
    }

    // ---- the coroutine side: called on the loop thread from inside this task's body ----

    /** Suspends until {@code f} is done, then raises what the loop hands back (if anything). */
    void suspendUntil(Future<?> f) {
        yieldedOn = f;
        yielded = true;
        suspendAndCheck();
    }

    /** Suspends for one loop iteration (asyncio's bare yield in {@code sleep(0)}). */
    void yieldOnce() {
        yielded = false;
        suspendAndCheck();
    }

    private void suspendAndCheck() {
        Coroutine.suspend();
        Throwable e = takeThrowIn();
        if (e != null) {
            throw Aio.sneaky(e);
        }
    }

    // ---- cancel scopes: timeout() and TaskGroup ----

    void enterScope(CancelScope s) {
        Rare r = rare();
        if (r.scopes == null) {
            r.scopes = new ArrayList<>(2);
        }
        r.scopes.add(s);
    }

    void exitScope(CancelScope s) {
        if (rare != null && rare.scopes != null) {
            rare.scopes.remove(s);
        }
    }

    /** The message of the cancellation requested and not yet delivered, or null. */
    private String cancelMessageRequested() {
        return rare == null ? null : rare.cancelMessageRequested;
    }

    /** Sets the exception to raise inside the coroutine when it resumes (asyncio's coro.throw); null: none. */
    private void setThrowIn(Throwable e) {
        if (e != null) {
            rare().throwIn = e;
        } else if (rare != null) {
            rare.throwIn = null;
        }
    }

    /** The exception to raise on resuming, taken (null: none). */
    private Throwable takeThrowIn() {
        Rare r = rare;
        if (r == null || r.throwIn == null) {
            return null;
        }
        Throwable e = r.throwIn;
        r.throwIn = null;
        return e;
    }

    /**
     * The error to raise for a delivered cancellation. asyncio lets the CancelledError travel up
     * to the {@code async with} blocks, whose {@code __aexit__} may turn it into TimeoutError (or
     * an ExceptionGroup). Java's try-with-resources cannot replace an exception in flight, so the
     * scopes this task is in choose the error here, at the await: see {@link CancelScope#deliverable}.
     */
    Throwable deliverable(CancelledError ce) {
        List<CancelScope> scopes = rare == null ? null : rare.scopes;
        return scopes == null || scopes.isEmpty() ? ce : CancelScope.deliverable(scopes, numCancelsRequested, ce);
    }

    /** Cancellation state as a short word, for :tasks and repr. */
    String stateWord() {
        if (!done()) {
            return numCancelsRequested > 0 ? "cancelling" : "pending";
        }
        return cancelled() ? "cancelled" : "finished";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<Task ");
        String info = stateInfo();
        if (!done() && numCancelsRequested > 0) {
            info = "cancelling";
        }
        sb.append(info.startsWith("finished") ? "finished" : info);
        sb.append(" name='").append(getName()).append('\'');
        Object body = getCoro();
        if (body != null) {
            sb.append(" coro=<").append(CodeRepr.coroutine(body, TaskStack.coroutineFrame(this), done())).append('>');
        }
        if (done() && info.startsWith("finished ")) {
            sb.append(' ').append(info.substring("finished ".length()));
        }
        if (futWaiter != null) {
            sb.append(" wait_for=").append(futWaiter instanceof Task<?> t ? "<Task " + t.getName() + ">" : futWaiter);
        }
        return sb.append(createdAt()).append('>').toString();
    }
}
