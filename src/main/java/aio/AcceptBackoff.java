package aio;

/**
 * The bookkeeping of a {@link Server} whose accept() fails for lack of file descriptors or
 * memory (EMFILE, ENFILE, ENOBUFS, ENOMEM): how long to stop accepting, and what to log when.
 * Plain arithmetic on loop time; the server does the pausing and the logging.
 *
 * <p>asyncio pauses a fixed {@code ACCEPT_RETRY_DELAY} (1 s) and logs every failure with its
 * traceback. Here the first pause is short, and each failure in a row doubles it up to a
 * longest one; a successful accept starts over. The log has one line per report and no stack
 * trace: the first failure is reported at once, and those after it are counted and reported
 * together, at most one line per report interval.
 */
final class AcceptBackoff {
    private final double firstPause;
    private final double maxPause;
    private final double reportInterval;

    /** The last pause; 0 once an accept succeeded. */
    private double pause;
    /** Loop time when the last pause ends. */
    private double pausedUntil = Double.NEGATIVE_INFINITY;
    /** Loop time of the last failure. */
    private double lastFailure = Double.NaN;
    /** Failures not reported yet. */
    private int unreported;
    /** The last failure's reason, as reported. */
    private String reason = "";
    /** Loop time of the last report; NaN before the first. */
    private double lastReport = Double.NaN;

    /** Pauses of {@code firstPause} doubling up to {@code maxPause}, and a report at most every {@code reportInterval} (seconds). */
    AcceptBackoff(double firstPause, double maxPause, double reportInterval) {
        this.firstPause = firstPause;
        this.maxPause = maxPause;
        this.reportInterval = reportInterval;
    }

    /**
     * Records that accept() failed at loop time {@code now} because of {@code reason} (a short
     * phrase, such as {@code too many open files (limit 64)}). Returns how long to stop
     * accepting, in seconds: the first pause, doubling on each failure in a row up to the
     * longest.
     */
    double failed(String reason, double now) {
        this.reason = reason;
        unreported++;
        lastFailure = now;
        pause = pause == 0 ? firstPause : Math.min(pause * 2, maxPause);
        pausedUntil = now + pause;
        return pause;
    }

    /** Records that accept() succeeded: the next failure pauses the first pause again. */
    void succeeded() {
        pause = 0;
    }

    /**
     * The line to log at loop time {@code now}, or null when there is nothing to report or the
     * last report is less than the report interval old (then {@link #nextReportAt()} says when
     * to ask again). A line returned counts as reported.
     */
    String report(double now) {
        // (A millisecond's grace: a timer set for nextReportAt() may see a clock a hair short of it.)
        if (unreported == 0 || now - lastReport < reportInterval - 1e-3) {
            return null;
        }
        // A failure reported as it happens is just that; a report of several (or of one, later)
        // says how many, over how long.
        String what = unreported == 1 && now == lastFailure
                ? "accept failed: "
                : "accept failed " + (unreported == 1 ? "once" : unreported + " times")
                        + " in the last " + seconds(now - lastReport) + ": ";
        String state = now < pausedUntil ? "pausing accepts for " + seconds(pause) : "accepting again";
        unreported = 0;
        lastReport = now;
        return what + reason + "; " + state;
    }

    /** When failures waiting to be reported may be: loop time in seconds, NaN if none wait. */
    double nextReportAt() {
        return unreported == 0 ? Double.NaN : lastReport + reportInterval;
    }

    /** 0.1 s, 0.8 s, 1 s, 4.9 s: seconds to a tenth, without a trailing ".0". */
    static String seconds(double s) {
        double tenths = Math.round(s * 10) / 10.0;
        return (tenths == Math.rint(tenths) ? String.valueOf((long) tenths) : String.valueOf(tenths)) + " s";
    }
}
