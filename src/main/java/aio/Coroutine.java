package aio;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * A task's body as a JDK continuation: the one class in aio that touches {@code jdk.internal.vm}.
 *
 * <p>The loop thread calls {@link #resume()}; the body runs on that thread until it calls
 * {@link #suspend()} (at an await), and {@code resume()} returns. This is what makes
 * "all tasks run in one thread" literally true, and ordering deterministic: control passes only
 * where a task awaits. Virtual threads are built on the same class, but their scheduler is a
 * ForkJoinPool we cannot replace through a public API, so we drive continuations ourselves.
 */
final class Coroutine extends Continuation {
    private static final ContinuationScope SCOPE = new ContinuationScope("aio");

    /** The body is usually one shared Runnable that finds its task through the loop: no object per task. */
    Coroutine(Runnable body) {
        super(SCOPE, body);
    }

    @Override
    protected void onPinned(Continuation.Pinned reason) {
        // A native frame (or, before JDK 24, a held monitor) is on the stack: the task
        // cannot be suspended here.
        throw new IllegalStateException("a task cannot await here (" + reason
                + "): it is inside a native call or a synchronized block");
    }

    /** Runs the body until it suspends or finishes. Only the loop thread calls this. */
    void resume() {
        run();
    }

    /**
     * How many continuations of aio's scope are mounted inside this one on the calling thread
     * (0: this is the innermost), or -1 if this one is not mounted here.
     */
    int nestedDepth() {
        int depth = 0;
        for (Continuation c = Continuation.getCurrentContinuation(SCOPE); c != null; c = c.getParent()) {
            if (c == this) {
                return depth;
            }
            if (c.getScope() == SCOPE) {
                depth++;
            }
        }
        return -1;
    }

    /** Suspends the running coroutine; returns when the loop resumes it. */
    static void suspend() {
        Continuation.yield(SCOPE);
    }
}
