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

    /**
     * One line, as a reader wants it: the transport under both halves, shown once
     * ({@code <Connection <SocketTransport peer=('127.0.0.1', 9996) read=polling write=<idle, bufsize=0>>>}),
     * where a record would show it three times (asyncio shows the pair as a tuple of the two reprs).
     */
    @Override
    public String toString() {
        return "<Connection " + writer.transport() + ">";
    }

    /** Closes the connection: {@code writer().close()}. Returns at once. */
    @Override
    public void close() {
        writer.close();
    }
}
