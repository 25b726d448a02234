package aio;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The reading half of a connection: asyncio's {@code StreamReader}, a port of CPython's
 * {@code streams.py}. The transport feeds it bytes as they arrive; the read methods take them
 * out, suspending the calling task while there is not enough yet.
 *
 * <p>The buffer has a limit (64 KiB by default): {@link #readline()} and {@link #readuntil}
 * refuse lines longer than it, and when more than twice the limit is buffered the reader
 * stops reading from the socket until the buffer drains below the limit (flow control, so a
 * fast peer cannot fill the memory).
 *
 * <p>Every read method has a String variant ({@code readString}, {@code readlineString}, ...)
 * that decodes the bytes as UTF-8; malformed input becomes U+FFFD. Only one task may wait on a
 * reader at a time. Not thread-safe: use it on its loop's thread.
 */
public final class StreamReader {
    /** asyncio's {@code _DEFAULT_LIMIT}: 64 KiB. */
    public static final int DEFAULT_LIMIT = 1 << 16;

    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] EMPTY = {};

    private final int limit;
    private final Bytes buffer = new Bytes();
    private boolean eof;
    /** A future used by waitForData(): set when data or EOF arrives. */
    private Future<Object> waiter;
    private Throwable exception;
    private SocketTransport transport;
    /** True while this reader has paused the transport's reading (buffer over 2 × limit). */
    private boolean paused;

    /** A reader with the default limit of 64 KiB. */
    public StreamReader() {
        this(DEFAULT_LIMIT);
    }

    /**
     * A reader whose line length limit is {@code limit} bytes (it also sets the buffer size at
     * which reading pauses: twice the limit). Throws IllegalArgumentException if limit &lt;= 0.
     */
    public StreamReader(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
        this.limit = limit;
    }

    /** The line length limit given at creation. */
    public int limit() {
        return limit;
    }

    /** The exception set by {@link #setException}, which every read now raises; null if none. */
    public Throwable exception() {
        return exception;
    }

    /**
     * Makes every later read raise {@code exc}, and wakes a task waiting for data with it. The
     * transport calls this when the connection is lost with an error.
     */
    public void setException(Throwable exc) {
        this.exception = exc;
        Future<Object> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.cancelled()) {
                w.setException(exc);
            }
        }
    }

    private void wakeupWaiter() {
        Future<Object> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.cancelled()) {
                w.setResult(null);
            }
        }
    }

    void setTransport(SocketTransport t) {
        if (transport != null) {
            throw new IllegalStateException("Transport already set");
        }
        transport = t;
    }

    private void maybeResumeTransport() {
        if (paused && buffer.size() <= limit) {
            paused = false;
            transport.resumeReading();
        }
    }

    /** Marks the end of the stream and wakes a waiting reader. The transport calls it at EOF. */
    public void feedEof() {
        eof = true;
        wakeupWaiter();
    }

    /** True if the end of the stream was reached and the buffer is empty: nothing more to read. */
    public boolean atEof() {
        return eof && buffer.size() == 0;
    }

    /** Appends {@code data} to the buffer and wakes a waiting reader. The transport calls it. */
    public void feedData(byte[] data) {
        feedData(data, 0, data.length);
    }

    /**
     * Appends {@code len} bytes of {@code data} from {@code off}; pauses the transport's reading
     * when the buffer grows beyond twice the limit. Throws IllegalStateException after
     * {@link #feedEof()}.
     */
    public void feedData(byte[] data, int off, int len) {
        if (eof) {
            throw new IllegalStateException("feedData after feedEof");
        }
        if (len == 0) {
            return;
        }
        buffer.append(data, off, len);
        wakeupWaiter();
        if (transport != null && !paused && buffer.size() > 2L * limit) {
            transport.pauseReading();
            paused = true;
        }
    }

    /**
     * Suspends until feedData() or feedEof() is called; resumes a paused transport first (waiting
     * while paused would deadlock, e.g. readexactly(n) with n beyond the limit).
     */
    private void waitForData(String funcName) {
        if (waiter != null) {
            throw new IllegalStateException(funcName
                    + "() called while another coroutine is already waiting for incoming data");
        }
        if (eof) {
            throw new IllegalStateException("waitForData after EOF");
        }
        if (paused) {
            paused = false;
            transport.resumeReading();
        }
        EventLoop loop = EventLoop.running();
        if (loop == null) {
            throw new IllegalStateException("StreamReader." + funcName + "() must be called inside a task");
        }
        waiter = loop.createFuture();
        try {
            Aio.await(waiter);
        } finally {
            waiter = null;
        }
    }

    /**
     * Reads one line, up to and including {@code '\n'}. At EOF returns the partial line without
     * newline, or an empty array if nothing was left. Suspends until a whole line (or EOF) is
     * there. Raises IllegalArgumentException (asyncio's ValueError) if the line is longer than
     * the limit: the line is then discarded, up to and including its newline if it was found,
     * else the whole buffer. Raises the reader's exception, if set.
     */
    public byte[] readline() {
        try {
            return readuntil(NEWLINE);
        } catch (IncompleteReadError e) {
            return e.partial();
        } catch (LimitOverrunError e) {
            if (buffer.startsWith(NEWLINE, e.consumed())) {
                buffer.consume(e.consumed() + NEWLINE.length);
            } else {
                buffer.clear();
            }
            maybeResumeTransport();
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** {@link #readline()} decoded as UTF-8 (the newline included). */
    public String readlineString() {
        return decode(readline());
    }

    /**
     * Reads up to and including {@code separator}, suspending until it arrives. Raises
     * IllegalArgumentException for an empty separator; {@link IncompleteReadError} (its partial
     * holding everything buffered, which is consumed) if the stream ends first;
     * {@link LimitOverrunError} if the data before the separator exceeds the limit (the data
     * stays in the buffer); the reader's exception, if set.
     */
    public byte[] readuntil(byte[] separator) {
        int seplen = separator.length;
        if (seplen == 0) {
            throw new IllegalArgumentException("Separator should be at least one-byte string");
        }
        if (exception != null) {
            throw Aio.sneaky(exception);
        }
        // offset: how far from the start of the buffer we know the separator is not.
        int offset = 0;
        int isep;
        while (true) {
            int buflen = buffer.size();
            if (buflen - offset >= seplen) {
                isep = buffer.indexOf(separator, offset);
                if (isep != -1) {
                    break;
                }
                // The last seplen - 1 bytes may be the start of a separator: search them again.
                offset = buflen + 1 - seplen;
                if (offset > limit) {
                    throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
                }
            }
            // A complete separator may have arrived with the EOF: look before giving up.
            if (eof) {
                byte[] chunk = buffer.take(buffer.size());
                throw new IncompleteReadError(chunk, null);
            }
            waitForData("readuntil");
        }
        if (isep > limit) {
            throw new LimitOverrunError("Separator is found, but chunk is longer than limit", isep);
        }
        byte[] chunk = buffer.take(isep + seplen);
        maybeResumeTransport();
        return chunk;
    }

    /** {@link #readuntil(byte[])} with a UTF-8 separator, decoded as UTF-8. */
    public String readuntilString(String separator) {
        return decode(readuntil(separator.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Reads up to {@code n} bytes: suspends until at least one byte is there (or EOF), then
     * returns what is buffered, at most n bytes. Returns an empty array at EOF, and for n == 0.
     * With n &lt; 0, reads until EOF and returns everything. Raises the reader's exception, if set.
     */
    public byte[] read(int n) {
        if (exception != null) {
            throw Aio.sneaky(exception);
        }
        if (n == 0) {
            return EMPTY;
        }
        if (n < 0) {
            // Read in limit-sized blocks: waiting for everything at once would deadlock once
            // the buffer passed twice the limit and reading paused.
            java.io.ByteArrayOutputStream blocks = new java.io.ByteArrayOutputStream();
            while (true) {
                byte[] block = read(limit);
                if (block.length == 0) {
                    break;
                }
                blocks.write(block, 0, block.length);
            }
            return blocks.toByteArray();
        }
        if (buffer.size() == 0 && !eof) {
            waitForData("read");
        }
        byte[] data = buffer.take(Math.min(n, buffer.size()));
        maybeResumeTransport();
        return data;
    }

    /** Reads until EOF and returns everything: {@code read(-1)}. */
    public byte[] read() {
        return read(-1);
    }

    /** {@link #read(int)} decoded as UTF-8; a character cut at the n-byte boundary becomes U+FFFD. */
    public String readString(int n) {
        return decode(read(n));
    }

    /** {@link #read()} decoded as UTF-8: everything until EOF. */
    public String readString() {
        return decode(read(-1));
    }

    /**
     * Reads exactly {@code n} bytes, suspending until they are there. Returns an empty array
     * for n == 0. Raises IllegalArgumentException for n &lt; 0, {@link IncompleteReadError} (with
     * the bytes read so far, which are consumed) if the stream ends first, and the reader's
     * exception, if set.
     */
    public byte[] readexactly(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("readexactly size can not be less than zero");
        }
        if (exception != null) {
            throw Aio.sneaky(exception);
        }
        if (n == 0) {
            return EMPTY;
        }
        while (buffer.size() < n) {
            if (eof) {
                byte[] incomplete = buffer.take(buffer.size());
                throw new IncompleteReadError(incomplete, n);
            }
            waitForData("readexactly");
        }
        byte[] data = buffer.take(n);
        maybeResumeTransport();
        return data;
    }

    /** {@link #readexactly(int)} decoded as UTF-8. */
    public String readexactlyString(int n) {
        return decode(readexactly(n));
    }

    private static String decode(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** What is buffered now, as a copy (for tests: asyncio's tests read {@code _buffer}). */
    byte[] buffered() {
        return buffer.peekAll();
    }

    /** True while the reader keeps its transport from reading. */
    boolean isPaused() {
        return paused;
    }

    /** Like asyncio's repr: {@code <StreamReader 4 bytes eof limit=123 waiter=... exception=... transport=... paused>}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<StreamReader");
        if (buffer.size() > 0) {
            sb.append(' ').append(buffer.size()).append(" bytes");
        }
        if (eof) {
            sb.append(" eof");
        }
        if (limit != DEFAULT_LIMIT) {
            sb.append(" limit=").append(limit);
        }
        if (waiter != null) {
            sb.append(" waiter=").append(waiter);
        }
        if (exception != null) {
            sb.append(" exception=").append(Aio.repr(exception));
        }
        if (transport != null) {
            sb.append(" transport=").append(transport);
        }
        if (paused) {
            sb.append(" paused");
        }
        return sb.append('>').toString();
    }

    /** A byte queue: append at the end, take from the front, without shifting on every take. */
    private static final class Bytes {
        private byte[] bytes = new byte[256];
        private int head, tail;

        int size() {
            return tail - head;
        }

        void append(byte[] data, int off, int len) {
            if (tail + len > bytes.length) {
                int size = size();
                if (size + len <= bytes.length && head >= bytes.length / 2) {
                    System.arraycopy(bytes, head, bytes, 0, size); // compact: room at the front
                } else {
                    byte[] bigger = new byte[Math.max(bytes.length * 2, size + len)];
                    System.arraycopy(bytes, head, bigger, 0, size);
                    bytes = bigger;
                }
                head = 0;
                tail = size;
            }
            System.arraycopy(data, off, bytes, tail, len);
            tail += len;
        }

        /** Removes and returns the first n bytes. */
        byte[] take(int n) {
            byte[] out = Arrays.copyOfRange(bytes, head, head + n);
            consume(n);
            return out;
        }

        void consume(int n) {
            head += n;
            if (head == tail) {
                clear();
            }
        }

        void clear() {
            head = tail = 0;
            if (bytes.length > 64 * 1024) {
                bytes = new byte[256]; // let a burst's memory go
            }
        }

        byte[] peekAll() {
            return Arrays.copyOfRange(bytes, head, tail);
        }

        /** The first index at or after {@code from} (relative to the front) where {@code sep} starts; -1 if none. */
        int indexOf(byte[] sep, int from) {
            int last = tail - sep.length;
            outer:
            for (int i = head + Math.max(0, from); i <= last; i++) {
                for (int j = 0; j < sep.length; j++) {
                    if (bytes[i + j] != sep[j]) {
                        continue outer;
                    }
                }
                return i - head;
            }
            return -1;
        }

        boolean startsWith(byte[] sep, int at) {
            if (at < 0 || at + sep.length > size()) {
                return false;
            }
            for (int j = 0; j < sep.length; j++) {
                if (bytes[head + at + j] != sep[j]) {
                    return false;
                }
            }
            return true;
        }
    }
}
