package aio;

/**
 * A barrier: asyncio's {@code Barrier} (3.11, the asynchronous equivalent to
 * {@code threading.Barrier}). It lets a fixed number of tasks, its parties, wait until all of
 * them have reached it: each calls {@link #await()}, which suspends until the last of them
 * calls it, and then all of them return at once.
 *
 * <pre>{@code
 * var barrier = new Barrier(3);
 * for (int i = 0; i < 3; i++) {
 *     createTask(() -> {
 *         int index = barrier.await();   // 0, 1, 2: a different one for each task
 *         ...                            // all three get here together
 *     });
 * }
 * }</pre>
 *
 * <p>A barrier can be used again: it fills (the state "filling"), releases its parties (the
 * state "draining": a task calling await() meanwhile waits until every released task has
 * left), and fills again. {@link #reset()} sends it back to the empty filling state, breaking
 * the wait of the tasks in it ("resetting" while they leave); {@link #abort()} breaks it for
 * good ("broken"). A broken wait raises {@link BrokenBarrierError}.
 *
 * <p>Names: asyncio's {@code wait()} is {@code await()} here, as in {@link Event} and
 * {@link Condition} ({@code Object.wait()} is final); the properties {@code parties},
 * {@code n_waiting} and {@code broken} are {@link #parties()}, {@link #nWaiting()} and
 * {@link #broken()}. asyncio's {@code async with barrier as i:} only calls {@code wait()} on
 * entry (leaving does nothing), so it is plain {@code int i = barrier.await();} here.
 * {@code reset()} and {@code abort()} are coroutines in asyncio (they take the barrier's
 * condition lock), so here they may suspend too, and must be called in a task.
 *
 * <p>A task cancelled while it waits in a barrier that is filling leaves it: the barrier then
 * counts one task less. The implementation is asyncio's, on a {@link Condition}.
 */
public final class Barrier extends LoopBound {
    /** asyncio's {@code _BarrierState}. */
    private enum State {
        FILLING("filling"), DRAINING("draining"), RESETTING("resetting"), BROKEN("broken");

        final String value;

        State(String value) {
            this.value = value;
        }
    }

    /** Notifies every waiting task when the state changes. */
    private final Condition cond = new Condition();
    private final int parties;
    private State state = State.FILLING;
    /** Tasks in the barrier: waiting in it, or released and not yet left. Package-private for tests (asyncio's {@code _count}). */
    int count;

    /** A barrier for {@code parties} tasks. Raises IllegalArgumentException (asyncio's ValueError) if it is below 1. */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be > 0");
        }
        this.parties = parties;
    }

    /**
     * Wait for the barrier (asyncio's {@code wait()}). When the number of tasks given as
     * parties have called it, they are all woken up at once. Returns an index from 0 to
     * parties - 1, a different one for each of them.
     *
     * <p>While the barrier drains (its released tasks have not all returned yet) or resets, a
     * new call first waits for that to end. Raises {@link BrokenBarrierError} if the barrier is
     * broken, or is reset or aborted while the task waits. Cancelling the task while it waits
     * raises CancelledError, and the barrier counts it no more.
     */
    public int await() {
        try (var held = cond.hold()) {
            block(); // block while the barrier drains or resets
            try {
                int index = count;
                count++;
                if (index + 1 == parties) {
                    release(); // we release the barrier
                } else {
                    waitForRelease();
                }
                return index;
            } finally {
                count--;
                exit(); // wake up any tasks waiting for the barrier to drain
            }
        }
    }

    /** Blocks until the barrier is ready for us, or raises BrokenBarrierError if it is broken. */
    private void block() {
        cond.waitFor(() -> state != State.DRAINING && state != State.RESETTING);
        if (state == State.BROKEN) {
            throw new BrokenBarrierError("Barrier aborted");
        }
    }

    /** Releases the tasks waiting in the barrier: enters the draining state. */
    private void release() {
        state = State.DRAINING;
        cond.signalAll();
    }

    /** Waits in the barrier until released; raises BrokenBarrierError if it is reset or broken meanwhile. */
    private void waitForRelease() {
        cond.waitFor(() -> state != State.FILLING);
        if (state == State.BROKEN || state == State.RESETTING) {
            throw new BrokenBarrierError("Abort or reset of barrier");
        }
    }

    /** If we are the last task to leave, tell the tasks waiting for the barrier to drain. */
    private void exit() {
        if (count == 0) {
            if (state == State.RESETTING || state == State.DRAINING) {
                state = State.FILLING;
            }
            cond.signalAll();
        }
    }

    /**
     * Reset the barrier to its initial, empty state (asyncio's {@code reset()}). Tasks waiting
     * in it get BrokenBarrierError; until they have left, the barrier is "resetting". Suspends
     * while another task holds the barrier's lock.
     */
    public void reset() {
        try (var held = cond.hold()) {
            if (count > 0) {
                if (state != State.RESETTING) {
                    state = State.RESETTING; // reset the barrier, waking up tasks
                }
            } else {
                state = State.FILLING;
            }
            cond.signalAll();
        }
    }

    /**
     * Put the barrier into the broken state (asyncio's {@code abort()}), for good: the tasks
     * waiting in it and every later {@link #await()} raise BrokenBarrierError. Useful in case of
     * an error. Suspends while another task holds the barrier's lock.
     */
    public void abort() {
        try (var held = cond.hold()) {
            state = State.BROKEN;
            cond.signalAll();
        }
    }

    /** The number of tasks needed to pass the barrier (asyncio's {@code parties}). */
    public int parties() {
        return parties;
    }

    /** The number of tasks waiting in the barrier while it fills; 0 otherwise (asyncio's {@code n_waiting}). */
    public int nWaiting() {
        return state == State.FILLING ? count : 0;
    }

    /** True if the barrier is broken (asyncio's {@code broken}). */
    public boolean broken() {
        return state == State.BROKEN;
    }

    /** As asyncio's repr: {@code <Barrier [filling, waiters:2/5]>}, {@code <Barrier [broken]>}. */
    @Override
    public String toString() {
        String extra = state.value;
        if (!broken()) {
            extra += ", waiters:" + nWaiting() + "/" + parties;
        }
        return "<Barrier [" + extra + "]>";
    }
}
