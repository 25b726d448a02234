package aio;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link Aio#asCompleted}: CPython 3.13's {@code _AsCompletedIterator}. Iterating yields the
 * original futures (tasks for coroutines) in the order they complete; {@code next()} suspends
 * the calling task until the next one is done, and throws {@link TimeoutError} once the
 * timeout has passed. Nothing is cancelled.
 */
final class AsCompleted<T> implements Iterable<Future<T>>, Iterator<Future<T>> {
    private final EventLoop loop;
    private final Set<Future<T>> todo = new LinkedHashSet<>();
    private final ArrayDeque<Object> doneQueue = new ArrayDeque<>(); // futures, or TIMED_OUT
    private static final Object TIMED_OUT = new Object();
    private Future<Object> waiter;
    private TimerHandle timeoutHandle;
    private int todoLeft;
    private final Consumer<Future<T>> onCompletion = this::handleCompletion;

    @SuppressWarnings("unchecked")
    AsCompleted(EventLoop loop, Collection<? extends Awaitable<? extends T>> aws, Double timeoutSeconds) {
        this.loop = loop;
        for (Awaitable<? extends T> aw : new LinkedHashSet<>(aws)) {
            todo.add((Future<T>) Aio.ensureFuture(loop, aw));
        }
        for (Future<T> f : todo) {
            f.addDoneCallback(onCompletion);
        }
        if (!todo.isEmpty() && timeoutSeconds != null) {
            timeoutHandle = loop.callLater(timeoutSeconds, this::handleTimeout);
        }
        todoLeft = todo.size();
    }

    @Override
    public Iterator<Future<T>> iterator() {
        return this;
    }

    @Override
    public boolean hasNext() {
        return todoLeft > 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Future<T> next() {
        if (todoLeft == 0) {
            throw new NoSuchElementException();
        }
        todoLeft--;
        while (doneQueue.isEmpty()) {
            waiter = loop.createFuture();
            try {
                Aio.await(waiter);
            } finally {
                waiter = null;
            }
        }
        Object item = doneQueue.poll();
        if (item == TIMED_OUT) {
            throw new TimeoutError("asCompleted timed out");
        }
        return (Future<T>) item;
    }

    private void handleTimeout() {
        for (Future<T> f : todo) {
            f.removeDoneCallback(onCompletion);
            put(TIMED_OUT);
        }
        todo.clear();
    }

    private void handleCompletion(Future<T> f) {
        if (todo.isEmpty()) {
            return; // the timeout came first
        }
        todo.remove(f);
        put(f);
        if (todo.isEmpty() && timeoutHandle != null) {
            timeoutHandle.cancel();
        }
    }

    private void put(Object item) {
        doneQueue.add(item);
        if (waiter != null && !waiter.done()) {
            waiter.setResult(null);
        }
    }
}
