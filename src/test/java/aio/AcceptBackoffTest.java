package aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The pauses and log lines of a Server whose accept() fails for lack of descriptors, on made-up loop times. */
class AcceptBackoffTest {
    private static final String EMFILE = "too many open files (limit 64)";

    private static AcceptBackoff backoff() {
        return new AcceptBackoff(0.1, 1.0, 5.0);
    }

    @Test
    void thePauseDoublesUpToOneSecondAndStartsOverAfterASuccess() {
        AcceptBackoff b = backoff();
        List<Double> pauses = new ArrayList<>();
        double t = 100;
        for (int i = 0; i < 7; i++) {
            double p = b.failed(EMFILE, t);
            pauses.add(p);
            t += p;
        }
        assertEquals(List.of(0.1, 0.2, 0.4, 0.8, 1.0, 1.0, 1.0), pauses);
        b.succeeded();
        assertEquals(0.1, b.failed(EMFILE, t));
    }

    @Test
    void theFirstFailureIsOneLineAtOnce() {
        AcceptBackoff b = backoff();
        b.failed(EMFILE, 100);
        assertEquals("accept failed: too many open files (limit 64); pausing accepts for 0.1 s", b.report(100));
        assertTrue(Double.isNaN(b.nextReportAt()), "nothing left to report");
    }

    @Test
    void failuresWithinTheIntervalAreCountedAndReportedTogether() {
        AcceptBackoff b = backoff();
        b.report(0); // nothing yet
        b.failed(EMFILE, 100);
        b.report(100);
        double t = 100.1;
        for (int i = 0; i < 4; i++) {
            t += b.failed(EMFILE, t);
            assertNull(b.report(t - 0.05), "within 5 s of the last line");
        }
        assertEquals(105.0, b.nextReportAt());
        b.failed(EMFILE, 104.6); // the pause (1 s) lasts past 105
        assertEquals("accept failed 5 times in the last 5 s: too many open files (limit 64); pausing accepts for 1 s",
                b.report(105.0));
    }

    @Test
    void aReportAfterTheShortageEndedSaysAcceptingAgain() {
        AcceptBackoff b = backoff();
        b.failed(EMFILE, 100);
        b.report(100);
        b.failed(EMFILE, 100.1);
        b.succeeded();
        assertNull(b.report(100.5));
        assertEquals("accept failed once in the last 5 s: too many open files (limit 64); accepting again",
                b.report(b.nextReportAt()));
        assertNull(b.report(200), "reported already");
    }

    @Test
    void aFailureLongAfterTheLastReportIsReportedAtOnce() {
        AcceptBackoff b = backoff();
        b.failed(EMFILE, 100);
        b.report(100);
        b.succeeded();
        b.failed("no buffer space available", 160);
        assertEquals("accept failed: no buffer space available; pausing accepts for 0.1 s", b.report(160));
    }

    @Test // a minute of failures, asking at each one and whenever the next report is due: about one line per 5 s
    void aLongShortageLogsAboutOneLinePerInterval() {
        AcceptBackoff b = backoff();
        List<String> lines = new ArrayList<>();
        double t = 0;
        while (t < 60) {
            t += b.failed(EMFILE, t);
            String line = b.report(t);
            if (line == null && b.nextReportAt() <= t) {
                line = b.report(b.nextReportAt());
            }
            if (line != null) {
                lines.add(line);
            }
        }
        assertTrue(lines.size() <= 13, lines.size() + " lines: " + lines);
        assertTrue(lines.size() >= 10, lines.size() + " lines: " + lines);
    }

    @Test
    void secondsAreWrittenToATenth() {
        assertEquals("0.1 s", AcceptBackoff.seconds(0.1));
        assertEquals("0.8 s", AcceptBackoff.seconds(0.8000000001));
        assertEquals("1 s", AcceptBackoff.seconds(1.0));
        assertEquals("5 s", AcceptBackoff.seconds(4.99999));
        assertEquals("4.9 s", AcceptBackoff.seconds(4.9));
    }
}
