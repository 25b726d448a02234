package aio;

/**
 * Raised inside a task at the await where its cancellation is delivered, and by
 * {@link Future#result()} of a cancelled future. A task may catch it (to clean up) and should
 * then rethrow it; a task that swallows it keeps running and is not cancelled.
 *
 * <p>An {@link Error}, not an Exception: {@code catch (Exception e)} (or
 * {@code catch (RuntimeException e)}) does not catch it, so a task that handles its own
 * failures that way is still cancelled. Python made {@code asyncio.CancelledError} a
 * {@code BaseException} in 3.8 for the same reason ({@code except Exception} used to swallow
 * it), and Java's own precedent is {@code ThreadDeath extends Error}. Catch it by name, or
 * {@code Throwable}, and rethrow.
 */
public class CancelledError extends Error {
    public CancelledError() {
        super();
    }

    public CancelledError(String message) {
        super(message);
    }
}
