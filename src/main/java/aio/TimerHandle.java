package aio;

/** A handle scheduled for a point in loop time ({@link EventLoop#callLater}, {@link EventLoop#callAt}). */
public final class TimerHandle extends Handle implements Comparable<TimerHandle> {
    final long whenNanos;
    private final long seq; // ties run in the order they were scheduled

    TimerHandle(EventLoop loop, long whenNanos, long seq, Runnable callback) {
        super(loop, callback);
        this.whenNanos = whenNanos;
        this.seq = seq;
    }

    /** The loop time, in seconds, at which the callback is due. */
    public double when() {
        return whenNanos / 1e9;
    }

    @Override
    public void cancel() {
        if (!cancelled()) {
            super.cancel();
            loop.timerCancelled();
        }
    }

    @Override
    public int compareTo(TimerHandle o) {
        int c = Long.compare(whenNanos, o.whenNanos);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public String toString() {
        return "<TimerHandle when=" + when() + (cancelled() ? " cancelled" : " " + callback()) + ">";
    }
}
