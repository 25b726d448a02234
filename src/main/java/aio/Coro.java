package aio;

/**
 * A coroutine that returns a value: a lambda such as {@code () -> { sleep(1); return 42; }}.
 * Nothing runs until it is awaited or scheduled as a task. Inside it, the calls of
 * {@link Aio} that wait ({@code sleep}, {@code await}, ...) suspend the task, not the thread.
 */
@FunctionalInterface
public interface Coro<T> extends Awaitable<T> {
    T call() throws Exception;
}
