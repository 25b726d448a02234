package aio;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Queue} that retrieves the most recently added entries first (a stack): asyncio's
 * {@code LifoQueue}. Everything but the order is {@link Queue}'s.
 */
public class LifoQueue<T> extends Queue<T> {
    private final ArrayList<T> stack = new ArrayList<>();

    /** An unbounded LIFO queue. */
    public LifoQueue() {
        this(0);
    }

    /** A LIFO queue holding at most {@code maxsize} items; 0 or less: unbounded. */
    public LifoQueue(int maxsize) {
        super(maxsize);
    }

    @Override
    protected void addItem(T item) {
        stack.add(item);
    }

    @Override
    protected T removeItem() {
        return stack.remove(stack.size() - 1);
    }

    @Override
    protected int itemCount() {
        return stack.size();
    }

    @Override
    protected List<T> items() {
        return new ArrayList<>(stack);
    }
}
