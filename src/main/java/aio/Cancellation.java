package aio;

/**
 * What "a cancellation was delivered here" means in this port, in one place.
 *
 * <p>asyncio's primitives write {@code except CancelledError:} around the await of a future of
 * their own (a lock's or a semaphore's waiter, a condition's) to keep their bookkeeping right
 * when the waiting task is cancelled. Here a cancellation does not always arrive as a
 * {@link CancelledError}: inside a try-with-resources {@code timeout()} block that expired, or a
 * try-with-resources {@link TaskGroup} whose child failed, the task raises at that await what
 * leaving the block would have made of it, a {@link TimeoutError} or an {@link ExceptionGroup}
 * (Java's try-with-resources cannot replace an exception in flight; see
 * {@link CancelScope#deliverable}; the lambda forms let the CancelledError through, as asyncio
 * does). So where asyncio catches
 * CancelledError, the primitives ask {@link #delivered}; otherwise a lock acquired inside
 * {@code try (var t = timeout(1))} would lose its cancellation bookkeeping when the deadline
 * passed.
 *
 * <p>Only for what comes out of awaiting a future that the caller itself owns and completes
 * with a result: there nothing else can come out. A TimeoutError raised by {@code waitFor},
 * say, is not a cancellation of the task that called it.
 */
final class Cancellation {
    private Cancellation() {
    }

    /**
     * True if {@code e}, raised by awaiting the caller's own future, is the task's cancellation:
     * a {@link CancelledError}, or the {@link TimeoutError} or {@link ExceptionGroup} an
     * enclosing scope delivered in its place.
     */
    static boolean delivered(Throwable e) {
        return e instanceof CancelledError || e instanceof TimeoutError || e instanceof ExceptionGroup;
    }

    /**
     * Returns {@code e} if it is a delivered cancellation, else throws it on: Java's
     * {@code except CancelledError as e} for a handler that keeps the cancellation to raise it
     * later, {@code catch (Throwable t) { err = Cancellation.orRethrow(t); }}.
     */
    static Throwable orRethrow(Throwable e) {
        if (!delivered(e)) {
            throw Aio.sneaky(e);
        }
        return e;
    }
}
