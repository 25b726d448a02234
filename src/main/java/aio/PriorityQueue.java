package aio;

import java.util.Comparator;
import java.util.List;

/**
 * A {@link Queue} that retrieves entries in priority order, smallest first: asyncio's
 * {@code PriorityQueue}. Items are ordered by the given Comparator, or else by their natural
 * ordering (they must then be {@link Comparable} and not null). Python's entries are typically
 * tuples {@code (priority, data)}; in Java, a record and a comparator:
 *
 * <pre>{@code
 * record Job(int priority, String name) {}
 * var jobs = new PriorityQueue<Job>(Comparator.comparingInt(Job::priority));
 * }</pre>
 *
 * The heap is heapq's algorithm, so items that compare equal come out in the order CPython
 * would give them (which is not necessarily the order they were put in: add a sequence number
 * to the comparison if that matters). Everything else is {@link Queue}'s.
 */
public class PriorityQueue<T> extends Queue<T> {
    private final BinaryHeap<T> heap;
    private final boolean natural;

    /** An unbounded queue of Comparable items, smallest first. */
    public PriorityQueue() {
        this(0, null);
    }

    /** A queue of at most {@code maxsize} Comparable items (0 or less: unbounded), smallest first. */
    public PriorityQueue(int maxsize) {
        this(maxsize, null);
    }

    /** An unbounded queue ordered by {@code comparator}, smallest first. */
    public PriorityQueue(Comparator<? super T> comparator) {
        this(0, comparator);
    }

    /** A queue of at most {@code maxsize} items ordered by {@code comparator} (null: natural ordering). */
    @SuppressWarnings("unchecked")
    public PriorityQueue(int maxsize, Comparator<? super T> comparator) {
        super(maxsize);
        natural = comparator == null;
        heap = new BinaryHeap<>(natural ? (a, b) -> ((Comparable<Object>) a).compareTo(b) : comparator);
    }

    /**
     * heapq.heappush. With natural ordering, raises ClassCastException for an item that is not
     * Comparable and NullPointerException for null, before the queue changes (Python raises
     * TypeError at the first comparison instead).
     */
    @Override
    protected void addItem(T item) {
        if (natural) {
            if (item == null) {
                throw new NullPointerException("a PriorityQueue without a Comparator cannot hold null");
            }
            if (!(item instanceof Comparable)) {
                throw new ClassCastException(item.getClass().getName()
                        + " is not Comparable: give the PriorityQueue a Comparator");
            }
        }
        heap.push(item);
    }

    /** heapq.heappop: the smallest item. */
    @Override
    protected T removeItem() {
        return heap.pop();
    }

    @Override
    protected int itemCount() {
        return heap.size();
    }

    @Override
    protected List<T> items() {
        return heap.items();
    }
}
