package aio;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write end of a subprocess pipe ({@link Subprocess#stdin()}), with the writing methods of
 * asyncio's {@code StreamWriter}: {@code write} buffers and returns at once, {@code drain}
 * suspends the task while too much is buffered, {@code close} then {@code waitClosed}.
 *
 * <p>Java's process pipes are blocking streams, so a virtual thread writes the buffered chunks
 * and reports each to the loop with {@code callSoonThreadsafe}. It exists only while there is
 * something to write (no idle thread per pipe), and while it exists the loop counts an external
 * wait, so the virtual clock does not jump past a write in progress.
 *
 * <p>A write error (the program exited or closed its stdin: "Broken pipe") is raised by the next
 * {@link #drain()} and by {@link #waitClosed()}; later writes are dropped, as asyncio does.
 *
 * <p>TODO: share code with the socket StreamWriter once both exist.
 */
public final class PipeWriter {
    /** asyncio's default high-water mark for write buffers: drain() waits above it... */
    static final int HIGH_WATER = 64 * 1024;
    /** ... until the buffer is down to the low-water mark. */
    static final int LOW_WATER = HIGH_WATER / 4;
    /** The queue item that means "close the stream" (compared by identity). */
    private static final byte[] CLOSE = new byte[0];

    private final EventLoop loop;
    private final OutputStream out;
    private final String name;

    // ---- shared with the writer thread, under lock ----
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private boolean threadActive;
    /** Set by a writer thread when a write failed; read by the next one (handed over under lock). */
    private boolean failedOnThread;

    // ---- loop side ----
    private long buffered;
    private boolean paused;
    private boolean closing;
    private IOException error;
    private final List<Future<Object>> drainWaiters = new ArrayList<>();
    private final Future<Object> closed;

    PipeWriter(EventLoop loop, OutputStream out, String name) {
        this.loop = loop;
        this.out = out;
        this.name = name;
        this.closed = new Future<>(loop);
    }

    /**
     * Buffers {@code data} to be written and returns at once (the array is copied). Call
     * {@link #drain()} after writing a lot. Raises IllegalStateException after {@link #close()};
     * silently drops the data once a write has failed ({@link #drain()} reports that).
     */
    public void write(byte[] data) {
        if (closing) {
            throw new IllegalStateException("write() on " + name + " after close()");
        }
        if (data.length == 0 || error != null) {
            return;
        }
        buffered += data.length;
        if (buffered > HIGH_WATER) {
            paused = true;
        }
        enqueue(data.clone());
    }

    /** {@link #write(byte[])} of the string's UTF-8 bytes. */
    public void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Suspends the current task until the buffer is small enough to write more (at once if it is
     * already). Raises {@link UncheckedIOException} if a write failed (e.g. Broken pipe).
     */
    public void drain() {
        throwIfFailed();
        if (!paused) {
            return;
        }
        Future<Object> w = loop.createFuture();
        drainWaiters.add(w);
        try {
            Aio.await(w);
        } finally {
            drainWaiters.remove(w);
        }
        throwIfFailed();
    }

    /** Closes the pipe once what is buffered has been written: the program sees end of file. Idempotent. */
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        enqueue(CLOSE);
    }

    /** For a pipe the same as {@link #close()}: asyncio's {@code write_eof}. */
    public void writeEof() {
        close();
    }

    /** Always true: a pipe can signal end of file (by closing). */
    public boolean canWriteEof() {
        return true;
    }

    /** True once {@link #close()} was called. */
    public boolean isClosing() {
        return closing;
    }

    /**
     * Suspends the current task until the pipe is closed (after {@link #close()}). Raises
     * {@link UncheckedIOException} if writing or closing failed.
     */
    public void waitClosed() {
        Aio.await(closed);
    }

    private void throwIfFailed() {
        if (error != null) {
            throw new UncheckedIOException(name + ": " + error.getMessage(), error);
        }
    }

    // ---- the writer thread ----

    private void enqueue(byte[] item) {
        boolean startThread;
        lock.lock();
        try {
            queue.add(item);
            startThread = !threadActive;
            threadActive = true;
        } finally {
            lock.unlock();
        }
        if (startThread) {
            loop.externalWaitBegan(); // ended by the thread's last callback
            Thread.ofVirtual().name("aio-pipe-" + name.replace(' ', '-')).start(this::pump);
        }
    }

    /** Writes queued chunks until the queue is empty, then ends. Runs on a virtual thread. */
    private void pump() {
        while (true) {
            byte[] item;
            boolean failed;
            lock.lock();
            try {
                item = queue.poll();
                if (item == null) {
                    threadActive = false;
                }
                failed = failedOnThread;
            } finally {
                lock.unlock();
            }
            if (item == null) {
                ToThread.deliver(loop, loop::externalWaitEnded);
                return;
            }
            IOException err = null;
            if (item == CLOSE) {
                try {
                    out.close();
                } catch (IOException e) {
                    err = failed ? null : e; // the write error is the one to report
                }
                IOException e = err;
                ToThread.deliver(loop, () -> closedDone(e));
                continue;
            }
            if (!failed) {
                try {
                    out.write(item);
                    out.flush();
                } catch (IOException e) {
                    err = e;
                    lock.lock();
                    try {
                        failedOnThread = true;
                    } finally {
                        lock.unlock();
                    }
                }
            }
            int n = item.length;
            IOException e = err;
            ToThread.deliver(loop, () -> written(n, e));
        }
    }

    // ---- loop side: the thread's reports ----

    private void written(int n, IOException e) {
        buffered -= n;
        if (e != null && error == null) {
            error = e;
        }
        if (paused && (error != null || buffered <= LOW_WATER)) {
            paused = false;
            wakeDrainWaiters();
        }
    }

    private void closedDone(IOException e) {
        if (e != null && error == null) {
            error = e;
        }
        paused = false;
        wakeDrainWaiters();
        if (error != null) {
            closed.setException(new UncheckedIOException(name + ": " + error.getMessage(), error));
            closed.logTraceback = false; // reported by drain()/waitClosed() if anyone asks; not an unhandled error
        } else {
            closed.setResult(null);
        }
    }

    private void wakeDrainWaiters() {
        for (Future<Object> w : List.copyOf(drainWaiters)) {
            if (!w.done()) {
                w.setResult(null);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<PipeWriter ").append(name);
        if (buffered > 0) {
            sb.append(' ').append(buffered).append(" bytes buffered");
        }
        if (closed.done()) {
            sb.append(" closed");
        } else if (closing) {
            sb.append(" closing");
        }
        if (error != null) {
            sb.append(" error=").append(Aio.repr(error));
        }
        return sb.append('>').toString();
    }
}
