package aio;

/**
 * {@link StreamReader#readuntil} found no separator within the reader's limit, or found it
 * beyond the limit: asyncio's {@code LimitOverrunError}. The data stays in the buffer;
 * {@link #consumed()} says how many bytes to consume to get past it.
 */
public class LimitOverrunError extends RuntimeException {
    private final int consumed;

    /** {@code consumed}: how many bytes to consume to get past the overrun. */
    public LimitOverrunError(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /** The number of bytes to be consumed (the separator's position, or how far the search got). */
    public int consumed() {
        return consumed;
    }
}
