package aio;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;

/**
 * "Task exception was never retrieved": the futures of one loop that failed and whose exception
 * nobody has looked at yet. asyncio reports such a future from its {@code __del__}, when the
 * garbage collector finds nobody can reach it any more (and so nobody ever will look). Java has
 * no destructor, so the loop holds each one weakly here and is told through a reference queue
 * when it was collected; what the report needs (the exception, the repr) is kept beside the weak
 * reference. The loop reports those collected at each iteration, and those still alive when it
 * closes.
 */
final class NeverRetrieved {
    private final ReferenceQueue<Future<?>> collected = new ReferenceQueue<>();
    /** The live entries, a doubly linked list: it keeps them reachable until reported or retrieved. */
    private Entry head;
    /** How many entries are linked; read from any thread. */
    private volatile int size;

    /** How many failures are tracked now (any thread: a moment's count). */
    int size() {
        return size;
    }

    /** One unretrieved failure. {@link #forget()} when the exception is retrieved. */
    final class Entry extends WeakReference<Future<?>> {
        private final Throwable exception;
        private final String repr;
        private final boolean isTask;
        private final List<StackTraceElement> sourceTraceback;
        private Entry prev, next;
        private boolean linked = true;

        private Entry(Future<?> f) {
            super(f, collected);
            this.exception = f.rawException();
            this.repr = f.toString(); // done: it will never change
            this.isTask = f instanceof Task;
            this.sourceTraceback = f.getSourceTraceback();
        }

        /** Its exception was looked at: nothing to report, ever. */
        void forget() {
            clear(); // a cleared reference is never enqueued
            unlink(this);
        }
    }

    Entry track(Future<?> f) {
        Entry e = new Entry(f);
        size++;
        e.next = head;
        if (head != null) {
            head.prev = e;
        }
        head = e;
        return e;
    }

    /** Reports the entries whose future the collector has found unreachable since the last call. */
    void reportCollected(EventLoop loop) {
        for (Object r = collected.poll(); r != null; r = collected.poll()) {
            Entry e = (Entry) r;
            if (e.linked) {
                unlink(e);
                loop.callExceptionHandler(new ErrorContext(message(e.isTask), e.exception, null, null,
                        e.sourceTraceback, e.repr));
            }
        }
    }

    /** When the loop closes: reports every entry left, alive or collected, and forgets them. */
    void reportAll(EventLoop loop) {
        while (head != null) {
            Entry e = head;
            Future<?> f = e.get();
            unlink(e);
            e.clear();
            if (f == null) {
                loop.callExceptionHandler(new ErrorContext(message(e.isTask), e.exception, null, null,
                        e.sourceTraceback, e.repr));
            } else if (f.logTraceback) {
                f.logTraceback = false;
                loop.callExceptionHandler(new ErrorContext(message(e.isTask), f.rawException(), f, null,
                        f.getSourceTraceback()));
            }
        }
        while (collected.poll() != null) {
            // drained: each was reported above
        }
    }

    private static String message(boolean isTask) {
        return (isTask ? "Task" : "Future") + " exception was never retrieved";
    }

    private void unlink(Entry e) {
        if (!e.linked) {
            return;
        }
        e.linked = false;
        size--;
        if (e.prev != null) {
            e.prev.next = e.next;
        } else {
            head = e.next;
        }
        if (e.next != null) {
            e.next.prev = e.prev;
        }
        e.prev = e.next = null;
    }
}
