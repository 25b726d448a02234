package bench;

import static aio.Aio.await;
import static aio.Aio.createTask;
import static aio.Aio.gather;
import static aio.Aio.run;
import static aio.Aio.sleep;

import aio.Future;
import aio.Options;
import aio.Queue;
import aio.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The runtime workloads, written as bench/py_workloads.py writes them for CPython, so that the
 * two do the same steps: each method runs one {@code run(...)} and returns when it is done.
 */
final class RuntimeWorkloads {
    /** The random delays of the timer workloads, in seconds: uniform in [0, MAX). */
    static final double VIRTUAL_MAX_DELAY = 10.0;
    static final double REAL_MAX_DELAY = 0.010;

    private RuntimeWorkloads() {
    }

    /** Creates n tasks that each {@code sleep(0)}, then gathers them. */
    static void tasks(int n) {
        run(() -> {
            List<Task<Void>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                tasks.add(createTask(() -> sleep(0)));
            }
            await(gather(tasks));
        });
    }

    /**
     * Two tasks hand control to each other through futures, one switch per await: each future's
     * result is the future to answer on (null: stop).
     */
    static void pingPongFuture(int switches) {
        int rounds = switches / 2;
        run(() -> {
            Future<Object> first = new Future<>();
            Task<Void> other = createTask(() -> pong(first));
            Future<Object> theirs = first;
            for (int i = 0; i < rounds; i++) {
                Future<Object> mine = new Future<>();
                theirs.setResult(mine);
                theirs = cast(await(mine));
            }
            theirs.setResult(null);
            await(other);
        });
    }

    private static void pong(Future<Object> start) {
        Future<Object> mine = start;
        while (true) {
            Future<Object> theirs = cast(await(mine));
            if (theirs == null) {
                return;
            }
            mine = new Future<>();
            theirs.setResult(mine);
        }
    }

    @SuppressWarnings("unchecked")
    private static Future<Object> cast(Object o) {
        return (Future<Object>) o;
    }

    /** Two tasks hand an item back and forth through two queues: one switch per get. */
    static void pingPongQueue(int switches) {
        int rounds = switches / 2;
        run(() -> {
            Queue<Integer> toPong = new Queue<>();
            Queue<Integer> toPing = new Queue<>();
            Task<Void> other = createTask(() -> {
                for (int i = 0; i < rounds; i++) {
                    toPing.putNowait(toPong.get());
                }
            });
            for (int i = 0; i < rounds; i++) {
                toPong.putNowait(i);
                toPing.get();
            }
            await(other);
        });
    }

    /** n tasks that each sleep a random delay in [0, maxDelay), on the virtual or the real clock. */
    static void timers(int n, boolean virtualClock, long seed) {
        double maxDelay = virtualClock ? VIRTUAL_MAX_DELAY : REAL_MAX_DELAY;
        run(() -> {
            SplittableRandom random = new SplittableRandom(seed);
            double[] delays = new double[n];
            for (int i = 0; i < n; i++) {
                delays[i] = random.nextDouble() * maxDelay;
            }
            List<Task<Void>> tasks = new ArrayList<>(n);
            for (double d : delays) {
                tasks.add(createTask(() -> sleep(d)));
            }
            await(gather(tasks));
        }, virtualClock ? Options.virtual() : Options.defaults());
    }
}
