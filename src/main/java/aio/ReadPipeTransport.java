package aio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The read end of a subprocess pipe, feeding the {@link StreamReader} that
 * {@link Subprocess#stdout()} and {@link Subprocess#stderr()} return: CPython's
 * {@code _UnixReadPipeTransport}, with the part of {@code SubprocessStreamProtocol} that hands
 * its data, end of file or error to the reader.
 *
 * <p>How data gets here: Java's process pipes are blocking streams, not selectable channels, so
 * one virtual thread per pipe reads chunks and hands each to the loop with
 * {@code callSoonThreadsafe}. Back-pressure (the reader's {@link StreamReader.Source}): once
 * more than {@code limit} bytes (64 KiB by default) wait in the reader's buffer, that thread
 * stops reading until the program consumes some, so a chatty process fills its OS pipe and
 * blocks instead of filling our memory (asyncio pauses the transport the same way). While the
 * thread reads, the loop counts an external wait so that the virtual clock does not jump past
 * data that is on its way; while it is paused, it does not.
 */
final class ReadPipeTransport implements StreamReader.Source {
    /** How much one read from the pipe takes at most (a Linux pipe holds 64 KiB). */
    static final int CHUNK = 64 * 1024;

    private final EventLoop loop;
    private final String name;
    private final StreamReader reader;
    private final int limit;

    // ---- loop side: touched only on the loop thread ----
    /** True once end of file or a read error was handed to the reader: nothing more will come. */
    private boolean ended;
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

    /** A transport named {@code name} ("stdout of 1234") that feeds {@code reader}, with the reader's limit. */
    ReadPipeTransport(EventLoop loop, String name, StreamReader reader) {
        this.loop = loop;
        this.name = name;
        this.reader = reader;
        this.limit = reader.limit();
        this.threshold = limit;
        reader.setSource(this);
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
                if (!ToThread.deliver(loop, () -> reader.feedData(data)) || !awaitRoom()) {
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

    // ---- the end: loop thread, called by the pump through callSoonThreadsafe ----

    private void feedEof() {
        ended = true;
        reader.feedEof();
        endReached();
    }

    private void feedError(IOException e) {
        ended = true;
        reader.setException(new UncheckedIOException("reading " + name + " failed: " + e.getMessage(), e));
        endReached();
    }

    private void endReached() {
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

    // ---- flow control: the reader tells how full its buffer is ----

    @Override
    public void fed(int buffered) {
        updateFlow(0, buffered);
    }

    @Override
    public void consumed(int n, int buffered) {
        updateFlow(n, buffered);
    }

    @Override
    public void wanted(int buffered) {
        if (paused) {
            // Waiting while paused would deadlock (readexactly(n) with n > limit): let the pump go on.
            lock.lock();
            try {
                threshold = (long) buffered + limit;
            } finally {
                lock.unlock();
            }
            updateFlow(0, buffered);
        }
    }

    /** True while the pump is stopped because the buffer is full (for {@link Subprocess}). */
    @Override
    public boolean paused() {
        return paused;
    }

    @Override
    public void checkThread() {
        loop.checkThread();
    }

    /**
     * Re-decides whether the pump may read, after {@code consumed} bytes were taken from the
     * buffer or data arrived, {@code buffered} bytes being buffered now: paused while more than
     * the threshold is buffered, and the threshold is back to the limit once the buffer is below it.
     */
    private void updateFlow(int consumed, int buffered) {
        boolean pause;
        lock.lock();
        try {
            unconsumed -= consumed;
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
        if (ended || pause == paused) {
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

    /** True once end of file or a read error arrived: nothing more will come. */
    boolean finished() {
        return ended;
    }

    /** The process is being closed: let the pump read to the end without waiting for anyone. */
    void abandon() {
        abandoned = true;
        updateFlow(0, reader.bufferSize());
    }

    @Override
    public String toString() {
        return "<ReadPipeTransport " + name + (ended ? " ended" : paused ? " paused" : " reading") + ">";
    }
}
