package aio;

/**
 * What {@link Aio#openConnection} returns: the connection's two halves, asyncio's
 * {@code (reader, writer)} pair. Closing it closes the writer (without waiting: see
 * {@link StreamWriter#close()}), so it fits a try-with-resources block.
 *
 * @param reader what the peer sends
 * @param writer what we send
 */
public record Connection(StreamReader reader, StreamWriter writer) implements AutoCloseable {

    /** Closes the connection: {@code writer().close()}. Returns at once. */
    @Override
    public void close() {
        writer.close();
    }
}
