package aio;

/**
 * Anything {@link Aio#await} accepts: a {@link Future} (a {@link Task} is one) or a coroutine
 * ({@link Coro}, {@link VoidCoro}). Functions such as {@link Aio#gather} wrap coroutines in tasks.
 */
public interface Awaitable<T> {
}
