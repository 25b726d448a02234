package aio;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/** {@link Aio#wait}: CPython's {@code wait} / {@code _wait}. Waits; never cancels anything. */
final class Wait {
    private Wait() {
    }

    static <T> Done<T> wait(Collection<? extends Awaitable<? extends T>> aws, Double timeoutSeconds, ReturnWhen when) {
        if (aws.isEmpty()) {
            throw new IllegalArgumentException("Set of Tasks/Futures is empty.");
        }
        if (when == null) {
            throw new IllegalArgumentException("Invalid return_when value: null");
        }
        EventLoop loop = Aio.getRunningLoop();
        Set<Future<T>> fs = new LinkedHashSet<>();
        for (Awaitable<? extends T> aw : aws) {
            // asyncio 3.12 refuses coroutines here; the seed's program passes them (3.10 style),
            // so they are wrapped in tasks, as asyncio did before 3.11.
            @SuppressWarnings("unchecked")
            Future<T> f = (Future<T>) Aio.ensureFuture(loop, aw);
            fs.add(f);
        }

        Future<Object> waiter = loop.createFuture();
        TimerHandle timeoutHandle = timeoutSeconds == null ? null
                : loop.callLater(timeoutSeconds, () -> releaseWaiter(waiter));
        int[] counter = {fs.size()};
        Consumer<Future<T>> onCompletion = f -> {
            counter[0]--;
            if (counter[0] <= 0
                    || when == ReturnWhen.FIRST_COMPLETED
                    || (when == ReturnWhen.FIRST_EXCEPTION && !f.cancelled() && f.exception() != null)) {
                if (timeoutHandle != null) {
                    timeoutHandle.cancel();
                }
                releaseWaiter(waiter);
            }
        };
        for (Future<T> f : fs) {
            f.addDoneCallback(onCompletion);
        }
        try {
            Aio.await(waiter);
        } finally {
            if (timeoutHandle != null) {
                timeoutHandle.cancel();
            }
            for (Future<T> f : fs) {
                f.removeDoneCallback(onCompletion);
            }
        }
        Set<Future<T>> done = new LinkedHashSet<>();
        Set<Future<T>> pending = new LinkedHashSet<>();
        for (Future<T> f : fs) {
            (f.done() ? done : pending).add(f);
        }
        return new Done<>(done, pending);
    }

    static void releaseWaiter(Future<Object> waiter) {
        if (!waiter.done()) {
            waiter.setResult(null);
        }
    }
}
