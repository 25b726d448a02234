package aio;

/**
 * Raised inside a task at the await where its cancellation is delivered, and by
 * {@link Future#result()} of a cancelled future. A task may catch it (to clean up) and should
 * then rethrow it; a task that swallows it keeps running and is not cancelled.
 */
public class CancelledError extends RuntimeException {
    public CancelledError() {
        super();
    }

    public CancelledError(String message) {
        super(message);
    }
}
