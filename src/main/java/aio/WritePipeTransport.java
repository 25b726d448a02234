package aio;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write end of a subprocess pipe, under the {@link StreamWriter} that
 * {@link Subprocess#stdin()} returns: CPython's {@code _UnixWritePipeTransport}, and its
 * protocol ({@link #protocol()}: flow control and the close waiter, the stdin part of CPython's
 * {@code SubprocessStreamProtocol}).
 *
 * <p>Java's process pipes are blocking streams, so a virtual thread writes the buffered chunks
 * and reports each to the loop with {@code callSoonThreadsafe}. It exists only while there is
 * something to write (no idle thread per pipe), and while it exists the loop counts an external
 * wait, so the virtual clock does not jump past a write in progress.
 *
 * <p>A write error (the program exited or closed its stdin: "Broken pipe") is raised by the next
 * {@link StreamWriter#drain()} and by {@link StreamWriter#waitClosed()}, as a
 * {@link BrokenPipeError} naming the pipe (another {@link ConnectionError}, all of them
 * {@link UncheckedIOException}s, for a rarer failure); later writes are dropped, as asyncio does.
 * Writing after {@link #close()} raises IllegalStateException.
 */
final class WritePipeTransport implements WriteTransport {
    /** asyncio's default high-water mark for write buffers: drain() waits above it... */
    static final int HIGH_WATER = 64 * 1024;
    /** ... until the buffer is down to the low-water mark. */
    static final int LOW_WATER = HIGH_WATER / 4;
    /** The queue item that means "close the stream" (compared by identity). */
    private static final byte[] CLOSE = new byte[0];

    private final EventLoop loop;
    private final OutputStream out;
    private final String name;
    private final StdinProtocol protocol;

    // ---- shared with the writer thread, under lock ----
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private boolean threadActive;
    /** Set by a writer thread when a write failed; read by the next one (handed over under lock). */
    private boolean failedOnThread;

    // ---- loop side ----
    private long buffered;
    /** True while the protocol is told to pause writing (the buffer went above the high-water mark). */
    private boolean protocolPaused;
    private boolean closing;
    private IOException error;
    /** {@link #error} as drain() and waitClosed() raise it: "stdin of 1234: Broken pipe". */
    private UncheckedIOException failure;

    /** The stdin writer's protocol: flow control, and the future waitClosed() awaits. */
    static final class StdinProtocol extends FlowControl {
        private final Future<Object> closed;

        StdinProtocol(EventLoop loop) {
            super(loop);
            closed = loop.createFuture();
        }

        @Override
        Future<Object> closeWaiter() {
            return closed;
        }
    }

    /** A transport named {@code name} ("stdin of 1234") writing to {@code out}. */
    WritePipeTransport(EventLoop loop, OutputStream out, String name) {
        this.loop = loop;
        this.out = out;
        this.name = name;
        this.protocol = new StdinProtocol(loop);
    }

    /** The protocol the transport reports to, for the StreamWriter over it. */
    FlowControl protocol() {
        return protocol;
    }

    /**
     * Buffers the bytes to be written and returns at once (they are copied). Raises
     * IllegalStateException after {@link #close()}; silently drops the data once a write has
     * failed (drain() reports that).
     */
    @Override
    public void write(byte[] data, int off, int len) {
        loop.checkThread(); // before anything changes
        if (closing) {
            throw new IllegalStateException("write() on " + name + " after close()");
        }
        if (len == 0 || error != null) {
            return;
        }
        buffered += len;
        if (buffered > HIGH_WATER && !protocolPaused) {
            protocolPaused = true;
            protocol.pauseWriting();
        }
        enqueue(Arrays.copyOfRange(data, off, off + len));
    }

    /** Closes the pipe once what is buffered has been written: the program sees end of file. Idempotent. */
    @Override
    public void close() {
        loop.checkThread();
        if (closing) {
            return;
        }
        closing = true;
        enqueue(CLOSE);
    }

    /** For a pipe the same as {@link #close()}: asyncio's {@code write_eof}. */
    @Override
    public void writeEof() {
        close();
    }

    /** Always true: a pipe can signal end of file (by closing). */
    @Override
    public boolean canWriteEof() {
        return true;
    }

    /** True once {@link #close()} was called. */
    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public long getWriteBufferSize() {
        return buffered;
    }

    @Override
    public Object getExtraInfo(String name) {
        return null;
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
        failed(e);
        if (protocolPaused && (error != null || buffered <= LOW_WATER)) {
            protocolPaused = false;
            protocol.resumeWriting();
        }
    }

    private void closedDone(IOException e) {
        failed(e);
        if (protocolPaused) {
            protocolPaused = false;
            protocol.resumeWriting();
        }
        if (failure != null) {
            protocol.closed.setException(failure);
            protocol.closed.retrieved(); // reported by drain()/waitClosed() if anyone asks; not an unhandled error
        } else {
            protocol.closed.setResult(null);
        }
    }

    /** Records the first error; drain() raises it from now on, waking the tasks waiting in it. */
    private void failed(IOException e) {
        if (e != null && error == null) {
            error = e;
            // The program is gone: asyncio's BrokenPipeError. Java says "Broken pipe" when the write
            // fails, or "Stream closed" once it has seen the process exit (it then swaps the pipe
            // for a closed stream; our own close() never leaves a write behind it).
            failure = "Stream closed".equals(e.getMessage())
                    ? new BrokenPipeError(name + ": Broken pipe (the process has exited)", e)
                    : ConnectionError.of(e, name);
            protocol.connectionLost(failure);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<WritePipeTransport ").append(name);
        if (buffered > 0) {
            sb.append(' ').append(buffered).append(" bytes buffered");
        }
        if (protocol.closed.done()) {
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
