package aio;

/**
 * Blocking work with no result, for {@link Aio#toThread(BlockingRun)}: a lambda such as
 * {@code () -> Thread.sleep(200)}. It may throw checked exceptions; they reach the awaiting task
 * unchanged.
 */
@FunctionalInterface
public interface BlockingRun {
    void run() throws Exception;

    /** This work as a {@link BlockingCall} whose result is {@code null}. */
    default BlockingCall<Void> asCall() {
        return () -> {
            run();
            return null;
        };
    }
}
