package aio;

import static aio.Aio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link Event}: the cases of CPython's test_locks.py EventTests. */
class EventTest {

    private static void runTest(VoidCoro body) {
        Aio.run(body, Options.virtual());
    }

    // test_locks.py: EventTests.test_repr
    @Test
    void reprShowsFlagAndWaiters() {
        runTest(() -> {
            var ev = new Event();
            assertEquals("<Event [unset]>", ev.toString());
            createTask(() -> ev.await());
            sleep(0);
            assertEquals("<Event [unset, waiters:1]>", ev.toString());
            ev.set();
            assertEquals("<Event [set, waiters:1]>", ev.toString()); // the waiter has not run yet
            sleep(0);
            assertEquals("<Event [set]>", ev.toString());
        });
    }

    // test_locks.py: EventTests.test_wait
    @Test
    void setWakesEveryWaiter() {
        runTest(() -> {
            var ev = new Event();
            assertFalse(ev.isSet());
            List<Integer> result = new ArrayList<>();
            var t1 = createTask(() -> { if (ev.await()) result.add(1); }); // wait() returns True
            var t2 = createTask(() -> { if (ev.await()) result.add(2); });

            sleep(0);
            assertEquals(List.of(), result);

            var t3 = createTask(() -> { if (ev.await()) result.add(3); });

            ev.set();
            sleep(0);
            // t3 had not started: it finds the flag set and does not wait; then t1, t2 wake.
            assertEquals(List.of(3, 1, 2), result);

            for (var t : List.of(t1, t2, t3)) {
                assertTrue(t.done());
                assertNull(t.result());
            }
        });
    }

    // Not in CPython: many waiters, all woken by one set(), in the order they waited.
    @Test
    void setWakesManyWaitersInOrder() {
        runTest(() -> {
            var ev = new Event();
            List<Integer> woken = new ArrayList<>();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int id = i;
                tasks.add(createTask(() -> { ev.await(); woken.add(id); }));
            }
            sleep(5);
            assertEquals(List.of(), woken);
            assertEquals(20, ev.waiters.size());
            ev.set();
            await(gather(tasks));
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add(i);
            }
            assertEquals(expected, woken);
            assertTrue(ev.waiters.isEmpty());
        });
    }

    // test_locks.py: EventTests.test_wait_on_set
    @Test
    void awaitOnASetEventReturnsAtOnce() {
        runTest(() -> {
            var ev = new Event();
            ev.set();
            double before = time();
            ev.await();
            assertEquals(before, time());
            assertTrue(ev.isSet());
        });
    }

    // test_locks.py: EventTests.test_wait_cancel
    @Test
    void cancelledWaiterLeavesNoTrace() {
        runTest(() -> {
            var ev = new Event();
            var wait = createTask(() -> ev.await());
            getRunningLoop().callSoon(() -> wait.cancel());
            assertThrows(CancelledError.class, () -> await(wait));
            assertTrue(ev.waiters.isEmpty());
            assertFalse(ev.isSet());
        });
    }

    // test_locks.py: EventTests.test_clear
    @Test
    void clearResetsTheFlag() {
        var ev = new Event(); // set/clear need no loop
        assertFalse(ev.isSet());
        ev.set();
        assertTrue(ev.isSet());
        ev.clear();
        assertFalse(ev.isSet());
    }

    // test_locks.py: EventTests.test_clear_with_waiters
    @Test
    void clearAfterSetDoesNotTakeTheWakeUpBack() {
        runTest(() -> {
            var ev = new Event();
            List<Integer> result = new ArrayList<>();
            var t = createTask(() -> { ev.await(); result.add(1); return true; });
            sleep(0);
            assertEquals(List.of(), result);

            ev.set();
            ev.clear();
            assertFalse(ev.isSet());

            ev.set();
            ev.set();
            assertEquals(1, ev.waiters.size());

            sleep(0);
            assertEquals(List.of(1), result);
            assertEquals(0, ev.waiters.size());
            assertTrue(t.done());
            assertTrue(t.result());
        });
    }

    // Not in CPython: awaiting with a deadline (asyncio.wait_for(ev.wait(), 1)).
    @Test
    void awaitUnderWaitForTimesOut() {
        runTest(() -> {
            var ev = new Event();
            assertThrows(TimeoutError.class, () -> waitFor(() -> ev.await(), 1));
            assertEquals(1.0, time());
            assertTrue(ev.waiters.isEmpty());
            getRunningLoop().callLater(2, ev::set);
            waitFor(() -> ev.await(), 5);
            assertEquals(3.0, time());
        });
    }
}
