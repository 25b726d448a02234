package bench;

import java.util.List;

/**
 * How big each workload is and how often it runs: {@link #full()} is what the README's table
 * comes from, {@link #quick()} a smoke check under a minute, {@link #tiny()} the smallest, for
 * the tests.
 *
 * @param name            full, quick or tiny
 * @param taskCounts      N for the create + gather workload
 * @param switches        ping-pong switches
 * @param timers          timers per timer workload
 * @param runs            runs per figure (the table shows the median)
 * @param echoClients     concurrent clients, one row group each
 * @param echoWarmup      seconds of load per server and client count before the first window, not counted
 * @param echoSeconds     seconds per measured window
 * @param consoleSessions console processes started per tool (one first prompt each)
 * @param consoleWarmups  untimed snippets before the timed ones
 * @param consoleSamples  timed meta-commands and snippets per session
 */
record Plan(String name, List<Integer> taskCounts, int switches, int timers, int runs,
            List<Integer> echoClients, double echoWarmup, double echoSeconds,
            int consoleSessions, int consoleWarmups, int consoleSamples) {

    static Plan full() {
        return new Plan("full", List.of(100_000, 1_000_000), 1_000_000, 10_000, 3,
                List.of(1, 50), 2.0, 5.0, 5, 5, 5);
    }

    static Plan quick() {
        return new Plan("quick", List.of(10_000), 100_000, 10_000, 3,
                List.of(1, 50), 0.3, 0.7, 1, 2, 3);
    }

    static Plan tiny() {
        return new Plan("tiny", List.of(1_000), 1_000, 1_000, 1,
                List.of(1, 4), 0.0, 0.3, 1, 1, 1);
    }

    /** "5 s", "0.3 s". */
    static String seconds(double s) {
        return (s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s)) + " s";
    }

    /** "1 run", "3 runs". */
    static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** "median of 3 runs", or "1 run". */
    static String medianOf(int n, String what) {
        return n == 1 ? count(1, what) : "median of " + count(n, what);
    }
}
