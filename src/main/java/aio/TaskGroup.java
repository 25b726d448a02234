package aio;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Structured concurrency: asyncio's {@code TaskGroup}. When the block ends, every task started
 * in it has ended; the first task to fail cancels the others, and the block raises an
 * {@link ExceptionGroup} of every failure, in the order they happened. It comes in two forms.
 *
 * <p><b>The lambda form is the one that matches asyncio</b>; use it:
 * <pre>{@code
 * taskGroup(tg -> {
 *     tg.createTask(() -> fetch("a"));
 *     tg.createTask(() -> fetch("b"));
 * });   // waits for both; if one fails, the others are cancelled and ExceptionGroup is raised
 * var tasks = taskGroup(tg -> List.of(tg.createTask(() -> fetch("a")), tg.createTask(() -> fetch("b"))));
 * }</pre>
 * It runs the block itself and sees how it ended, as {@code async with} does, so it behaves as
 * asyncio's {@code __aexit__} in every case: inside the block a cancellation arrives as
 * {@link CancelledError}; if the block throws, the tasks are cancelled and the exception goes
 * into the ExceptionGroup with theirs (a nested group's ExceptionGroup too, so it is wrapped
 * twice); a CancelledError from outside cancels the tasks and propagates, unless tasks failed:
 * their errors have priority; and a {@code catch} inside the block that swallows the
 * cancellation does not stop the group from raising its errors at the end.
 *
 * <p><b>The try-with-resources form</b>, {@code try (var tg = new TaskGroup()) { ... }}, keeps
 * the differences that come from close() seeing neither the block's exception nor being able to
 * replace it. The group error is raised at the await where the block is interrupted (inside the
 * block, a {@code catch (CancelledError)} does not see it; finally blocks run as usual), and:
 * <ul>
 * <li>if the block itself throws (not at an await; this includes a nested group's error coming
 *     out of its block), close() cannot see it, so it waits for the tasks instead of cancelling
 *     them, and the exception leaves the block as it is, not inside an ExceptionGroup;
 * <li>a cancellation from outside that reaches the block as CancelledError stays one, even if
 *     tasks then fail while being cancelled (asyncio raises their ExceptionGroup): their group
 *     is attached to it as a suppressed exception;
 * <li>a block that catches the group error (or replaces it by throwing from a finally block)
 *     has handled it: close() does not raise it again.
 * </ul>
 */
public final class TaskGroup implements AutoCloseable, CancelScope {
    private static final String MESSAGE = "unhandled errors in a TaskGroup";

    private final Task<?> parent;
    private final EventLoop loop;
    /** The lambda form, whose aexit sees the block's exception; false for try-with-resources. */
    private final boolean seesBlock;
    /** The parent's cancelling() count when the block was entered. */
    private final int baseline;
    private boolean exiting;
    private boolean aborting;
    private boolean parentCancelRequested;
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    /** Errors of nested groups that left their block inside our group error: they go after ours. */
    private final List<Throwable> nestedErrors = new ArrayList<>();
    private Future<Object> onCompleted;
    /** The group error raised into the block at an await (see the class comment); close() completes it. */
    private ExceptionGroup raisedInBlock;

    /**
     * Enters the group for a try-with-resources block (see the class comment for how it differs
     * from asyncio, and {@link Aio#taskGroup(ScopeBody)} for the form that does not); must be
     * called inside a task, else throws IllegalStateException.
     */
    public TaskGroup() {
        this(parentTask(), false);
    }

    private TaskGroup(Task<?> t, boolean seesBlock) {
        parent = t;
        loop = t.loop;
        this.seesBlock = seesBlock;
        baseline = t.cancelling();
        t.enterScope(this);
    }

    private static Task<?> parentTask() {
        Task<?> t = Aio.currentTask();
        if (t == null) {
            throw new IllegalStateException("TaskGroup cannot determine the parent task: it must be used inside a task");
        }
        return t;
    }

    /** The lambda form: runs {@code body} in the current task inside a new group. */
    static <T> T run(ScopeFunction<? super TaskGroup, ? extends T> body) {
        Task<?> t = parentTask();
        return CancelScope.run(t, new TaskGroup(t, true), body);
    }

    /** {@link #createTask(Coro, String)} with the default name. */
    public <T> Task<T> createTask(Coro<T> coro) {
        return createTask(coro, null);
    }

    /** {@link #createTask(Coro, String)} for a coroutine without a result. */
    public Task<Void> createTask(VoidCoro coro) {
        return createTask(coro.asCoro(), null);
    }

    /** {@link #createTask(Coro, String)} for a coroutine without a result. */
    public Task<Void> createTask(VoidCoro coro, String name) {
        return createTask(coro.asCoro(), name);
    }

    /**
     * Starts a task that belongs to this group and returns it. Throws IllegalStateException once
     * the group is finished, or while it is shutting down after a failure.
     */
    public <T> Task<T> createTask(Coro<T> coro, String name) {
        return createTask(coro, name, null);
    }

    /** {@link #createTask(Coro, String)} in {@code context} (null: a copy of the current one), as asyncio's {@code context=}. */
    public Task<Void> createTask(VoidCoro coro, String name, Context context) {
        return createTask(coro.asCoro(), name, context);
    }

    /** {@link #createTask(Coro, String)} in {@code context} (null: a copy of the current one), as asyncio's {@code context=}. */
    public <T> Task<T> createTask(Coro<T> coro, String name, Context context) {
        if (exiting && tasks.isEmpty()) {
            throw new IllegalStateException("TaskGroup is finished");
        }
        if (aborting) {
            throw new IllegalStateException("TaskGroup is shutting down");
        }
        Task<T> task = loop.createTask(coro, name, context);
        if (task.done()) {
            // asyncio: a task that completed eagerly is handled at once, with no callback
            onTaskDone(task);
        } else {
            tasks.add(task);
            task.addDoneCallback(this::onTaskDone);
        }
        return task;
    }

    private void onTaskDone(Future<?> f) {
        Task<?> task = (Task<?>) f;
        tasks.remove(task);
        if (onCompleted != null && tasks.isEmpty() && !onCompleted.done()) {
            onCompleted.setResult(true);
        }
        if (task.cancelled()) {
            return;
        }
        Throwable exc = task.exception();
        if (exc == null) {
            return;
        }
        errors.add(exc);
        if (parent.done()) {
            loop.callExceptionHandler(new ErrorContext("Task " + task + " has errored out but its parent task "
                    + parent + " is already completed", exc, task, null));
            return;
        }
        if (!aborting && !parentCancelRequested) {
            // Cancel the rest, and interrupt whatever the parent is awaiting inside the block.
            abort();
            parentCancelRequested = true;
            parent.cancel();
        }
    }

    private void abort() {
        aborting = true;
        for (Task<?> t : tasks) {
            if (!t.done()) {
                t.cancel();
            }
        }
    }

    @Override
    public boolean cancelledTask() {
        return parentCancelRequested;
    }

    /**
     * asyncio's {@code __aexit__} as the try-with-resources form must apply it at the await: it
     * waits for the tasks, then errors have priority over the CancelledError, whoever cancelled.
     * The errors it would find are the ones already reported, and those of tasks that have
     * failed but whose done callback has not run yet. The lambda form lets the CancelledError
     * through the block as it is: its {@link #aexit} decides.
     */
    @Override
    public Throwable onCancelledError(CancelledError ce, int pending) {
        if (seesBlock) {
            return ce;
        }
        List<Throwable> found = new ArrayList<>(errors);
        for (Task<?> t : tasks) {
            if (t.done() && !t.cancelled() && t.exception() != null) {
                found.add(t.exception());
            }
        }
        if (found.isEmpty()) {
            return null;
        }
        raisedInBlock = new ExceptionGroup(MESSAGE, found);
        raisedInBlock.raisedBy = this;
        return raisedInBlock;
    }

    /**
     * Leaves the try-with-resources block: waits for every task of the group, then raises the
     * group's failures as an ExceptionGroup (see the class comment for what is raised where). If
     * the enclosing task is cancelled while it waits here, cancels the tasks, waits for them,
     * and raises CancelledError. It cannot see the block's exception: {@code aexit(null)}.
     */
    @Override
    public void close() {
        Throwable raised = aexit(null);
        if (raised != null) {
            throw Aio.sneaky(raised);
        }
    }

    /**
     * asyncio's {@code TaskGroup.__aexit__}, line by line, for both forms. {@code exc} is what the
     * block raised, as the lambda form sees it; null for try-with-resources, which cannot see it
     * and so infers what it can: that its own group error was raised in the block, or that a
     * cancellation from outside reached it. Returns the exception to raise instead of
     * {@code exc}, or null to let {@code exc} (if any) go on.
     */
    @Override
    public Throwable aexit(Throwable exc) {
        exiting = true;
        Throwable propagate = exc instanceof CancelledError ? exc : null; // a CancelledError (try-with-resources: or what an enclosing scope raised for one)
        boolean blockRaised = exc != null;
        // try-with-resources: our group error raised at an await of the block, on its way out: completed below.
        ExceptionGroup fromBlock = null;
        if (!seesBlock) {
            fromBlock = raisedInBlock;
            // A cancellation from outside (or an enclosing scope's error for one) reached the block:
            // asyncio's __aexit__ would see it coming out of the block and cancel the tasks.
            int ours = parentCancelRequested ? 1 : 0;
            blockRaised = fromBlock != null || parent.cancelling() - ours > baseline;
        }
        if (blockRaised && !aborting) {
            abort();
        }
        while (!tasks.isEmpty()) {
            if (onCompleted == null) {
                onCompleted = loop.createFuture();
            }
            try {
                Aio.await(onCompleted);
            } catch (Throwable t) {
                // The parent was cancelled while waiting here. The lambda form receives the
                // CancelledError itself; try-with-resources what CancelScope.deliverable chose.
                Throwable ex = Cancellation.orRethrow(t);
                if (ex instanceof ExceptionGroup g && g.raisedBy == this) {
                    // our own group error, delivered here rather than in the block: raised below
                } else if (!aborting) {
                    propagate = ex;
                    abort();
                } else if (!(ex instanceof CancelledError) && (propagate == null || propagate instanceof CancelledError)) {
                    propagate = ex; // an enclosing scope's error: it must travel on
                }
            }
            onCompleted = null;
        }
        parent.exitScope(this);
        if (parentCancelRequested && parent.uncancel() == 0 && propagate instanceof CancelledError) {
            propagate = null; // the only cancellation was ours
        }
        if (propagate != null && errors.isEmpty()) {
            return propagate; // errors have priority over it
        }
        if (exc != null && !(exc instanceof CancelledError)) {
            errors.add(exc); // the block's own error (only the lambda form sees it)
        }
        if (errors.isEmpty()) {
            return null;
        }
        if (parent.cancelling() > 0) {
            // asyncio 3.13: a cancellation from outside is still pending: re-arm it, so that the
            // next await after the block raises CancelledError.
            parent.uncancel();
            parent.cancel();
        }
        if (seesBlock) {
            return new ExceptionGroup(MESSAGE, errors);
        }
        List<Throwable> all = new ArrayList<>(errors);
        all.addAll(nestedErrors);
        ExceptionGroup enclosing = propagate instanceof ExceptionGroup g && g.raisedBy != null && g.raisedBy != this ? g : null;
        if (fromBlock != null) {
            all.forEach(fromBlock::add); // it is on its way out of the block: complete it
            if (enclosing != null) {
                enclosing.raisedBy.raisedInBlock = null; // ours travels instead of theirs
            }
            return null;
        }
        if (enclosing != null) {
            // An enclosing group's error is on its way out through this block: in asyncio ours
            // would reach that group as an error of its block, so it goes inside theirs.
            enclosing.raisedBy.nestedErrors.add(new ExceptionGroup(MESSAGE, all));
            return enclosing;
        }
        return new ExceptionGroup(MESSAGE, all);
    }
}
