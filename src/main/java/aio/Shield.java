package aio;

import java.util.function.Consumer;

/** {@link Aio#shield}: CPython's {@code shield}. The outer future can be cancelled; the inner cannot through it. */
final class Shield {
    private Shield() {
    }

    static <T> Future<T> shield(EventLoop loop, Awaitable<T> aw) {
        Future<T> inner = Aio.ensureFuture(loop, aw);
        if (inner.done()) {
            return inner; // nothing left to protect
        }
        Future<T> outer = new Future<>(inner.loop);
        Consumer<Future<T>> innerDone = in -> {
            if (outer.cancelled()) {
                if (!in.cancelled()) {
                    in.exception(); // mark retrieved: whoever cancelled the outer chose not to see it
                }
                return;
            }
            if (in.cancelled()) {
                outer.cancel();
            } else {
                Throwable exc = in.exception();
                if (exc != null) {
                    outer.setException(exc);
                } else {
                    outer.setResult(in.rawResult());
                }
            }
        };
        inner.addDoneCallback(innerDone);
        outer.addDoneCallback(out -> {
            if (!inner.done()) {
                inner.removeDoneCallback(innerDone);
            }
        });
        return outer;
    }
}
