package aio;

/**
 * How {@link Aio#run(Coro, Options)} and {@link Aio#newEventLoop(Options)} set up a loop.
 * Immutable; each method returns a changed copy:
 * {@code Options.defaults().virtualClock(true).debug(true)}.
 *
 * @param debug                 asyncio's debug mode: warn about steps that block the loop
 * @param virtualClock          use {@link Clock#virtual()} instead of the real clock
 * @param slowCallbackSeconds   in debug mode, a step longer than this is reported (asyncio: 0.1)
 */
public record Options(boolean debug, boolean virtualClock, double slowCallbackSeconds) {

    public static Options defaults() {
        return new Options(false, false, 0.1);
    }

    /** The virtual clock: what tests and lesson playback use. */
    public static Options virtual() {
        return defaults().virtualClock(true);
    }

    public Options debug(boolean on) {
        return new Options(on, virtualClock, slowCallbackSeconds);
    }

    public Options virtualClock(boolean on) {
        return new Options(debug, on, slowCallbackSeconds);
    }

    public Options slowCallbackSeconds(double seconds) {
        return new Options(debug, virtualClock, seconds);
    }
}
