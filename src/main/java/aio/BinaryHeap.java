package aio;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A binary min-heap that is Python's {@code heapq} step for step ({@code heappush},
 * {@code heappop}, {@code heapify}, {@code _siftdown}, {@code _siftup}), so that items the
 * comparator calls equal come out in the same order as from CPython's: the items of a
 * {@link PriorityQueue}, and the loop's timers (asyncio keeps them in a heapq ordered by their
 * due time alone). Only {@code compare(a, b) < 0} is ever asked, as heapq only uses {@code <}.
 * Allows null items if the comparator does.
 */
final class BinaryHeap<T> {
    private final ArrayList<T> heap = new ArrayList<>();
    private final Comparator<? super T> cmp;

    BinaryHeap(Comparator<? super T> cmp) {
        this.cmp = cmp;
    }

    int size() {
        return heap.size();
    }

    /** The items in heap order (the smallest first, the rest as the heap holds them). */
    List<T> items() {
        return new ArrayList<>(heap);
    }

    /** The first {@code n} items in heap order (the top of the heap, where the smallest are), copied. */
    List<T> first(int n) {
        return new ArrayList<>(heap.subList(0, Math.min(n, heap.size())));
    }

    /** heapq.heappush. */
    void push(T item) {
        heap.add(item);
        siftDown(0, heap.size() - 1);
    }

    boolean isEmpty() {
        return heap.isEmpty();
    }

    /** {@code heap[0]}: the smallest item, left in place; the heap must not be empty. */
    T peek() {
        return heap.get(0);
    }

    void clear() {
        heap.clear();
    }

    /**
     * Keeps only the items {@code keep} accepts, in heap order, then {@code heapq.heapify}: what
     * asyncio's {@code _run_once} does to drop cancelled timers once they are too many.
     */
    void retainAndHeapify(java.util.function.Predicate<? super T> keep) {
        heap.removeIf(keep.negate()); // stable: the kept items keep their order, as the list asyncio builds
        heapify();
    }

    /**
     * heapq.heapify: sift down every node that has a child, the last first. (_heapq's
     * cache-friendly variant for big heaps visits them in another order but, as its comment
     * says, produces exactly the same heap.)
     */
    private void heapify() {
        for (int i = heap.size() / 2 - 1; i >= 0; i--) {
            siftUp(i);
        }
    }

    /** heapq.heappop: removes and returns the smallest item; the heap must not be empty. */
    T pop() {
        T last = heap.remove(heap.size() - 1);
        if (heap.isEmpty()) {
            return last;
        }
        T smallest = heap.get(0);
        heap.set(0, last);
        siftUp(0);
        return smallest;
    }

    private boolean less(T a, T b) {
        return cmp.compare(a, b) < 0;
    }

    /** heapq._siftdown: move the item at pos up towards startpos until its parent is not larger. */
    private void siftDown(int startpos, int pos) {
        T newitem = heap.get(pos);
        while (pos > startpos) {
            int parentpos = (pos - 1) >> 1;
            T parent = heap.get(parentpos);
            if (less(newitem, parent)) {
                heap.set(pos, parent);
                pos = parentpos;
                continue;
            }
            break;
        }
        heap.set(pos, newitem);
    }

    /** heapq._siftup: move the smaller child up until a leaf is reached, then sift the item down. */
    private void siftUp(int pos) {
        int endpos = heap.size();
        int startpos = pos;
        T newitem = heap.get(pos);
        int childpos = 2 * pos + 1;
        while (childpos < endpos) {
            int rightpos = childpos + 1;
            if (rightpos < endpos && !less(heap.get(childpos), heap.get(rightpos))) {
                childpos = rightpos;
            }
            heap.set(pos, heap.get(childpos));
            pos = childpos;
            childpos = 2 * pos + 1;
        }
        heap.set(pos, newitem);
        siftDown(startpos, pos);
    }
}
