package aio;

import java.util.List;

/**
 * A block that may cancel the task it runs in and must then account for that cancellation:
 * a {@link Timeout} that expired, a {@link TaskGroup} whose child failed.
 *
 * <p>asyncio lets the CancelledError travel up through the blocks' {@code __aexit__}s, and the
 * first one that handles it (a timeout that expired with no other cancellation pending, a task
 * group with errors) raises its own error instead. A scope has two forms here:
 * <ul>
 * <li>the lambda form ({@code taskGroup(tg -> ...)}, {@code timeout(s, () -> ...)}) runs the
 *     block itself, so it sees what the block raised and hands it to {@link #aexit}, exactly as
 *     {@code __aexit__}: inside such a block a cancellation arrives as the plain CancelledError
 *     ({@link #onCancelledError} returns it unchanged and stops the search);
 * <li>try-with-resources cannot replace an exception in flight (close() only sees its own), so
 *     the task asks its scopes, at the await where the cancellation is delivered, which error
 *     that first handler would raise, and raises that one there ({@link #deliverable}); each
 *     close() then calls {@link #aexit} with null (it cannot see the block's exception) and only
 *     does its bookkeeping. Code that must recognise a cancellation at an await therefore
 *     recognises those errors too: see {@link Cancellation}.
 * </ul>
 * When a CancelledError leaves a lambda-form block, the try-with-resources scopes around it get
 * their say there, as if it had been raised at an await ({@link #run}).
 */
interface CancelScope {
    /** True once this scope has called {@code cancel()} on its task and not yet taken it back. */
    boolean cancelledTask();

    /**
     * What leaving this scope would make of a CancelledError coming out of its block, as asyncio's
     * {@code __aexit__}: null to let it pass on to the enclosing scope, else the error to raise
     * ({@code ce} itself to raise it unchanged). {@code pending} is the task's
     * {@code cancelling()} count once this scope (and the ones inside it) took back their own
     * cancellations. A lambda-form scope returns {@code ce}: its own aexit decides later.
     */
    Throwable onCancelledError(CancelledError ce, int pending);

    /**
     * asyncio's {@code __aexit__}: leaves the scope, given what the block raised ({@code exc},
     * null if it ended normally or if the caller cannot know: try-with-resources). Returns the
     * exception to raise instead, or null to let {@code exc} (if any) go on unchanged.
     */
    Throwable aexit(Throwable exc);

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

    /**
     * The lambda form of {@code async with scope: body}: runs the block in the current task,
     * then {@link #aexit} with what it raised, and returns the block's value or raises what
     * aexit says (else the block's own exception). A CancelledError that leaves is offered to
     * the try-with-resources scopes around it, as at an await (see the class comment).
     */
    static <S extends CancelScope, T> T run(Task<?> task, S scope, ScopeFunction<? super S, ? extends T> body) {
        T result = null;
        Throwable exc = null;
        try {
            result = body.call(scope);
        } catch (Throwable e) {
            exc = e;
        }
        Throwable raised = scope.aexit(exc);
        if (raised == null) {
            raised = exc;
        }
        if (raised instanceof CancelledError ce) {
            raised = task.deliverable(ce);
        }
        if (raised != null) {
            throw Aio.sneaky(raised);
        }
        return result;
    }
}
