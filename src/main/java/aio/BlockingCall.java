package aio;

/**
 * Blocking work that returns a value, for {@link Aio#toThread(BlockingCall)}: a lambda such as
 * {@code () -> Files.readString(path)}. It may throw checked exceptions; they reach the awaiting
 * task unchanged.
 */
@FunctionalInterface
public interface BlockingCall<T> {
    T call() throws Exception;
}
