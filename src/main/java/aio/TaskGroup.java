package aio;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Structured concurrency: asyncio's {@code TaskGroup}.
 *
 * <pre>{@code
 * try (var tg = new TaskGroup()) {
 *     tg.createTask(() -> fetch("a"));
 *     tg.createTask(() -> fetch("b"));
 * }   // waits for both; if one fails, the others are cancelled and ExceptionGroup is raised
 * }</pre>
 *
 * Leaving the block waits for every task. The first task to fail cancels the rest and the
 * enclosing task's block; the block then raises an {@link ExceptionGroup} of every failure, in
 * the order they happened. If the enclosing task is cancelled from outside, the tasks are
 * cancelled too and the block raises CancelledError.
 *
 * <p>As with {@link Timeout}, the group error is raised at the await where the block is
 * interrupted (inside the block, a {@code catch (CancelledError)} does not see it; finally
 * blocks run as usual), because close() cannot replace an exception in flight. From the same
 * cause, three differences from asyncio:
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

    /** Enters the group; must be called inside a task, else throws IllegalStateException. */
    public TaskGroup() {
        Task<?> t = Aio.currentTask();
        if (t == null) {
            throw new IllegalStateException("TaskGroup cannot determine the parent task: it must be used inside a task");
        }
        parent = t;
        loop = t.loop;
        baseline = t.cancelling();
        t.enterScope(this);
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
     * asyncio's {@code __aexit__}: it waits for the tasks, then errors have priority over the
     * CancelledError, whoever cancelled. The errors it would find are the ones already reported,
     * and those of tasks that have failed but whose done callback has not run yet.
     */
    @Override
    public Throwable onCancelledError(CancelledError ce, int pending) {
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
     * Waits for every task of the group, then raises the group's failures as an ExceptionGroup
     * (see the class comment for what is raised where). If the enclosing task is cancelled while
     * it waits here, cancels the tasks, waits for them, and raises CancelledError.
     */
    @Override
    public void close() {
        exiting = true;
        // Our group error raised at an await of the block, on its way out: completed below.
        ExceptionGroup fromBlock = raisedInBlock;
        // A cancellation from outside (or an enclosing scope's error for one) reached the block:
        // asyncio's __aexit__ would see it coming out of the block and cancel the tasks.
        int ours = parentCancelRequested ? 1 : 0;
        if (!aborting && (fromBlock != null || parent.cancelling() - ours > baseline)) {
            abort();
        }
        Throwable propagate = null; // a RuntimeException, or a CancelledError (an Error)
        while (!tasks.isEmpty()) {
            if (onCompleted == null) {
                onCompleted = loop.createFuture();
            }
            try {
                Aio.await(onCompleted);
            } catch (Throwable t) {
                // The parent was cancelled while waiting here; CancelScope.deliverable chose ex.
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
        if (errors.isEmpty()) {
            if (propagate != null) {
                throw Aio.sneaky(propagate);
            }
            return;
        }
        if (parent.cancelling() > 0) {
            // asyncio 3.13: a cancellation from outside is still pending: re-arm it, so that the
            // next await after the block raises CancelledError.
            parent.uncancel();
            parent.cancel();
        }
        List<Throwable> all = new ArrayList<>(errors);
        all.addAll(nestedErrors);
        ExceptionGroup enclosing = propagate instanceof ExceptionGroup g && g.raisedBy != null && g.raisedBy != this ? g : null;
        if (fromBlock != null) {
            all.forEach(fromBlock::add); // it is on its way out of the block: complete it
            if (enclosing != null) {
                enclosing.raisedBy.raisedInBlock = null; // ours travels instead of theirs
            }
            return;
        }
        ExceptionGroup group = new ExceptionGroup(MESSAGE, all);
        if (enclosing != null) {
            // An enclosing group's error is on its way out through this block: in asyncio ours
            // would reach that group as an error of its block, so it goes inside theirs.
            enclosing.raisedBy.nestedErrors.add(group);
            throw enclosing;
        }
        throw group;
    }
}
