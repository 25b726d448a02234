package aio;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * {@link Aio#wrapFuture}: a Java {@link CompletionStage} (a {@code CompletableFuture}, what
 * {@code HttpClient.sendAsync} and most async Java APIs return) as a loop {@link Future}, the way
 * asyncio's {@code wrap_future} chains a {@code concurrent.futures.Future} to a loop future
 * ({@code futures._chain_future}).
 *
 * <p>The stage's outcome is copied to the loop future on the loop's thread: its value, its
 * exception (a {@code CompletionException} unwrapped to its cause, as {@code join()} callers
 * expect), or cancellation (a cancelled stage cancels the loop future). Cancelling the loop future
 * cancels the stage when it is a {@code CompletableFuture}; its outcome is then dropped. An outcome
 * that arrives after the loop closed is dropped too. While the stage is pending the loop counts an
 * external wait, so the virtual clock does not jump past it.
 */
final class WrappedFuture {
    private WrappedFuture() {
    }

    static <T> Future<T> wrap(EventLoop loop, CompletionStage<T> stage) {
        Future<T> future = new Future<>(loop);
        loop.externalWaitBegan();
        boolean[] waiting = {true}; // touched on the loop thread only
        Runnable endWait = () -> {
            if (waiting[0]) {
                waiting[0] = false;
                loop.externalWaitEnded();
            }
        };
        future.addDoneCallback(f -> {
            if (f.cancelled()) {
                endWait.run();
                // _call_check_cancel: the destination was cancelled, so cancel the source.
                // A stage that is not a CompletableFuture cannot be cancelled from here.
                try {
                    stage.toCompletableFuture().cancel(false);
                } catch (UnsupportedOperationException notCancellable) {
                    // its outcome will be dropped when it comes
                }
            }
        });
        stage.whenComplete((value, error) -> ToThread.deliver(loop, () -> {
            endWait.run();
            copyState(future, stage, value, error);
        }));
        return future;
    }

    /** futures._copy_future_state: nothing if the destination was cancelled meanwhile. */
    private static <T> void copyState(Future<T> dest, CompletionStage<T> source, T value, Throwable error) {
        if (dest.done()) {
            return;
        }
        if (error instanceof CancellationException && isCancelled(source)) {
            dest.cancel();
        } else if (error != null) {
            dest.setException(error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error);
        } else {
            dest.setResult(value);
        }
    }

    private static boolean isCancelled(CompletionStage<?> stage) {
        try {
            return stage.toCompletableFuture().isCancelled();
        } catch (UnsupportedOperationException opaque) {
            return true; // a CancellationException from a stage we cannot ask: it was cancelled
        }
    }
}
