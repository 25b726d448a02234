package aio;

/**
 * Makes the tasks of {@link EventLoop#createTask} once set with {@link EventLoop#setTaskFactory}
 * (asyncio's task factory, called as {@code factory(loop, coro, name=, context=)}). A factory
 * typically calls {@code new Task<>(coro, loop, name, context, eagerStart)}, after counting,
 * naming or logging. {@code name} and {@code context} may be null (a default name, a copy of the
 * current context). Unlike asyncio's, it must return a {@link Task}, not any future.
 */
@FunctionalInterface
public interface TaskFactory {
    /** A task for {@code coro} on {@code loop}; {@code name} and {@code context} as given to createTask. */
    Task<?> create(EventLoop loop, Coro<?> coro, String name, Context context);
}
