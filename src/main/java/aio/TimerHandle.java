package aio;

/** A handle scheduled for a point in loop time ({@link EventLoop#callLater}, {@link EventLoop#callAt}). */
public final class TimerHandle extends Handle implements Comparable<TimerHandle> {
    /** The due time as asyncio keeps it ({@code TimerHandle._when}): what the loop's timer heap orders by. */
    final double when;
    /** The same instant on the loop's clock, which counts nanoseconds: what the loop waits for. */
    final long whenNanos;
    /** In the loop's timer heap (asyncio's {@code _scheduled}): only then does a cancel count towards a rebuild. */
    boolean scheduled;

    TimerHandle(EventLoop loop, double when, long whenNanos, Runnable callback, Context context) {
        super(loop, callback, context);
        this.when = when;
        this.whenNanos = whenNanos;
    }

    /**
     * The loop time, in seconds, at which the callback is due: exactly the value given to
     * {@link EventLoop#callAt} ({@code time() + delay} for {@link EventLoop#callLater}), as
     * asyncio's {@code TimerHandle.when()}, not rebuilt from the loop's nanoseconds.
     */
    public double when() {
        return when;
    }

    @Override
    public void cancel() {
        loop.checkThread(); // the loop counts cancelled timers: only on its thread
        if (!cancelled()) {
            loop.timerCancelled(this);
        }
        super.cancel();
    }

    /**
     * By due time alone, as asyncio's {@code TimerHandle.__lt__} ({@code self._when < other._when}):
     * two timers due at the same time compare equal, and the heap decides which runs first.
     */
    @Override
    public int compareTo(TimerHandle o) {
        return when < o.when ? -1 : o.when < when ? 1 : 0;
    }

    @Override
    public String toString() {
        return "<TimerHandle when=" + when() + (cancelled() ? " cancelled" : " " + CodeRepr.callable(callback())) + ">";
    }
}
