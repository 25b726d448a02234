package aio;

/**
 * How {@link Aio#run(Coro, Options)} and {@link Aio#newEventLoop(Options)} set up a loop.
 * Immutable; each method returns a changed copy:
 * {@code Options.defaults().virtualClock(true).debug(true)}.
 *
 * @param debug                 asyncio's debug mode: warn about steps that block the loop
 * @param virtualClock          use {@link Clock#virtual()} instead of the real clock
 * @param slowCallbackSeconds   in debug mode, a step longer than this is reported (asyncio: 0.1)
 * @param timeline              where the loop records what its tasks do, or null for no recording
 *                              (see {@link Timeline}; the copy shares the same recorder)
 * @param warnSlowSteps         report slow steps outside debug mode too, without the rest of it
 *                              (not in asyncio: a console names a snippet that blocks its loop)
 */
public record Options(boolean debug, boolean virtualClock, double slowCallbackSeconds, Timeline timeline,
        boolean warnSlowSteps) {

    /** The options before timelines existed: no recording. */
    public Options(boolean debug, boolean virtualClock, double slowCallbackSeconds) {
        this(debug, virtualClock, slowCallbackSeconds, null, false);
    }

    public static Options defaults() {
        return new Options(false, false, 0.1, null, false);
    }

    /** The virtual clock: what tests and lesson playback use. */
    public static Options virtual() {
        return defaults().virtualClock(true);
    }

    public Options debug(boolean on) {
        return new Options(on, virtualClock, slowCallbackSeconds, timeline, warnSlowSteps);
    }

    public Options virtualClock(boolean on) {
        return new Options(debug, on, slowCallbackSeconds, timeline, warnSlowSteps);
    }

    public Options slowCallbackSeconds(double seconds) {
        return new Options(debug, virtualClock, seconds, timeline, warnSlowSteps);
    }

    /**
     * Records every task step of the loop in {@code recorder} (null: none), for
     * a chart of it: {@code run(main, Options.virtual().timeline(tl))}.
     */
    public Options timeline(Timeline recorder) {
        return new Options(debug, virtualClock, slowCallbackSeconds, recorder, warnSlowSteps);
    }

    /** Reports steps longer than {@link #slowCallbackSeconds} even outside debug mode. */
    public Options warnSlowSteps(boolean on) {
        return new Options(debug, virtualClock, slowCallbackSeconds, timeline, on);
    }
}
