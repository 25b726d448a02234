package aio;

/**
 * What a {@link StreamWriter} writes through: CPython's {@code WriteTransport}. A TCP
 * connection ({@link SocketTransport}) or a subprocess's stdin ({@link WritePipeTransport}).
 * Loop thread only.
 */
interface WriteTransport {
    /** Sends {@code len} bytes of {@code data} from {@code off} without waiting: what cannot go now is buffered (copied). */
    void write(byte[] data, int off, int len);

    /** Ends the output once the buffer is flushed: the other side reads end of file. */
    void writeEof();

    /** True if {@link #writeEof()} is possible. */
    boolean canWriteEof();

    /** Closes once the buffer is flushed. Idempotent. */
    void close();

    /** True once closing began (or the connection was lost). */
    boolean isClosing();

    /** Bytes buffered and not yet written. */
    long getWriteBufferSize();

    /** asyncio's {@code get_extra_info}: what the transport knows by that name, or null. */
    Object getExtraInfo(String name);
}
