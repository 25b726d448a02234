package aio;

/**
 * A deadline for a block of code in a task: asyncio's {@code timeout()} / {@code timeout_at()}.
 * When the deadline passes, the task is cancelled where it waits, and the block ends with
 * {@link TimeoutError}. It comes in two forms.
 *
 * <p><b>The lambda form is the one that matches asyncio</b>; use it:
 * <pre>{@code
 * String page = timeout(2, () -> fetch(url));   // TimeoutError after 2 seconds
 * timeout(2, t -> {                             // t: this Timeout, to read or move the deadline
 *     t.reschedule(t.when() + 1);
 *     slowOperation();
 * });
 * }</pre>
 * Inside the block the cancellation arrives as a {@link CancelledError}, as in asyncio (a
 * {@code catch (CancelledError)} for cleanup sees it, and should rethrow it); leaving the block,
 * the timeout turns it into TimeoutError if, and only if, it expired and no other cancellation
 * is pending (asyncio's {@code __aexit__}, exactly). So an outer timeout's expiry travels as
 * CancelledError through an inner timeout block, and a {@code catch (TimeoutError)} around the
 * inner one does not see it.
 *
 * <p><b>The try-with-resources form</b> keeps one difference:
 * <pre>{@code
 * try (var t = timeout(2)) {
 *     slowOperation();        // cancelled at the deadline
 * }                           // ... and TimeoutError comes out of the block
 * }</pre>
 * close() cannot see the exception leaving the block, nor replace it, so the conversion happens
 * where the cancellation is raised: inside the block, the await that the deadline interrupts
 * raises TimeoutError itself, not CancelledError ({@code finally} blocks run as usual, a
 * {@code catch (CancelledError)} does not see it). What comes out of a block that does not
 * catch it is the same as in asyncio; but a {@code catch (TimeoutError)} around an inner
 * try-with-resources timeout also catches an outer timeout's expiry, and the code goes on inside
 * the outer block, where asyncio would have left it. If the task was also cancelled by someone
 * else, CancelledError is raised and propagates, in both forms.
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

    /** Who leaves the block, and so where a CancelledError becomes TimeoutError. */
    enum Form {
        /** try-with-resources: at the await (see the class comment). */
        RESOURCE,
        /** the lambda form: in {@link #aexit}, which sees the block's exception. */
        LAMBDA,
        /** a function (waitFor) that converts the error itself once the await returns. */
        FUNCTION
    }

    private final Task<?> task;
    private final EventLoop loop;
    private final Form form;
    private final int baseline;
    private State state = State.ENTERED;
    private Double when;
    private Handle handler;

    Timeout(Task<?> task, Double whenSeconds, Form form) {
        this.task = task;
        this.loop = task.loop;
        this.form = form;
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
     * asyncio's {@code __aexit__}, as the try-with-resources form must apply it at the await: an
     * expired timeout turns the CancelledError into TimeoutError when no cancellation beyond the
     * ones from before the block is left. The lambda form lets the CancelledError through the
     * block as is ({@link #aexit} converts it), and so does waitFor, which converts it itself
     * once the await returns.
     */
    @Override
    public Throwable onCancelledError(CancelledError ce, int pending) {
        if (form == Form.LAMBDA) {
            return ce;
        }
        if (state != State.EXPIRING || pending > baseline) {
            return null;
        }
        return form == Form.RESOURCE ? new TimeoutError("timed out", ce) : ce;
    }

    /**
     * Leaves the try-with-resources block: takes back this timeout's cancellation if it expired.
     * It cannot see the block's exception ({@code aexit(null)}): the TimeoutError, if any, was
     * raised at the await (see the class comment).
     */
    @Override
    public void close() {
        aexit(null);
    }

    /**
     * asyncio's {@code Timeout.__aexit__}: takes back this timeout's cancellation if it expired,
     * and if the block raised a CancelledError that is now this timeout's alone, returns the
     * TimeoutError to raise instead (caused by it). Returns null otherwise: what the block raised
     * goes on unchanged.
     */
    @Override
    public Throwable aexit(Throwable exc) {
        if (leave() && exc instanceof CancelledError ce) {
            return new TimeoutError("timed out", ce);
        }
        return null;
    }

    /** The lambda form: runs {@code body} in {@code task} inside a new timeout at {@code whenSeconds}. */
    static <T> T run(Task<?> task, Double whenSeconds, ScopeFunction<? super Timeout, ? extends T> body) {
        return CancelScope.run(task, new Timeout(task, whenSeconds, Form.LAMBDA), body);
    }

    /**
     * Leaves the block. Returns true when it expired and no other cancellation is pending, i.e.
     * when a CancelledError leaving the block is this timeout's to turn into TimeoutError.
     */
    boolean leave() {
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
