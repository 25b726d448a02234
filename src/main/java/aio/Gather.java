package aio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link Aio#gather}: CPython's {@code gather} and {@code _GatheringFuture}, step for step. When
 * a child was cancelled, or gather itself, the outer future ends with a CancelledError as its
 * exception, not cancelled: awaiting it raises CancelledError, and its {@code cancelled()} is
 * false, as in CPython.
 */
final class Gather {
    private Gather() {
    }

    /** The outer future: cancelling it cancels every child that is not done. */
    static final class GatheringFuture extends Future<List<Object>> {
        private final List<Future<?>> children;
        boolean cancelRequested;

        GatheringFuture(EventLoop loop, List<Future<?>> children) {
            super(loop);
            this.children = children;
        }

        @Override
        public boolean cancel(String msg) {
            loop.checkThread(); // before any child is cancelled
            if (done()) {
                return false;
            }
            boolean ret = false;
            for (Future<?> child : children) {
                if (child.cancel(msg)) {
                    ret = true;
                }
            }
            if (ret) {
                // Children cancelled: the outer is cancelled when their callbacks report back.
                cancelRequested = true;
            }
            return ret;
        }
    }

    static GatheringFuture gather(EventLoop loop, List<? extends Awaitable<?>> aws, boolean returnExceptions) {
        List<Future<?>> children = new ArrayList<>(aws.size());
        GatheringFuture outer = new GatheringFuture(loop, children);
        if (aws.isEmpty()) {
            outer.setResult(new ArrayList<>());
            return outer;
        }
        int[] finished = {0};
        // A repeated argument must map to the same child. Futures are spotted by our callback
        // already sitting on them (no hashing of a million tasks); coroutines need a map.
        Map<Awaitable<?>, Future<?>> coroToTask = null;
        List<Future<?>> doneFutures = new ArrayList<>();
        // Done futures carry no callback of ours to spot a repeat by: an identity set, made at
        // the first one (a gather of a million finished tasks must not compare each with all).
        Set<Future<?>> doneSeen = null;
        int[] nfuts = {0};

        Consumer<Future<?>> onDone = fut -> {
            finished[0]++;
            if (outer.done()) {
                if (!fut.cancelled()) {
                    fut.exception(); // mark retrieved: the outer already reported its outcome
                }
                return;
            }
            if (!returnExceptions) {
                if (fut.cancelled()) {
                    // tasks.py: a cancelled child ends the outer as an exception would (the
                    // outer is not cancelled: its exception is the child's CancelledError).
                    outer.setException(fut.makeCancelledError());
                    return;
                }
                Throwable exc = fut.exception();
                if (exc != null) {
                    outer.setException(exc); // the rest keep running
                    return;
                }
            }
            if (finished[0] == nfuts[0]) {
                List<Object> results = new ArrayList<>(children.size());
                for (Future<?> child : children) {
                    if (child.cancelled()) {
                        // tasks.py: CancelledError('' if fut._cancel_message is None else fut._cancel_message)
                        String m = child.cancelMessage();
                        results.add(new CancelledError(m == null ? "" : m));
                    } else {
                        Throwable e = child.exception();
                        results.add(e != null ? e : child.rawResult());
                    }
                }
                if (outer.cancelRequested) {
                    // tasks.py: "If gather is being cancelled we must propagate the cancellation
                    // regardless of *return_exceptions* argument."
                    outer.setException(fut.cancelled() ? fut.makeCancelledError() : new CancelledError());
                } else {
                    outer.setResult(results);
                }
            }
        };

        for (Awaitable<?> arg : aws) {
            Future<?> fut;
            boolean seen;
            if (arg instanceof Future<?> f) {
                fut = f;
                if (f.loop != loop) {
                    throw new IllegalArgumentException("gather: a future belongs to another loop");
                }
                if (f.done()) {
                    if (doneSeen == null) {
                        doneSeen = Collections.newSetFromMap(new IdentityHashMap<>());
                    }
                    seen = !doneSeen.add(f);
                } else {
                    seen = f.hasDoneCallback(onDone);
                }
            } else {
                if (coroToTask == null) {
                    coroToTask = new IdentityHashMap<>(aws.size());
                }
                fut = coroToTask.get(arg);
                seen = fut != null;
                if (!seen) {
                    fut = Aio.ensureFuture(loop, arg);
                    coroToTask.put(arg, fut);
                }
            }
            if (!seen) {
                nfuts[0]++;
                if (fut.done()) {
                    doneFutures.add(fut);
                } else {
                    fut.addDoneCallback(onDone);
                }
            }
            children.add(fut); // a repeated argument gives a repeated result
        }
        for (Future<?> fut : doneFutures) {
            onDone.accept(fut);
        }
        return outer;
    }
}
