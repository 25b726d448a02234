package aio;

/**
 * A block that may cancel the task it runs in and must then account for that cancellation:
 * a {@link Timeout} that expired, a {@link TaskGroup} whose child failed. See
 * {@code Task.deliverable} for why the task asks its scopes which error to raise.
 */
interface CancelScope {
    /** True once this scope has called {@code cancel()} on its task and not yet taken it back. */
    boolean cancelledTask();

    /** The task's {@code cancelling()} count when the scope was entered. */
    int baseline();

    /** The error to raise at the await instead of {@code ce}, or null to raise {@code ce}. */
    RuntimeException errorFor(CancelledError ce);
}
