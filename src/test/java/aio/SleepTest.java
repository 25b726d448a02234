package aio;

import static aio.Aio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link Aio#sleep}: ported from CPython's test_tasks.py (its sleep cases and SleepTests). */
class SleepTest extends VirtualLoopTestCase {

    // test_tasks.py: BaseTaskTests.test_sleep_when_delay_is_nan (ValueError)
    @Test
    void aDelayThatIsNaNIsRefused() {
        Task<Object> t = loop.createTask(() -> {
            sleep(Double.NaN);
            return null;
        });
        assertThrows(IllegalArgumentException.class, () -> loop.runUntilComplete(t));
    }

    // test_tasks.py: BaseTaskTests.test_sleep_cancel (cancelling the sleeping task cancels the
    // sleep's timer handle). CPython wraps loop.call_later to catch the handle; aio's sleep sets
    // its timer on the loop directly, so the handle is read from the loop's timer heap.
    @Test
    void cancellingTheSleepingTaskCancelsItsTimer() throws Exception {
        Task<String> t = loop.createTask(() -> sleep(10.0, "yeah"));
        LoopTestSupport.runBriefly(loop);
        List<TimerHandle> timers = timers();
        assertEquals(1, timers.size());
        TimerHandle handle = timers.get(0);
        assertEquals(10.0, handle.when());
        assertFalse(handle.cancelled());

        t.cancel();
        LoopTestSupport.runBriefly(loop);
        assertTrue(handle.cancelled());
        assertTrue(t.cancelled());
    }

    private List<TimerHandle> timers() throws ReflectiveOperationException {
        Field scheduled = EventLoop.class.getDeclaredField("scheduled");
        scheduled.setAccessible(true);
        @SuppressWarnings("unchecked")
        BinaryHeap<TimerHandle> heap = (BinaryHeap<TimerHandle>) scheduled.get(loop);
        return heap.items();
    }

    // test_tasks.py: SleepTests.test_sleep_zero (sleep(0) lets the callbacks ready now run, then
    // returns its result)
    @Test
    void sleepZeroRunsWhatIsReadyAndReturnsTheResult() {
        int[] result = {0};
        loop.runUntilComplete(loop.createTask(() -> {
            loop.callSoon(() -> result[0] += 1);
            assertEquals(0, result[0]);
            int num = sleep(0, 10);
            assertEquals(1, result[0]); // inc'ed by call_soon
            result[0] += num; // num should be 11
            return null;
        }));
        assertEquals(11, result[0]);
    }
}
