package aio;

import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a loop looks like at the start of an iteration, in words, for a {@link Timeline}: its
 * ready queue, its timers and what waits on I/O. Only when a timeline is attached; lists are
 * cut to {@link Timeline.Iteration#SHOWN} items, and a loop with very many timers is looked at
 * in part, so that recording stays cheap.
 */
final class LoopPicture {
    /** Above this many timers, only the first ones of the heap are sorted (the soonest are among them). */
    private static final int SORT_ALL_UP_TO = 512;

    private LoopPicture() {
    }

    static void record(Timeline tl, long now, ArrayDeque<Object> ready, BinaryHeap<TimerHandle> scheduled, Selector selector) {
        List<String> readyNow = new ArrayList<>();
        int seen = 0;
        for (Object r : ready) { // described only until enough are shown: the rest are counted
            if (readyNow.size() >= Timeline.Iteration.SHOWN) {
                break;
            }
            seen++;
            String d = describe(r);
            if (d != null) {
                readyNow.add(d);
            }
        }
        int moreReady = ready.size() - seen;
        // only the top of a large heap is copied: the soonest timers are there, and a loop
        // with a hundred thousand sleeping tasks must not copy them all at every iteration
        List<TimerHandle> looked = scheduled.first(scheduled.size() <= SORT_ALL_UP_TO ? SORT_ALL_UP_TO : 64);
        List<TimerHandle> sorted = new ArrayList<>(looked.stream().filter(h -> !h.cancelled()).toList());
        sorted.sort(Comparator.comparingLong(h -> h.whenNanos));
        List<Timeline.Timer> timers = new ArrayList<>();
        int moreTimers = scheduled.size() - looked.size(); // not looked at: counted as more
        for (TimerHandle h : sorted) {
            String d = timers.size() < Timeline.Iteration.SHOWN ? describe(h) : null;
            if (d != null) {
                timers.add(new Timeline.Timer(d, h.whenNanos));
            } else if (timers.size() >= Timeline.Iteration.SHOWN) {
                moreTimers++;
            }
        }
        tl.iterationBegins(now, readyNow, moreReady, timers, moreTimers, io(selector));
    }

    static void callbackRuns(Timeline tl, Object r) {
        String d = describe(r);
        if (d != null) {
            tl.callbackRan(d);
        }
    }

    /** What waits on I/O: each channel the loop watches, and for what. */
    private static List<String> io(Selector selector) {
        List<String> out = new ArrayList<>();
        try {
            for (SelectionKey key : selector.keys()) {
                if (!key.isValid() || key.interestOps() == 0 || out.size() >= Timeline.Iteration.SHOWN) {
                    continue;
                }
                boolean read = (key.interestOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0;
                boolean write = (key.interestOps() & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0;
                out.add(channel(key.channel()) + (read && write ? ": reading, writing" : read ? ": reading" : ": writing"));
            }
        } catch (java.util.ConcurrentModificationException | java.nio.channels.ClosedSelectorException e) {
            // the picture is for reading only: a key set changing under it leaves it shorter
        }
        return out;
    }

    private static String channel(SelectableChannel c) {
        try {
            if (c instanceof ServerSocketChannel s) {
                return "server " + Address.of(s.getLocalAddress()) + " (accepting)";
            }
            if (c instanceof SocketChannel s) {
                return "connection " + Address.of(s.getLocalAddress()) + " to " + Address.of(s.getRemoteAddress());
            }
        } catch (java.io.IOException | RuntimeException e) {
            // closed meanwhile: named by its kind below
        }
        return c instanceof java.nio.channels.Pipe.SourceChannel || c instanceof java.nio.channels.Pipe.SinkChannel ? "pipe"
                : c.getClass().getSimpleName();
    }

    /**
     * A ready item or a timer's callback as a learner knows it: a task by name, a callback as its
     * repr; null for the runtime's own plumbing (a lambda of aio's or of a host's hidden packages).
     */
    static String describe(Object r) {
        if (r instanceof Task<?> t && !t.done()) {
            return t.getName();
        }
        if (r instanceof Future<?> f) { // there for its done callback
            Object fn = f.queuedCallback();
            return fn == null || isRuntime(fn) ? null : f.queuedCall();
        }
        Object fn = r instanceof Handle h ? h.callback() : r;
        if (fn == null) {
            return null;
        }
        Object body = fn instanceof Future.FutureCallback<?> cb ? cb.fn() : fn; // a done callback: whose is it?
        return isRuntime(body) ? null : CodeRepr.callable(fn);
    }

    /** A lambda of aio's own (or of a host's hidden packages): plumbing, not shown. */
    private static boolean isRuntime(Object fn) {
        Class<?> c = fn.getClass();
        return (c.isHidden() || c.isSynthetic()) && TaskStack.isRuntime(c.getNestHost().getName());
    }
}
