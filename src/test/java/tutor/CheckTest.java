package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import aio.Aio;
import aio.Options;
import org.junit.jupiter.api.Test;

/** A check lists every condition its solution fails, not only the first. */
class CheckTest {
    private static String verdict(aio.VoidCoro check) {
        Check.Failed f = assertThrows(Check.Failed.class, () -> Aio.run(() -> Check.run(false, check), Options.virtual()));
        return f.getMessage();
    }

    @Test
    void everyUnmetConditionIsListedALineEach() {
        assertEquals("first\nsecond: expected 1, got 2", verdict(() -> {
            Check.that(false, "first");
            Check.that(true, "never");
            Check.equal(1, 2, "second");
        }));
    }

    @Test
    void anExceptionAfterAFailedConditionIsTakenAsItsConsequence() {
        assertEquals("no list", verdict(() -> {
            java.util.List<Object> list = null;
            Check.that(list != null, "no list");
            Check.equal(3, list.size(), "its size");
        }));
    }

    @Test
    void aCheckThatGoesOnLongAfterItsFirstFailureIsStopped() {
        double[] stoppedAt = new double[1];
        assertEquals("early", verdict(() -> {
            Check.that(false, "early");
            try {
                Aio.sleep(1000);
            } finally {
                stoppedAt[0] = Aio.getRunningLoop().time();
            }
            Check.that(false, "too late");
        }));
        assertEquals(Check.AFTER_FIRST_FAILURE, stoppedAt[0], 0.01);
    }

    @Test
    void anExceptionWithNoFailedConditionIsTheVerdictItself() {
        assertThrows(ArithmeticException.class, () -> Aio.run(() -> Check.run(false, () -> {
            int zero = 0;
            System.out.println(1 / zero);
        }), Options.virtual()));
        assertThrows(Check.Failed.class, () -> Check.that(false, "outside a check: at once"));
    }
}
