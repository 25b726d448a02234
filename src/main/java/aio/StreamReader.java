package aio;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The reading half of a connection, or a subprocess's stdout or stderr: asyncio's
 * {@code StreamReader}, a port of CPython's {@code streams.py}, which serves sockets and pipes
 * alike. The transport feeds it bytes as they arrive; the read methods take them out,
 * suspending the calling task while there is not enough yet.
 *
 * <p>The buffer has a limit (64 KiB by default): {@link #readline()} and {@link #readuntil}
 * refuse lines longer than it, and the transport stops reading while too much is buffered (flow
 * control, so a fast peer or a chatty process cannot fill the memory): a socket once more than
 * twice the limit is buffered, until the buffer drains to the limit; a pipe once more than the
 * limit is (see {@link ReadPipeTransport}).
 *
 * <p>Every read method has a String variant ({@code readString}, {@code readlineString}, ...)
 * that decodes the bytes as UTF-8; malformed input becomes U+FFFD. Only one task may wait on a
 * reader at a time. Not thread-safe: use it on its loop's thread.
 *
 * <p>Unlike asyncio's, a reader takes no loop when it is made (asyncio's raises "no current
 * event loop" outside one): it may be made anywhere, and belongs to the loop of its transport,
 * or else of the task waiting on it.
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
    /** Where the data comes from, told how full the buffer is; null until a transport is set. */
    private Source source;

    /**
     * Where a reader's data comes from, as the reader sees it: told how full the buffer is, so
     * that it can hold the data back while too much is buffered and let it flow again (flow
     * control). A socket does it as CPython's StreamReader does ({@link TransportSource}), a
     * subprocess pipe its own way ({@link ReadPipeTransport}).
     */
    interface Source {
        /** Data was fed: {@code buffered} bytes are in the buffer now. */
        void fed(int buffered);

        /** A read took {@code n} bytes out of the buffer; {@code buffered} are left. */
        void consumed(int n, int buffered);

        /**
         * A task is about to wait for more data than the {@code buffered} bytes: data held back
         * must flow again, or the wait would never end (readexactly(n) with n beyond the limit).
         */
        void wanted(int buffered);

        /** True while the data is held back. */
        boolean paused();

        /** Raises IllegalStateException, changing nothing, off the thread of the loop the source runs on. */
        void checkThread();
    }

    /**
     * A socket's flow control, CPython's StreamReader's own ({@code _paused}): pause the
     * transport's reading once more than twice the limit is buffered, resume it when the buffer
     * is down to the limit ({@code _maybe_resume_transport}) or a task waits for data.
     */
    private static final class TransportSource implements Source {
        private final SocketTransport transport;
        private final int limit;
        /** True while this reader has paused the transport's reading (buffer over 2 × limit). */
        private boolean paused;

        TransportSource(SocketTransport transport, int limit) {
            this.transport = transport;
            this.limit = limit;
        }

        @Override
        public void fed(int buffered) {
            if (!paused && buffered > 2L * limit) {
                transport.pauseReading();
                paused = true;
            }
        }

        @Override
        public void consumed(int n, int buffered) {
            if (paused && buffered <= limit) {
                paused = false;
                transport.resumeReading();
            }
        }

        @Override
        public void wanted(int buffered) {
            if (paused) {
                paused = false;
                transport.resumeReading();
            }
        }

        @Override
        public boolean paused() {
            return paused;
        }

        @Override
        public void checkThread() {
            transport.checkThread();
        }

        @Override
        public String toString() {
            return transport.toString();
        }
    }

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
        checkThread();
        this.exception = exc;
        Future<Object> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.cancelled()) {
                w.setException(exc);
            }
        }
    }

    /**
     * Raises IllegalStateException, before anything changes, when called off the thread of the
     * loop this reader is used on (its transport's, or its waiting task's). A reader with
     * neither is not tied to a loop yet.
     */
    private void checkThread() {
        Future<Object> w = waiter;
        if (w != null) {
            w.loop.checkThread();
        }
        Source s = source;
        if (s != null) {
            s.checkThread();
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
        setSource(new TransportSource(t, limit));
    }

    /** Connects the reader to what feeds it (a socket's or a pipe's transport); once. */
    void setSource(Source s) {
        if (source != null) {
            throw new IllegalStateException("Transport already set");
        }
        source = s;
    }

    /** Takes {@code n} bytes out of the buffer (at the front) and tells the source. */
    private byte[] take(int n) {
        byte[] data = buffer.take(n);
        consumed(n);
        return data;
    }

    /** Drops {@code n} bytes from the front of the buffer and tells the source. */
    private void discard(int n) {
        buffer.consume(n);
        consumed(n);
    }

    private void consumed(int n) {
        if (source != null) {
            source.consumed(n, buffer.size());
        }
    }

    /** Marks the end of the stream and wakes a waiting reader. The transport calls it at EOF. */
    public void feedEof() {
        checkThread();
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
        checkThread();
        if (eof) {
            throw new IllegalStateException("feedData after feedEof");
        }
        if (len == 0) {
            return;
        }
        buffer.append(data, off, len);
        wakeupWaiter();
        if (source != null) {
            source.fed(buffer.size());
        }
    }

    /**
     * Suspends until feedData() or feedEof() is called; lets paused data flow first (waiting
     * while paused would deadlock, e.g. readexactly(n) with n beyond the limit). Raises the
     * reader's exception if it was set meanwhile, also after data arrived (asyncio would wait on,
     * in readexactly and readuntil, forever if nothing more came).
     */
    private void waitForData(String funcName) {
        if (waiter != null) {
            throw new IllegalStateException(funcName
                    + "() called while another coroutine is already waiting for incoming data");
        }
        if (eof) {
            throw new IllegalStateException("waitForData after EOF");
        }
        if (source != null) {
            source.wanted(buffer.size());
        }
        EventLoop loop = EventLoop.running();
        if (loop == null) {
            throw new IllegalStateException("StreamReader." + funcName + "() must be called inside a task");
        }
        Future<Object> w = loop.createFuture();
        waiter = w;
        try {
            Aio.await(w);
        } finally {
            if (waiter == w) { // not another task's: it may have begun to wait after ours was woken
                waiter = null;
            }
        }
        if (exception != null) {
            throw Aio.sneaky(exception);
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
            discard(buffer.startsWith(NEWLINE, e.consumed()) ? e.consumed() + NEWLINE.length : buffer.size());
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** {@link #readline()} decoded as UTF-8 (the newline included). */
    public String readlineString() {
        return decode(readline());
    }

    /**
     * Reads up to and including a separator, suspending until one arrives. With several
     * separators (asyncio 3.13's tuple), returns the shortest data that ends with any of them;
     * for the limit, the separator that matched counts. Raises IllegalArgumentException for no
     * separator or an empty one; {@link IncompleteReadError} (its partial holding everything
     * buffered, which is consumed) if the stream ends first; {@link LimitOverrunError} if the
     * data before the separator exceeds the limit (the data stays in the buffer); the reader's
     * exception, if set.
     */
    public byte[] readuntil(byte[]... separators) {
        if (separators.length == 0) {
            throw new IllegalArgumentException("Separator should contain at least one element");
        }
        // Sorted by length, so that of two matches ending at the same place the shorter wins.
        byte[][] seps = separators.clone();
        java.util.Arrays.sort(seps, java.util.Comparator.comparingInt(sep -> sep.length));
        int minSeplen = seps[0].length;
        int maxSeplen = seps[seps.length - 1].length;
        if (minSeplen == 0) {
            throw new IllegalArgumentException("Separator should be at least one-byte string");
        }
        if (exception != null) {
            throw Aio.sneaky(exception);
        }
        // offset: how far from the start of the buffer we know no separator is.
        int offset = 0;
        int matchStart = -1;
        int matchEnd = -1;
        while (true) {
            int buflen = buffer.size();
            if (buflen - offset >= minSeplen) {
                for (byte[] sep : seps) {
                    int isep = buffer.indexOf(sep, offset);
                    if (isep != -1 && (matchEnd == -1 || isep + sep.length < matchEnd)) {
                        matchStart = isep;
                        matchEnd = isep + sep.length;
                    }
                }
                if (matchEnd != -1) {
                    break;
                }
                // The last maxSeplen - 1 bytes may be the start of a separator: search them again.
                offset = Math.max(0, buflen + 1 - maxSeplen);
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
        if (matchStart > limit) {
            throw new LimitOverrunError("Separator is found, but chunk is longer than limit", matchStart);
        }
        return take(matchEnd);
    }

    /** {@link #readuntil(byte[]...)} with UTF-8 separators, decoded as UTF-8. */
    public String readuntilString(String... separators) {
        byte[][] seps = new byte[separators.length][];
        for (int i = 0; i < separators.length; i++) {
            seps[i] = separators[i].getBytes(StandardCharsets.UTF_8);
        }
        return decode(readuntil(seps));
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
        return take(Math.min(n, buffer.size()));
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
        return take(n);
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

    /** How many bytes are buffered. */
    int bufferSize() {
        return buffer.size();
    }

    /** True while the reader keeps its transport from reading. */
    boolean isPaused() {
        return source != null && source.paused();
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
        if (source != null) {
            sb.append(" transport=").append(source);
        }
        if (isPaused()) {
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
