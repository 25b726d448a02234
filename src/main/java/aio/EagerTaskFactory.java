package aio;

/**
 * A task factory that starts each task eagerly: asyncio's {@code create_eager_task_factory}
 * (3.12). With it set ({@code loop.setTaskFactory(Aio.eagerTaskFactory())}), {@code createTask}
 * called while the loop runs runs the coroutine at once, inside the call, as the current task,
 * until its first await of something not done: a coroutine that never waits is done when
 * createTask returns, never scheduled, and its result is ready; one that waits is then
 * scheduled as usual. The creating task carries on only after that first step, and a task
 * created before the loop runs starts as usual. What the first step raises stays in the task.
 * A task that finished during its first step has no coroutine left ({@link Task#getCoro()} is
 * null, as in asyncio 3.13). Get one with {@link Aio#eagerTaskFactory()} or
 * {@link Aio#createEagerTaskFactory}.
 */
public final class EagerTaskFactory implements TaskFactory {
    /** {@code create_eager_task_factory(Task)}: asyncio's {@code eager_task_factory}. */
    static final EagerTaskFactory DEFAULT = new EagerTaskFactory(Task::new);

    private final TaskConstructor constructor;

    EagerTaskFactory(TaskConstructor constructor) {
        if (constructor == null) {
            throw new NullPointerException("a task constructor is required");
        }
        this.constructor = constructor;
    }

    @Override
    public Task<?> create(EventLoop loop, Coro<?> coro, String name, Context context) {
        return constructor.construct(coro, loop, name, context, true);
    }

    @Override
    public String toString() {
        return this == DEFAULT ? "<eager task factory>" : "<eager task factory of " + constructor + ">";
    }
}
