package aio;

import java.util.List;

/**
 * A block that may cancel the task it runs in and must then account for that cancellation:
 * a {@link Timeout} that expired, a {@link TaskGroup} whose child failed.
 *
 * <p>asyncio lets the CancelledError travel up through the blocks' {@code __aexit__}s, and the
 * first one that handles it (a timeout that expired with no other cancellation pending, a task
 * group with errors) raises its own error instead. Java's try-with-resources cannot replace an
 * exception in flight (close() only sees its own), so the task asks its scopes, at the await
 * where the cancellation is delivered, which error that first handler would raise, and raises
 * that one there ({@link #deliverable}); each close() then only does its bookkeeping. Code that
 * must recognise a cancellation at an await therefore recognises those errors too: see
 * {@link Cancellation}.
 */
interface CancelScope {
    /** True once this scope has called {@code cancel()} on its task and not yet taken it back. */
    boolean cancelledTask();

    /**
     * What leaving this scope would make of a CancelledError coming out of its block, as asyncio's
     * {@code __aexit__}: null to let it pass on to the enclosing scope, else the error to raise
     * ({@code ce} itself to raise it unchanged). {@code pending} is the task's
     * {@code cancelling()} count once this scope (and the ones inside it) took back their own
     * cancellations.
     */
    Throwable onCancelledError(CancelledError ce, int pending);

    /**
     * The error to raise at the await of a task whose cancellation {@code ce} is being delivered:
     * follows it from the innermost scope out and returns what the first scope that handles it
     * raises, or {@code ce} if none does. {@code cancelling} is the task's count of pending
     * cancellation requests.
     */
    static Throwable deliverable(List<CancelScope> scopes, int cancelling, CancelledError ce) {
        int pending = cancelling;
        for (int i = scopes.size() - 1; i >= 0; i--) {
            CancelScope s = scopes.get(i);
            if (s.cancelledTask()) {
                pending--; // its __aexit__ calls uncancel()
            }
            Throwable raised = s.onCancelledError(ce, pending);
            if (raised != null) {
                return raised;
            }
        }
        return ce;
    }
}
