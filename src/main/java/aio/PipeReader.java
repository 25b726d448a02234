package aio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The read end of a subprocess pipe ({@link Subprocess#stdout()}, {@link Subprocess#stderr()}), with
 * the reading methods of asyncio's {@code StreamReader}: {@code read}, {@code readline},
 * {@code readexactly}, {@code readuntil}, {@code atEof}. The methods that wait suspend the
 * calling task, so they must be called inside one; one task at a time may wait on a reader.
 *
 * <p>How data gets here: Java's process pipes are blocking streams, not selectable channels, so
 * one virtual thread per pipe reads chunks and hands each to the loop with
 * {@code callSoonThreadsafe}. Back-pressure: once more than {@code limit} bytes (64 KiB by
 * default) wait in the buffer, that thread stops reading until the program consumes some, so a
 * chatty process fills its OS pipe and blocks instead of filling our memory (asyncio pauses the
 * transport the same way). While the thread reads, the loop counts an external wait so that the
 * virtual clock does not jump past data that is on its way; while it is paused, it does not.
 *
 * <p>TODO: share the buffer and the read methods with the socket StreamReader once both exist;
 * this class was kept separate only so the two could be written at the same time.
 */
public final class PipeReader {
    /** How much one read from the pipe takes at most (a Linux pipe holds 64 KiB). */
    static final int CHUNK = 64 * 1024;

    private final EventLoop loop;
    private final String name;
    private final int limit;

    // ---- loop side: touched only on the loop thread ----
    private byte[] buf = new byte[256];
    private int start, end; // the unread bytes are buf[start, end)
    private boolean eof;
    private RuntimeException exception;
    private Future<Object> waiter;
    /** True while this pipe is counted as one of the loop's external waits. */
    private boolean holding;
    private boolean paused;
    private boolean abandoned;
    private Runnable onFlowChange, onEnd;
    /** How often the pump was paused and resumed: for tests (asyncio's test_pause_reading). */
    int pauses, resumes;

    // ---- shared with the pump thread, under lock ----
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition mayRead = lock.newCondition();
    /** Bytes the pump has read and the program has not consumed yet (some may still be on their way to the loop). */
    private long unconsumed;
    /** The pump waits while {@code unconsumed > threshold}: the limit, raised when a reader needs more than that. */
    private long threshold;

    PipeReader(EventLoop loop, String name, int limit) {
        this.loop = loop;
        this.name = name;
        this.limit = limit;
        this.threshold = limit;
    }

    /** Starts the pump thread on {@code in}. Loop thread; called once. */
    void start(InputStream in) {
        hold(true);
        Thread.ofVirtual().name("aio-pipe-" + name.replace(' ', '-')).start(() -> pump(in));
    }

    /** Called on the loop when the pump is paused or resumed. */
    void onFlowChange(Runnable r) {
        onFlowChange = r;
    }

    /** Called on the loop once end of file (or a read error) has arrived. */
    void onEnd(Runnable r) {
        onEnd = r;
    }

    // ---- the pump: runs on its own virtual thread ----

    private void pump(InputStream in) {
        byte[] chunk = new byte[CHUNK];
        try {
            while (true) {
                int n = in.read(chunk);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    continue;
                }
                byte[] data = Arrays.copyOf(chunk, n);
                lock.lock();
                try {
                    unconsumed += n;
                } finally {
                    lock.unlock();
                }
                if (!ToThread.deliver(loop, () -> feedData(data)) || !awaitRoom()) {
                    in.close(); // the loop is gone: the program gets EPIPE rather than blocking forever
                    return;
                }
            }
            ToThread.deliver(loop, this::feedEof);
        } catch (IOException e) {
            ToThread.deliver(loop, () -> feedError(e));
        }
    }

    /** Waits until the loop has consumed enough; false if the loop closed meanwhile. */
    private boolean awaitRoom() {
        lock.lock();
        try {
            while (unconsumed > threshold) {
                if (loop.isClosed()) {
                    return false;
                }
                mayRead.await(1, TimeUnit.SECONDS); // wakes now and then to notice a closed loop
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    // ---- feeding: loop thread, called by the pump through callSoonThreadsafe ----

    private void feedData(byte[] data) {
        append(data);
        wakeWaiter();
        updateFlow(0);
    }

    private void feedEof() {
        eof = true;
        endReached();
    }

    private void feedError(IOException e) {
        exception = new UncheckedIOException("reading " + name + " failed: " + e.getMessage(), e);
        endReached();
    }

    private void endReached() {
        wakeWaiter();
        hold(false);
        boolean wasPaused = paused;
        paused = false;
        if (wasPaused && onFlowChange != null) {
            onFlowChange.run();
        }
        if (onEnd != null) {
            onEnd.run();
        }
    }

    /**
     * Re-decides whether the pump may read, after {@code consumed} bytes were taken from the
     * buffer or data arrived: paused while more than the threshold is buffered, and the
     * threshold is back to the limit once the buffer is below it.
     */
    private void updateFlow(int consumed) {
        boolean pause;
        lock.lock();
        try {
            unconsumed -= consumed;
            int buffered = end - start;
            if (abandoned) {
                threshold = Long.MAX_VALUE;
            } else if (buffered <= limit) {
                threshold = limit;
            }
            pause = buffered > threshold;
            if (!pause) {
                mayRead.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (ended() || pause == paused) {
            return;
        }
        paused = pause;
        if (pause) {
            pauses++;
        } else {
            resumes++;
        }
        hold(!pause);
        if (onFlowChange != null) {
            onFlowChange.run();
        }
    }

    private boolean ended() {
        return eof || exception != null;
    }

    private void hold(boolean on) {
        if (on != holding) {
            holding = on;
            if (on) {
                loop.externalWaitBegan();
            } else {
                loop.externalWaitEnded();
            }
        }
    }

    /** True while the pump is stopped because the buffer is full (for {@link Subprocess}). */
    boolean paused() {
        return paused;
    }

    /** True once end of file or a read error arrived: nothing more will come. */
    boolean finished() {
        return ended();
    }

    /** Bytes waiting in the buffer (for tests). */
    int buffered() {
        return end - start;
    }

    /** The process is being closed: let the pump read to the end without waiting for anyone. */
    void abandon() {
        abandoned = true;
        updateFlow(0);
    }

    private void wakeWaiter() {
        Future<Object> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.cancelled()) {
                w.setResult(null);
            }
        }
    }

    /** Suspends the current task until data or end of file arrives (asyncio's {@code _wait_for_data}). */
    private void waitForData(String funcName) {
        if (waiter != null) {
            throw new IllegalStateException(funcName + "() called while another task is already waiting for incoming data");
        }
        if (paused) {
            // Waiting while paused would deadlock (readexactly(n) with n > limit): let the pump go on.
            lock.lock();
            try {
                threshold = (long) (end - start) + limit;
            } finally {
                lock.unlock();
            }
            updateFlow(0);
        }
        Future<Object> w = loop.createFuture();
        waiter = w;
        try {
            Aio.await(w);
        } finally {
            if (waiter == w) {
                waiter = null;
            }
        }
    }

    // ---- the buffer ----

    private void append(byte[] data) {
        int n = end - start;
        if (end + data.length > buf.length) {
            if (n + data.length <= buf.length / 2) {
                System.arraycopy(buf, start, buf, 0, n); // enough room once compacted
            } else {
                byte[] bigger = new byte[Math.max(buf.length * 2, n + data.length)];
                System.arraycopy(buf, start, bigger, 0, n);
                buf = bigger;
            }
            start = 0;
            end = n;
        }
        System.arraycopy(data, 0, buf, end, data.length);
        end += data.length;
    }

    /** Removes and returns the first {@code n} buffered bytes; lets the pump read again if there is room. */
    private byte[] take(int n) {
        byte[] out = Arrays.copyOfRange(buf, start, start + n);
        start += n;
        if (start == end) {
            start = end = 0;
            if (buf.length > 4 * CHUNK) {
                buf = new byte[256]; // do not keep a big buffer after a burst
            }
        }
        updateFlow(n);
        return out;
    }

    private int indexOf(byte[] sep, int from) {
        outer:
        for (int i = start + from; i <= end - sep.length; i++) {
            for (int j = 0; j < sep.length; j++) {
                if (buf[i + j] != sep[j]) {
                    continue outer;
                }
            }
            return i - start;
        }
        return -1;
    }

    private void throwIfFailed() {
        if (exception != null) {
            throw exception;
        }
    }

    // ---- reading: asyncio's StreamReader API ----

    /** Reads until end of file and returns everything (asyncio's {@code read()}). */
    public byte[] read() {
        return read(-1);
    }

    /**
     * Reads up to {@code n} bytes: suspends the task until at least one byte or end of file is
     * there, and returns what is buffered, at most {@code n}. Returns an empty array at end of
     * file or when {@code n} is 0. With {@code n < 0}, reads until end of file and returns it all.
     * Raises the pipe's read error, if there was one.
     */
    public byte[] read(int n) {
        throwIfFailed();
        if (n == 0) {
            return new byte[0];
        }
        if (n < 0) {
            // As asyncio: read blocks of at most `limit`, so the pump keeps flowing meanwhile.
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            while (true) {
                byte[] block = read(limit);
                if (block.length == 0) {
                    return all.toByteArray();
                }
                all.writeBytes(block);
            }
        }
        if (end == start && !eof) {
            waitForData("read");
            throwIfFailed();
        }
        return take(Math.min(n, end - start));
    }

    /**
     * Reads one line, up to and including {@code \n}. At end of file, returns the partial last
     * line, or an empty array when nothing is left. Raises {@link IllegalArgumentException}
     * (asyncio's ValueError) if the line is longer than the limit; the buffered part of it is
     * discarded.
     */
    public byte[] readline() {
        byte[] sep = {'\n'};
        try {
            return readuntil(sep);
        } catch (IncompleteReadError e) {
            return e.partial();
        } catch (LimitOverrunError e) {
            if (e.consumed() < end - start && indexOf(sep, e.consumed()) == e.consumed()) {
                take(e.consumed() + sep.length);
            } else {
                take(end - start);
            }
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Reads up to and including {@code separator}. Raises {@link IncompleteReadError} (with the
     * bytes read so far, which are consumed) if end of file comes first, and
     * {@link LimitOverrunError} (consuming nothing) if more than the limit arrives without it.
     */
    public byte[] readuntil(byte[] separator) {
        int seplen = separator.length;
        if (seplen == 0) {
            throw new IllegalArgumentException("Separator should be at least one-byte string");
        }
        throwIfFailed();
        int offset = 0;
        int isep;
        while (true) {
            int buflen = end - start;
            if (buflen - offset >= seplen) {
                isep = indexOf(separator, offset);
                if (isep != -1) {
                    break;
                }
                offset = buflen + 1 - seplen;
                if (offset > limit) {
                    throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
                }
            }
            if (eof) {
                throw new IncompleteReadError(take(end - start), null);
            }
            waitForData("readuntil");
            throwIfFailed();
        }
        if (isep > limit) {
            throw new LimitOverrunError("Separator is found, but chunk is longer than limit", isep);
        }
        return take(isep + seplen);
    }

    /**
     * Reads exactly {@code n} bytes, suspending until they are there. Raises
     * {@link IncompleteReadError} (with the bytes read, which are consumed) if end of file comes
     * first. {@code n} may exceed the limit: the pump is then let past it for this read.
     */
    public byte[] readexactly(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("readexactly size can not be less than zero");
        }
        throwIfFailed();
        if (n == 0) {
            return new byte[0];
        }
        while (end - start < n) {
            if (eof) {
                throw new IncompleteReadError(take(end - start), n);
            }
            waitForData("readexactly");
            throwIfFailed();
        }
        return take(n);
    }

    /** True when end of file has arrived and the buffer is empty: every read now returns nothing. */
    public boolean atEof() {
        return eof && end == start;
    }

    /** The read error that ended the pipe, or null. */
    public RuntimeException exception() {
        return exception;
    }

    // ---- text helpers: UTF-8 ----

    /** {@link #read()} decoded as UTF-8: everything until end of file. */
    public String readText() {
        return new String(read(-1), StandardCharsets.UTF_8);
    }

    /**
     * {@link #read(int)} decoded as UTF-8. A character split across reads decodes to U+FFFD on
     * each side: read lines (or everything) for text.
     */
    public String readText(int n) {
        return new String(read(n), StandardCharsets.UTF_8);
    }

    /** {@link #readline()} decoded as UTF-8, with its {@code \n}; "" at end of file. */
    public String readlineText() {
        return new String(readline(), StandardCharsets.UTF_8);
    }

    /** {@link #readuntil(byte[])} with a UTF-8 separator, decoded as UTF-8. */
    public String readuntilText(String separator) {
        return new String(readuntil(separator.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<PipeReader ").append(name);
        if (end > start) {
            sb.append(' ').append(end - start).append(" bytes");
        }
        if (eof) {
            sb.append(" eof");
        }
        if (paused) {
            sb.append(" paused");
        }
        if (waiter != null) {
            sb.append(" waiter=").append(waiter);
        }
        if (exception != null) {
            sb.append(" exception=").append(Aio.repr(exception));
        }
        return sb.append('>').toString();
    }
}
