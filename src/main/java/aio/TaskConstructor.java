package aio;

/**
 * How {@link Aio#createEagerTaskFactory} makes a task: asyncio's {@code custom_task_constructor},
 * called as {@code Task(coro, loop=, name=, context=, eager_start=)}. {@code Task::new} is the
 * default one; another one wraps it (to count or log tasks, say), since {@link Task} is final.
 */
@FunctionalInterface
public interface TaskConstructor {
    /** A task for {@code coro}, as {@code new Task<>(coro, loop, name, context, eagerStart)} makes it. */
    Task<?> construct(Coro<?> coro, EventLoop loop, String name, Context context, boolean eagerStart);
}
