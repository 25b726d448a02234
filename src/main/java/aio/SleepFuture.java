package aio;

import java.util.Locale;

/**
 * The future a {@link Aio#sleep} waits on. It differs from a plain future only in how it
 * describes itself while pending, {@code <sleep 5 s, 4.2 s left>}, so that a task's repr and
 * the console's {@code :tasks} say what the task is waiting for.
 */
final class SleepFuture<T> extends Future<T> {
    private final double seconds;
    private final long deadlineNanos;

    SleepFuture(EventLoop loop, double seconds, long deadlineNanos) {
        super(loop);
        this.seconds = seconds;
        this.deadlineNanos = deadlineNanos;
    }

    /** The timer's callback: ends the sleep; names the task that sleeps (for a loop's picture, :loop). */
    record Wake<T>(SleepFuture<T> future, T result, Task<?> sleeper) implements Runnable {
        @Override
        public void run() {
            if (!future.done()) {
                future.setResult(result);
            }
        }

        @Override
        public String toString() {
            return sleeper.getName() + " wakes from sleep " + Timing.seconds(future.seconds);
        }
    }

    /** When the sleep is due to end, in loop nanoseconds (a {@link Timeline} marks the task ready from then). */
    long deadlineNanos() {
        return deadlineNanos;
    }

    @Override
    public String toString() {
        if (done()) {
            return super.toString();
        }
        double left = Math.max(0, (deadlineNanos - getLoop().clockNanos()) / 1e9);
        return "<sleep " + Timing.seconds(seconds) + ", " + String.format(Locale.ROOT, "%.1f s", left) + " left>";
    }

    /** Seconds as people write them: "5 s", "0.25 s", "4.2 s". */
    static final class Timing {
        private Timing() {
        }

        static String seconds(double s) {
            if (s == Math.rint(s) && s < 1e9) {
                return (long) s + " s";
            }
            return String.format(Locale.ROOT, s < 1 ? "%.2f s" : "%.1f s", s);
        }
    }
}
