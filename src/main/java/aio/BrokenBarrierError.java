package aio;

/**
 * A {@link Barrier} was aborted, or reset while the task waited in it: asyncio's
 * {@code BrokenBarrierError}. A subclass of IllegalStateException, as asyncio's is a subclass
 * of RuntimeError (which this port raises as IllegalStateException).
 */
public class BrokenBarrierError extends IllegalStateException {
    /** An error with {@code message}: "Barrier aborted", "Abort or reset of barrier". */
    public BrokenBarrierError(String message) {
        super(message);
    }
}
