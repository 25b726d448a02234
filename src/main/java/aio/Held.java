package aio;

/**
 * A lock, condition or semaphore held by the current task, for try-with-resources (asyncio's
 * {@code async with lock:}):
 *
 * <pre>{@code
 * try (var held = lock.hold()) {   // acquire(): suspends until the lock is ours
 *     ...
 * }                                // release(), however the block ends
 * }</pre>
 *
 * If {@code hold()} is cancelled while it waits, it raises and nothing is held, so nothing is
 * released. Closing it twice releases once.
 */
public final class Held implements AutoCloseable {
    private Runnable release;

    Held(Runnable release) {
        this.release = release;
    }

    /** Releases what {@code hold()} acquired; later calls do nothing. Raises what release() raises. */
    @Override
    public void close() {
        Runnable r = release;
        if (r != null) {
            release = null;
            r.run();
        }
    }
}
