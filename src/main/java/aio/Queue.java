package aio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A queue, useful for coordinating producer and consumer tasks: asyncio's {@code Queue}.
 *
 * <p>If maxsize is less than or equal to zero, the queue size is infinite. If it is greater
 * than 0, then {@link #put} suspends when the queue reaches maxsize, until an item is removed
 * by {@link #get}.
 *
 * <p>Unlike {@code java.util.concurrent.BlockingQueue}, you can reliably know this queue's size
 * with {@link #qsize()}, since your single-threaded event loop won't be interrupted between
 * calling {@code qsize()} and doing an operation on the queue. Not thread-safe: use it from the
 * loop's thread. Null items are allowed (as None is in Python).
 *
 * <pre>{@code
 * var queue = new Queue<String>(10);
 * createTask(() -> { while (true) { var job = queue.get(); work(job); queue.taskDone(); } });
 * queue.put("a");
 * queue.join();          // until every item put has been marked done
 * }</pre>
 *
 * <p>Waiters are served first come, first served, and a waiter cancelled just after it was
 * woken passes the wake-up on to the next one, so no item and no free slot is ever lost to a
 * cancellation.
 *
 * <p>Subclasses change the order by overriding the storage hooks, CPython's {@code _put},
 * {@code _get} and {@code len(_queue)}: {@link #addItem}, {@link #removeItem},
 * {@link #itemCount} (and {@link #items} for {@code toString}). CPython's {@code _init} has no
 * hook: a subclass creates its storage in its own field initializers, because Java runs a
 * superclass constructor before the subclass's fields exist. See {@link PriorityQueue} and
 * {@link LifoQueue}.
 */
public class Queue<T> extends LoopBound {
    /** Stands for a null item in the default storage (ArrayDeque refuses nulls). */
    private static final Object NULL = new Object();

    private final int maxsize;
    // Futures of the tasks suspended in get() / put(), oldest first. Package-private for tests.
    final ArrayDeque<Future<Void>> getters = new ArrayDeque<>();
    final ArrayDeque<Future<Void>> putters = new ArrayDeque<>();
    int unfinishedTasks;
    private final Event finished = new Event();
    private boolean isShutdown;
    /** The default FIFO storage; created at the first put, unused by subclasses. */
    private ArrayDeque<Object> fifo;

    /** An unbounded queue. */
    public Queue() {
        this(0);
    }

    /** A queue holding at most {@code maxsize} items; 0 or less: unbounded. */
    public Queue(int maxsize) {
        this.maxsize = maxsize;
        finished.set();
    }

    // ---- the storage: these four are overridable in subclasses ----

    /** Stores an item (CPython's {@code _put}); the queue has checked that there is room. */
    protected void addItem(T item) {
        if (fifo == null) {
            fifo = new ArrayDeque<>();
        }
        fifo.addLast(item == null ? NULL : item);
    }

    /** Removes and returns the next item (CPython's {@code _get}); the queue is not empty. */
    @SuppressWarnings("unchecked")
    protected T removeItem() {
        Object item = fifo.pollFirst();
        return item == NULL ? null : (T) item;
    }

    /** How many items are stored (CPython's {@code len(self._queue)}). */
    protected int itemCount() {
        return fifo == null ? 0 : fifo.size();
    }

    /** The stored items in storage order, for {@link #toString()} only. */
    @SuppressWarnings("unchecked")
    protected List<T> items() {
        List<T> out = new ArrayList<>();
        if (fifo != null) {
            for (Object o : fifo) {
                out.add(o == NULL ? null : (T) o);
            }
        }
        return out;
    }

    // ---- the queue ----

    /** Number of items in the queue. */
    public final int qsize() {
        return itemCount();
    }

    /** Number of items allowed in the queue (0 or less: no limit). */
    public final int maxsize() {
        return maxsize;
    }

    /** Return true if the queue is empty, false otherwise. */
    public final boolean empty() {
        return itemCount() == 0;
    }

    /**
     * Return true if there are maxsize items in the queue. If the queue was created with
     * maxsize 0 (the default), full() is never true.
     */
    public final boolean full() {
        return maxsize > 0 && qsize() >= maxsize;
    }

    /**
     * Put an item into the queue. If the queue is full, suspend the current task until a free
     * slot is available before adding the item.
     *
     * <p>Raises {@link QueueShutDown} if the queue has been shut down. If the task is cancelled
     * while it waits, the item is not added, and a free slot it was woken for goes to the next
     * waiting putter.
     */
    public final void put(T item) {
        checkThreads();
        while (full()) {
            if (isShutdown) {
                throw new QueueShutDown();
            }
            awaitWakeUp(putters, () -> !full());
        }
        putNowait(item);
    }

    /**
     * Put an item into the queue without suspending. If no free slot is immediately available,
     * raise {@link QueueFull}. Raises {@link QueueShutDown} if the queue has been shut down.
     */
    public final void putNowait(T item) {
        checkThreads();
        if (isShutdown) {
            throw new QueueShutDown();
        }
        if (full()) {
            throw new QueueFull();
        }
        addItem(item);
        unfinishedTasks++;
        finished.clear();
        wakeupNext(getters);
    }

    /**
     * Remove and return an item from the queue. If the queue is empty, suspend the current task
     * until an item is available.
     *
     * <p>Raises {@link QueueShutDown} if the queue has been shut down and is empty, or if it has
     * been shut down immediately. If the task is cancelled while it waits, it takes no item, and
     * an item it was woken for goes to the next waiting getter.
     */
    public final T get() {
        checkThreads();
        while (empty()) {
            if (isShutdown) {
                throw new QueueShutDown();
            }
            awaitWakeUp(getters, () -> !empty());
        }
        return getNowait();
    }

    /**
     * Remove and return an item from the queue. Return an item if one is immediately available,
     * else raise {@link QueueEmpty}. Raises {@link QueueShutDown} if the queue has been shut
     * down and is empty, or if it has been shut down immediately.
     */
    public final T getNowait() {
        checkThreads();
        if (empty()) {
            if (isShutdown) {
                throw new QueueShutDown();
            }
            throw new QueueEmpty();
        }
        T item = removeItem();
        wakeupNext(putters);
        return item;
    }

    /**
     * Indicate that a formerly enqueued task is complete. Used by queue consumers: for each
     * {@link #get()} used to fetch a task, a subsequent call to taskDone() tells the queue that
     * the processing on the task is complete. If a {@link #join()} is waiting, it resumes when
     * all items have been processed (a taskDone() call was received for every item put).
     * {@code shutdown(true)} calls taskDone() for each item it drops.
     *
     * <p>Raises IllegalStateException (Python: ValueError) if called more times than there were
     * items placed in the queue.
     */
    public final void taskDone() {
        checkThreads();
        if (unfinishedTasks <= 0) {
            throw new IllegalStateException("task_done() called too many times");
        }
        unfinishedTasks--;
        if (unfinishedTasks == 0) {
            finished.set();
        }
    }

    /**
     * Suspend the current task until all items in the queue have been gotten and processed.
     * The count of unfinished tasks goes up whenever an item is added to the queue, and down
     * whenever a consumer calls {@link #taskDone()}. When it drops to zero, join() returns;
     * it returns at once, without suspending, if it is zero already.
     */
    public final void join() {
        checkThreads();
        if (unfinishedTasks > 0) {
            finished.await();
        }
    }

    /**
     * Shut down the queue, making {@code get} and {@code put} raise {@link QueueShutDown}
     * (asyncio 3.13). With {@code immediate} false, gets raise only once the queue is empty;
     * with true, the queue is drained at once, the unfinished-task count goes down by the number
     * of items dropped, and {@link #join()} callers are released if it reaches zero. All tasks
     * suspended in put() and get() are woken up to see the shutdown.
     */
    public final void shutdown(boolean immediate) {
        checkThreads();
        isShutdown = true;
        if (immediate) {
            while (!empty()) {
                removeItem();
                if (unfinishedTasks > 0) {
                    unfinishedTasks--;
                }
            }
            if (unfinishedTasks == 0) {
                finished.set();
            }
        }
        // All getters need to re-check queue-empty to raise QueueShutDown.
        releaseAll(getters);
        releaseAll(putters);
    }

    /** {@code shutdown(false)}: gets keep returning the items left, then raise QueueShutDown. */
    public final void shutdown() {
        shutdown(false);
    }

    /**
     * put()'s and get()'s wait: joins {@code line} (the putters or the getters) and suspends until
     * woken. If anything ends the wait otherwise (asyncio's bare {@code except:}), leaves the line,
     * and passes on a wake-up it had received while {@code canProceed} still holds (a free slot
     * for a putter, an item for a getter), so that no wake-up is lost.
     */
    private void awaitWakeUp(ArrayDeque<Future<Void>> line, BooleanSupplier canProceed) {
        Future<Void> waiter = new Future<>(loop());
        line.addLast(waiter);
        try {
            Aio.await(waiter);
        } catch (Throwable e) {
            waiter.cancel(); // just in case waiter is not done yet
            // getNowait(), putNowait() or shutdown() may have removed it already.
            line.remove(waiter);
            if (canProceed.getAsBoolean() && !waiter.cancelled()) {
                // We were woken up by getNowait() (a putter) or putNowait() (a getter), but can't
                // take the call: wake up the next in line.
                wakeupNext(line);
            }
            throw e;
        }
    }

    /** {@link LoopBound#checkThread} for the queue and the event join() waits on. */
    private void checkThreads() {
        checkThread();
        finished.checkThread();
    }

    /** Wakes the oldest waiter that is not done (cancelled) yet, if any. */
    private static void wakeupNext(ArrayDeque<Future<Void>> waiters) {
        while (!waiters.isEmpty()) {
            Future<Void> waiter = waiters.pollFirst();
            if (!waiter.done()) {
                waiter.setResult(null);
                break;
            }
        }
    }

    private static void releaseAll(ArrayDeque<Future<Void>> waiters) {
        while (!waiters.isEmpty()) {
            Future<Void> waiter = waiters.pollFirst();
            if (!waiter.done()) {
                waiter.setResult(null);
            }
        }
    }

    /** As asyncio's str(): {@code <Queue maxsize=0 _queue=[1, 2] _getters[1] tasks=2 shutdown>}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<").append(getClass().getSimpleName());
        sb.append(" maxsize=").append(maxsize);
        if (itemCount() > 0) {
            sb.append(" _queue=").append(items());
        }
        if (!getters.isEmpty()) {
            sb.append(" _getters[").append(getters.size()).append(']');
        }
        if (!putters.isEmpty()) {
            sb.append(" _putters[").append(putters.size()).append(']');
        }
        if (unfinishedTasks != 0) {
            sb.append(" tasks=").append(unfinishedTasks);
        }
        if (isShutdown) {
            sb.append(" shutdown");
        }
        return sb.append('>').toString();
    }
}
