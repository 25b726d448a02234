package aio;

/**
 * A deadline for a block of code in a task: asyncio's {@code timeout()} context manager.
 *
 * <pre>{@code
 * try (var t = timeout(2)) {
 *     slowOperation();        // cancelled at the deadline
 * }                           // ... and TimeoutError comes out of the block
 * }</pre>
 *
 * When the deadline passes, the task is cancelled. Inside the block the cancellation arrives at
 * the pending await as {@link TimeoutError} (Java's try-with-resources cannot turn a
 * CancelledError into a TimeoutError on the way out, as {@code __aexit__} does, so the
 * conversion happens where it is raised; {@code finally} blocks run as usual). If the task was
 * also cancelled by someone else, a CancelledError is raised instead and propagates.
 */
public final class Timeout implements AutoCloseable, CancelScope {
    /** asyncio's {@code _State}; {@link #label} is the word its messages and repr use. */
    private enum State {
        ENTERED("active"), EXPIRING("expiring"), EXPIRED("expired"), EXITED("finished");

        final String label;

        State(String label) {
            this.label = label;
        }
    }

    private final Task<?> task;
    private final EventLoop loop;
    /** true for try-with-resources; false when a function (waitFor) converts the error itself. */
    private final boolean convertAtAwait;
    private final int baseline;
    private State state = State.ENTERED;
    private Double when;
    private Handle handler;

    Timeout(Task<?> task, Double whenSeconds, boolean convertAtAwait) {
        this.task = task;
        this.loop = task.loop;
        this.convertAtAwait = convertAtAwait;
        this.baseline = task.cancelling();
        task.enterScope(this);
        reschedule(whenSeconds);
    }

    /** The deadline in loop time (seconds), or null for none. */
    public Double when() {
        return when;
    }

    /**
     * Moves the deadline to loop time {@code whenSeconds} (null: no deadline); a time already
     * past expires it on the next loop iteration. Only while the block runs and has not expired:
     * otherwise throws IllegalStateException ("Cannot change state of expired Timeout").
     */
    public void reschedule(Double whenSeconds) {
        loop.checkThread(); // before anything changes
        if (state != State.ENTERED) {
            throw new IllegalStateException("Cannot change state of " + state.label + " Timeout");
        }
        when = whenSeconds;
        if (handler != null) {
            handler.cancel();
            handler = null;
        }
        if (whenSeconds != null) {
            handler = whenSeconds <= loop.time()
                    ? loop.callSoon(this::onTimeout)
                    : loop.callAt(whenSeconds, this::onTimeout);
        }
    }

    /** True once the deadline has passed and the task was cancelled for it. */
    public boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    private void onTimeout() {
        task.cancel();
        state = State.EXPIRING;
        handler = null;
    }

    @Override
    public boolean cancelledTask() {
        return state == State.EXPIRING;
    }

    /**
     * asyncio's {@code __aexit__}: an expired timeout turns the CancelledError into TimeoutError
     * when no cancellation beyond the ones from before the block is left; waitFor converts it
     * itself once the await returns, so for its timeout the CancelledError is raised as is.
     */
    @Override
    public Throwable onCancelledError(CancelledError ce, int pending) {
        if (state != State.EXPIRING || pending > baseline) {
            return null;
        }
        return convertAtAwait ? new TimeoutError("timed out", ce) : ce;
    }

    /** Leaves the block: takes back this timeout's cancellation if it expired. */
    @Override
    public void close() {
        exit();
    }

    /**
     * Leaves the block. Returns true when it expired and no other cancellation is pending, i.e.
     * when a CancelledError leaving the block is this timeout's to turn into TimeoutError.
     */
    boolean exit() {
        if (state == State.EXITED || state == State.EXPIRED) {
            return false;
        }
        task.exitScope(this);
        if (handler != null) {
            handler.cancel();
            handler = null;
        }
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            return task.uncancel() <= baseline;
        }
        state = State.EXITED;
        return false;
    }

    /** As asyncio's repr: {@code <Timeout [active] when=12.5>} while active, else {@code <Timeout [expired]>}. */
    @Override
    public String toString() {
        if (state != State.ENTERED) {
            return "<Timeout [" + state.label + "]>";
        }
        return "<Timeout [active] when=" + (when == null ? "None" : String.valueOf(Math.round(when * 1000) / 1000.0)) + ">";
    }
}
