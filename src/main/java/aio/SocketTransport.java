package aio;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A connected socket (TCP, or a Unix domain socket) driven by the loop's selector: CPython's
 * {@code _SelectorSocketTransport}. No thread per connection: the loop calls
 * {@link #readReady()} when the socket is readable and {@link #writeReady()} when it can take
 * more of the write buffer.
 *
 * <p>Reading hands each chunk to the protocol (up to 256 KiB per readiness event); a reset or
 * another error closes the transport and reports the error to the protocol. Writing sends
 * what the socket takes at once and buffers the rest; above the high-water mark (64 KiB) the
 * protocol is told to pause writing, and at the low-water mark (16 KiB) to resume.
 * {@link #close()} flushes the buffer before closing; {@link #abort()} drops it.
 */
final class SocketTransport implements WriteTransport {
    /** asyncio's {@code max_size}: the most one read takes from the socket. */
    static final int MAX_READ = 256 * 1024;
    /** Largest slice handed to one write call: the JDK copies heap buffers into a cached direct buffer of that size. */
    private static final int MAX_WRITE = 256 * 1024;
    /** asyncio's {@code LOG_THRESHOLD_FOR_CONNLOST_WRITES}. */
    private static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;
    /** One read buffer per loop thread: reads never overlap on a thread, and 1,000 connections need not hold 1,000 buffers. */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocate(MAX_READ));

    private final EventLoop loop;
    private final SocketChannel channel;
    private StreamProtocol protocol;
    private Server server;
    private final Address peername;
    private final Address sockname;

    private final ArrayDeque<ByteBuffer> writeBuffer = new ArrayDeque<>();
    private long bufferSize;
    private int highWater = 64 * 1024;
    private int lowWater = 16 * 1024;
    private boolean protocolPaused;   // writing: the protocol was told to pause

    private boolean closing;
    private boolean eof;              // write_eof() was called
    private boolean readingPaused;
    /** Counts the ways the connection was lost (asyncio's {@code _conn_lost}); nonzero: nothing more goes out. */
    private int connLost;

    /**
     * Wraps a connected, non-blocking channel, tells the protocol the connection is made, and
     * starts reading. {@code server} (may be null) is told when the connection ends.
     */
    SocketTransport(EventLoop loop, SocketChannel channel, StreamProtocol protocol, Server server) {
        this.loop = loop;
        this.channel = channel;
        this.protocol = protocol;
        this.server = server;
        Address peer = null, local = null;
        try {
            peer = Address.of(channel.getRemoteAddress());
            local = Address.of(channel.getLocalAddress());
            // asyncio turns Nagle's algorithm off for TCP transports (base_events._set_nodelay);
            // a Unix domain socket has no such thing.
            if (channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
        } catch (IOException e) {
            // the peer may already be gone: the first read will say so
        }
        this.peername = peer;
        this.sockname = local;
        if (server != null) {
            server.attach(this);
        }
        protocol.connectionMade(this);
        loop.addReader(channel, this::readReady);
    }

    // ---- reading ----

    private void readReady() {
        if (connLost > 0) {
            return;
        }
        ByteBuffer buf = READ_BUFFER.get();
        buf.clear();
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            fatalError(e, "Fatal read error on socket transport");
            return;
        }
        if (n == 0) {
            return;
        }
        if (n < 0) {
            readEof();
            return;
        }
        try {
            protocol.dataReceived(buf.array(), 0, n);
        } catch (RuntimeException e) {
            fatalError(e, "Fatal error: protocol.data_received() call failed.");
        }
    }

    private void readEof() {
        if (loop.getDebug()) {
            loop.log(this + " received EOF");
        }
        boolean keepOpen;
        try {
            keepOpen = protocol.eofReceived();
        } catch (RuntimeException e) {
            fatalError(e, "Fatal error: protocol.eof_received() call failed.");
            return;
        }
        if (keepOpen) {
            // We can still write, but there is nothing more to read.
            loop.removeReader(channel);
        } else {
            close();
        }
    }

    /** True while the transport reads from the socket (not closing, not paused). */
    boolean isReading() {
        return !closing && !readingPaused;
    }

    /** Stops reading from the socket until {@link #resumeReading()}: the reader's buffer is full. */
    void pauseReading() {
        if (!isReading()) {
            return;
        }
        readingPaused = true;
        loop.removeReader(channel);
        if (loop.getDebug()) {
            loop.log(this + " pauses reading");
        }
    }

    void resumeReading() {
        if (closing || !readingPaused) {
            return;
        }
        readingPaused = false;
        loop.addReader(channel, this::readReady);
        if (loop.getDebug()) {
            loop.log(this + " resumes reading");
        }
    }

    // ---- writing ----

    /**
     * Sends {@code data}: as much as the socket takes now, the rest is buffered (copied) and
     * sent when the socket is writable. Ignored once the connection is lost (a warning after
     * several such writes). Raises IllegalStateException after {@link #writeEof()}.
     */
    @Override
    public void write(byte[] data, int off, int len) {
        checkThread();
        if (eof) {
            throw new IllegalStateException("Cannot call write() after write_eof()");
        }
        if (len == 0) {
            return;
        }
        if (connLost > 0) {
            if (connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
                loop.log("socket.send() raised exception.");
            }
            connLost++;
            return;
        }
        ByteBuffer rest = ByteBuffer.wrap(data, off, len);
        if (writeBuffer.isEmpty()) {
            // Optimization: try to send now.
            try {
                writeSome(rest);
            } catch (IOException e) {
                fatalError(e, "Fatal write error on socket transport");
                return;
            }
            if (!rest.hasRemaining()) {
                return;
            }
            loop.addWriter(channel, this::writeReady);
        }
        // The caller may reuse its array: keep a copy of what is left.
        writeBuffer.add(ByteBuffer.wrap(Arrays.copyOfRange(data, rest.position(), off + len)));
        bufferSize += rest.remaining();
        maybePauseProtocol();
    }

    /** Writes from {@code b} until the socket takes less than offered; returns the bytes written. */
    private int writeSome(ByteBuffer b) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            int chunk = Math.min(b.remaining(), MAX_WRITE);
            ByteBuffer slice = b.slice(b.position(), chunk);
            int n = channel.write(slice);
            b.position(b.position() + n);
            total += n;
            if (n < chunk) {
                break;
            }
        }
        return total;
    }

    private void writeReady() {
        if (connLost > 0) {
            return;
        }
        try {
            while (!writeBuffer.isEmpty()) {
                ByteBuffer b = writeBuffer.peekFirst();
                bufferSize -= writeSome(b);
                if (b.hasRemaining()) {
                    break;
                }
                writeBuffer.pollFirst();
            }
        } catch (IOException e) {
            loop.removeWriter(channel);
            writeBuffer.clear();
            bufferSize = 0;
            fatalError(e, "Fatal write error on socket transport");
            return;
        }
        maybeResumeProtocol(); // may write more
        if (writeBuffer.isEmpty()) {
            loop.removeWriter(channel);
            if (closing) {
                callConnectionLost(null);
            } else if (eof) {
                shutdownOutput();
            }
        }
    }

    /** Half-closes: sends EOF once the buffer is flushed; reading goes on. */
    @Override
    public void writeEof() {
        checkThread();
        if (closing || eof) {
            return;
        }
        eof = true;
        if (writeBuffer.isEmpty()) {
            shutdownOutput();
        }
    }

    /** True: a TCP connection can be half-closed. */
    @Override
    public boolean canWriteEof() {
        return true;
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            fatalError(e, "Fatal error on socket transport: shutdown failed");
        }
    }

    /** Bytes buffered and not yet handed to the socket. */
    @Override
    public long getWriteBufferSize() {
        return bufferSize;
    }

    /** asyncio's {@code set_write_buffer_limits}: high defaults to 64 KiB (or 4 × low), low to high / 4. */
    void setWriteBufferLimits(Integer high, Integer low) {
        int h, l;
        if (high == null) {
            h = low == null ? 64 * 1024 : 4 * low;
        } else {
            h = high;
        }
        l = low == null ? h / 4 : low;
        if (!(h >= l && l >= 0)) {
            throw new IllegalArgumentException("high (" + h + ") must be >= low (" + l + ") must be >= 0");
        }
        highWater = h;
        lowWater = l;
        maybePauseProtocol();
    }

    private void maybePauseProtocol() {
        if (bufferSize <= highWater) {
            return;
        }
        if (!protocolPaused) {
            protocolPaused = true;
            protocol.pauseWriting();
        }
    }

    private void maybeResumeProtocol() {
        if (protocolPaused && bufferSize <= lowWater) {
            protocolPaused = false;
            protocol.resumeWriting();
        }
    }

    // ---- closing ----

    @Override
    public boolean isClosing() {
        return closing;
    }

    /**
     * Closes after the buffered data is sent: stops reading now, and once the buffer is empty
     * closes the socket and tells the protocol (on a later loop iteration). Idempotent.
     */
    @Override
    public void close() {
        checkThread();
        if (closing) {
            return;
        }
        closing = true;
        loop.removeReader(channel);
        if (writeBuffer.isEmpty()) {
            connLost++;
            loop.removeWriter(channel);
            loop.callSoon(() -> callConnectionLost(null));
        }
    }

    /** Closes at once, dropping unsent data. */
    void abort() {
        checkThread();
        forceClose(null);
    }

    /** Raises IllegalStateException, changing nothing, off the loop's thread (see {@link EventLoop#checkThread}). */
    void checkThread() {
        loop.checkThread();
    }

    /**
     * An error ends the connection. I/O errors are the peer's doing and expected (a reset, a
     * broken pipe): they go to the protocol quietly, as aio's {@link ConnectionError}s. Anything
     * else is a bug and is also reported to the loop's exception handler.
     */
    private void fatalError(Throwable exc, String message) {
        Throwable error = exc;
        if (exc instanceof IOException io) {
            error = ConnectionError.of(io, null);
            if (loop.getDebug()) {
                loop.log(this + ": " + message + ": " + exc);
            }
        } else {
            loop.callExceptionHandler(new ErrorContext(message + " (" + this + ")", exc, null, null));
        }
        forceClose(error);
    }

    private void forceClose(Throwable exc) {
        if (connLost > 0) {
            return;
        }
        if (!writeBuffer.isEmpty()) {
            writeBuffer.clear();
            bufferSize = 0;
            loop.removeWriter(channel);
        }
        if (!closing) {
            closing = true;
            loop.removeReader(channel);
        }
        connLost++;
        loop.callSoon(() -> callConnectionLost(exc));
    }

    private void callConnectionLost(Throwable exc) {
        try {
            if (protocol != null) {
                protocol.connectionLost(exc);
            }
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                // closing is all we wanted
            }
            protocol = null;
            Server s = server;
            if (s != null) {
                server = null;
                s.detach(this);
            }
        }
    }

    // ---- information ----

    /**
     * asyncio's {@code get_extra_info}: "peername" and "sockname" ({@link Address}), "socket"
     * (the {@link SocketChannel}); null for anything else.
     */
    @Override
    public Object getExtraInfo(String name) {
        return switch (name) {
            case "peername" -> peername;
            case "sockname" -> sockname;
            case "socket" -> channel;
            default -> null;
        };
    }

    @Override
    public String toString() {
        String read = closing ? "closed" : readingPaused ? "paused" : "polling";
        String write = writeBuffer.isEmpty() ? "idle" : "polling";
        return "<SocketTransport peer=" + peername + " read=" + read
                + " write=<" + write + ", bufsize=" + bufferSize + ">" + (closing ? " closing" : "") + ">";
    }
}
