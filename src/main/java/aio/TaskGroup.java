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
 * enclosing task's block; the block then raises an {@link ExceptionGroup} of every failure.
 * (As with {@link Timeout}, the group error is raised at the await where the block is
 * interrupted, because close() cannot replace an exception in flight.)
 *
 * <p>One difference from asyncio, from the same cause: if the block itself throws (not at an
 * await), close() cannot see it, so it waits for the tasks instead of cancelling them.
 */
public final class TaskGroup implements AutoCloseable, CancelScope {
    private final Task<?> parent;
    private final EventLoop loop;
    private final int baseline;
    private boolean exiting;
    private boolean aborting;
    private boolean parentCancelRequested;
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    private Future<Object> onCompleted;
    /** The group error raised into the block at an await, if any: close() completes it. */
    private ExceptionGroup raisedInBlock;

    /** Enters the group; must be called inside a task. */
    public TaskGroup() {
        Task<?> t = Aio.currentTask();
        if (t == null) {
            throw new IllegalStateException("TaskGroup must be used inside a task");
        }
        parent = t;
        loop = t.loop;
        baseline = t.cancelling();
        t.enterScope(this);
    }

    public <T> Task<T> createTask(Coro<T> coro) {
        return createTask(coro, null);
    }

    public Task<Void> createTask(VoidCoro coro) {
        return createTask(coro.asCoro(), null);
    }

    public Task<Void> createTask(VoidCoro coro, String name) {
        return createTask(coro.asCoro(), name);
    }

    /** Starts a task that belongs to this group. */
    public <T> Task<T> createTask(Coro<T> coro, String name) {
        if (exiting && tasks.isEmpty()) {
            throw new IllegalStateException("TaskGroup is finished");
        }
        if (aborting) {
            throw new IllegalStateException("TaskGroup is shutting down");
        }
        Task<T> task = loop.createTask(coro, name);
        tasks.add(task);
        task.addDoneCallback(this::onTaskDone);
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

    @Override
    public int baseline() {
        return baseline;
    }

    @Override
    public RuntimeException errorFor(CancelledError ce) {
        raisedInBlock = new ExceptionGroup("unhandled errors in a TaskGroup", errors);
        return raisedInBlock;
    }

    /** Waits for every task of the group; raises the group's failures (see the class comment). */
    @Override
    public void close() {
        exiting = true;
        RuntimeException propagate = null;
        // Someone outside cancelled the parent (a cancellation beyond ours is in effect): its
        // block is unwinding, as asyncio's __aexit__ would see from the exception.
        int ours = parentCancelRequested ? 1 : 0;
        if (!aborting && (raisedInBlock != null || parent.cancelling() - ours > baseline)) {
            abort();
        }
        while (!tasks.isEmpty()) {
            if (onCompleted == null) {
                onCompleted = loop.createFuture();
            }
            try {
                Aio.await(onCompleted);
            } catch (ExceptionGroup g) {
                if (g != raisedInBlock) {
                    throw g;
                }
                raisedInBlock = null; // raised here, not in the block: we raise it below
            } catch (CancelledError | TimeoutError ex) {
                if (!aborting) {
                    // The parent is being cancelled while it waits for us.
                    propagate = ex;
                    abort();
                }
            }
            onCompleted = null;
        }
        parent.exitScope(this);
        if (parentCancelRequested && parent.uncancel() == 0 && propagate instanceof CancelledError) {
            propagate = null; // the only cancellation was ours
        }
        if (raisedInBlock != null) {
            errors.forEach(raisedInBlock::add); // it is on its way out of the block: complete it
            return;
        }
        if (propagate != null && errors.isEmpty()) {
            throw propagate;
        }
        if (!errors.isEmpty()) {
            throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
        }
    }
}
