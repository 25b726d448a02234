package aio;

/** When {@link Aio#wait} returns, as asyncio's {@code return_when}. */
public enum ReturnWhen {
    /** As soon as any awaitable finishes or is cancelled. */
    FIRST_COMPLETED,
    /** As soon as any awaitable finishes with an exception; otherwise like ALL_COMPLETED. */
    FIRST_EXCEPTION,
    /** When every awaitable has finished or been cancelled. */
    ALL_COMPLETED
}
