package aio;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The writing half of a connection, or a subprocess's stdin: asyncio's {@code StreamWriter},
 * which serves sockets and pipes alike.
 *
 * <pre>{@code
 * writer.write("hello");     // buffered: returns at once
 * writer.drain();            // suspends while the buffer is above its high-water mark
 * writer.close();
 * writer.waitClosed();
 * }</pre>
 *
 * {@link #write} never blocks: what the socket or pipe does not take at once is buffered.
 * {@link #drain()} is the flow control: it suspends the task while more than 64 KiB are
 * buffered, until the buffer is down to 16 KiB, and raises the connection's error once the
 * connection is lost. Not thread-safe: use it on its loop's thread.
 *
 * <p>A subprocess's stdin differs in what its transport does ({@link WritePipeTransport}):
 * {@code write} raises IllegalStateException after {@code close()}, and once a write failed
 * (the program exited or closed its stdin: "Broken pipe") later writes are dropped and
 * {@code drain()} and {@code waitClosed()} raise that error: a {@link BrokenPipeError}, as in
 * asyncio (an {@link UncheckedIOException}, as every {@link ConnectionError} is).
 */
public final class StreamWriter {
    private final WriteTransport transport;
    private final FlowControl protocol;
    private final StreamReader reader;

    /** A writer on {@code transport}; {@code reader}, if not null, is the other half of the connection. */
    StreamWriter(WriteTransport transport, FlowControl protocol, StreamReader reader) {
        this.transport = transport;
        this.protocol = protocol;
        this.reader = reader;
    }

    /**
     * Sends {@code data} without waiting: what the socket does not take now is buffered (a copy;
     * the array may be reused). Ignored once the connection is lost (then {@link #drain()}
     * raises). Raises IllegalStateException after {@link #writeEof()}.
     */
    public void write(byte[] data) {
        transport.write(data, 0, data.length);
    }

    /** Sends {@code len} bytes of {@code data} from {@code off}: see {@link #write(byte[])}. */
    public void write(byte[] data, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, data.length);
        transport.write(data, off, len);
    }

    /** Sends {@code text} encoded as UTF-8: see {@link #write(byte[])}. */
    public void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes each array in turn (asyncio's {@code writelines}). */
    public void writelines(Iterable<byte[]> data) {
        for (byte[] d : data) {
            write(d);
        }
    }

    /**
     * Half-closes the connection once the buffer is flushed: the peer reads EOF, we can still
     * read. For a pipe the same as {@link #close()}.
     */
    public void writeEof() {
        transport.writeEof();
    }

    /** True if {@link #writeEof()} is possible: it is for a TCP connection and for a pipe. */
    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    /**
     * Closes the connection: buffered data is still sent, then the socket is closed. Returns at
     * once; {@link #waitClosed()} waits until it is closed. Idempotent.
     */
    public void close() {
        transport.close();
    }

    /** True once {@link #close()} was called or the connection was lost. */
    public boolean isClosing() {
        return transport.isClosing();
    }

    /**
     * Suspends until the connection is closed. Raises the error that ended the connection, if
     * it was lost with one (a {@link ConnectionResetError}, say).
     */
    public void waitClosed() {
        Aio.await(protocol.closeWaiter());
    }

    /**
     * Information about the connection (asyncio's {@code get_extra_info}): "peername" and
     * "sockname" give an {@link Address} (for a Unix domain socket, its path: the server's
     * file, or '' for the client's unnamed end), "socket" the {@code SocketChannel}. Returns
     * null for an unknown name, and for a pipe.
     */
    @SuppressWarnings("unchecked")
    public <T> T getExtraInfo(String name) {
        return (T) transport.getExtraInfo(name);
    }

    /** {@link #getExtraInfo(String)}, or {@code defaultValue} when it is null. */
    public <T> T getExtraInfo(String name, T defaultValue) {
        T value = getExtraInfo(name);
        return value != null ? value : defaultValue;
    }

    /**
     * Waits until it is appropriate to write more: returns at once while the write buffer is
     * below its high-water mark (64 KiB), else suspends until it drains to the low-water mark
     * (16 KiB). Raises the reader's error if the connection failed, and
     * {@link ConnectionResetError} ("Connection lost") once the connection is closed or lost; for
     * a pipe, the error of a write that failed. Cancelling the task cancels only the wait; the
     * data stays buffered.
     */
    public void drain() {
        if (reader != null) {
            Throwable exc = reader.exception();
            if (exc != null) {
                throw Aio.sneaky(exc);
            }
        }
        if (transport.isClosing()) {
            // Let connection_lost() run first, so that a write-drain loop on a closed socket
            // sees the error instead of spinning forever (bpo-25441).
            Aio.sleep(0);
        }
        protocol.drainHelper();
    }

    WriteTransport transport() {
        return transport;
    }

    FlowControl protocol() {
        return protocol;
    }

    @Override
    public String toString() {
        return "<StreamWriter transport=" + transport + (reader != null ? " reader=" + reader : "") + ">";
    }
}
