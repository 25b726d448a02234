package aio;

import static aio.Aio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link Condition}: the cases of CPython's test_locks.py ConditionTests (3.13, with the
 * lost-wake-up fixes). asyncio's wait/notify/notify_all are await/signal/signalAll here.
 */
@SuppressWarnings("try") // try (var held = cond.hold()) never reads held: that is the idiom
class ConditionTest {

    private static void runTest(VoidCoro body) {
        Aio.run(body, Options.virtual());
    }

    /** c1, c2, c3 of test_wait: take the lock, wait, record n, keep the lock. */
    private static Coro<Boolean> waitAndRecord(Condition cond, List<Integer> result, int n) {
        return () -> {
            cond.acquire();
            cond.await();
            result.add(n);
            return true;
        };
    }

    /** c1, c2, c3 of test_notify: take the lock, wait, record n, release. */
    private static Coro<Boolean> waitRecordRelease(Condition cond, List<Integer> result, int n) {
        return () -> {
            cond.acquire();
            cond.await();
            result.add(n);
            cond.release();
            return true;
        };
    }

    // test_locks.py: ConditionTests.test_wait
    @Test
    void awaitReleasesAndReacquiresTheLock() {
        runTest(() -> {
            var cond = new Condition();
            List<Integer> result = new ArrayList<>();
            var t1 = createTask(waitAndRecord(cond, result, 1));
            var t2 = createTask(waitAndRecord(cond, result, 2));
            var t3 = createTask(waitAndRecord(cond, result, 3));

            sleep(0);
            assertEquals(List.of(), result);
            assertFalse(cond.locked());

            cond.acquire();
            cond.signal();
            sleep(0);
            assertEquals(List.of(), result); // woken, but the lock is ours
            assertTrue(cond.locked());

            cond.release();
            sleep(0);
            assertEquals(List.of(1), result);
            assertTrue(cond.locked());

            cond.signal(2);
            sleep(0);
            assertEquals(List.of(1), result);
            assertTrue(cond.locked());

            cond.release();
            sleep(0);
            assertEquals(List.of(1, 2), result);
            assertTrue(cond.locked());

            cond.release();
            sleep(0);
            assertEquals(List.of(1, 2, 3), result);
            assertTrue(cond.locked());

            for (var t : List.of(t1, t2, t3)) {
                assertTrue(t.done());
                assertTrue(t.result());
            }
        });
    }

    // test_locks.py: ConditionTests.test_wait_cancel
    @Test
    void cancelledAwaitStillReacquiresTheLock() {
        runTest(() -> {
            var cond = new Condition();
            cond.acquire();
            var wait = createTask(() -> cond.await());
            getRunningLoop().callSoon(() -> wait.cancel());
            assertThrows(CancelledError.class, () -> await(wait));
            assertTrue(cond.waiters.isEmpty());
            assertTrue(cond.locked());
        });
    }

    // test_locks.py: ConditionTests.test_wait_cancel_contested
    @Test
    void cancelWhileReacquiringAContestedLock() {
        runTest(() -> {
            var cond = new Condition();
            cond.acquire();
            assertTrue(cond.locked());
            var waitTask = createTask(() -> cond.await());
            sleep(0);
            assertFalse(cond.locked());

            // Notify, but contest the lock before cancelling.
            cond.acquire();
            assertTrue(cond.locked());
            cond.signal();
            getRunningLoop().callSoon(() -> waitTask.cancel());
            getRunningLoop().callSoon(cond::release);
            try {
                await(waitTask);
            } catch (CancelledError e) {
                // whether it is cancelled or not, it must hold the lock when it leaves await()
            }
            assertTrue(cond.locked());
        });
    }

    // test_locks.py: ConditionTests.test_wait_cancel_after_notify (bpo-32841)
    @Test
    void cancelAfterNotifyWhileWaitingForTheLock() {
        runTest(() -> {
            var cond = new Condition();
            boolean[] waited = {false};
            var waiter = createTask(() -> {
                try (var held = cond.hold()) {
                    waited[0] = true; // make sure this area was reached
                    cond.await();
                }
            });
            sleep(0); // start waiting

            cond.acquire();
            cond.signal();
            sleep(0); // get to acquire()
            waiter.cancel();
            sleep(0); // activate the cancellation
            cond.release();
            sleep(0); // the cancellation should occur

            assertTrue(waiter.cancelled());
            assertTrue(waited[0]);
            assertFalse(cond.locked()); // the waiter's block released it on the way out
        });
    }

    // test_locks.py: ConditionTests.test_wait_unacquired
    @Test
    void awaitWithoutTheLockRaises() {
        runTest(() -> {
            var cond = new Condition();
            var e = assertThrows(IllegalStateException.class, cond::await);
            assertEquals("cannot wait on un-acquired lock", e.getMessage());
        });
    }

    // test_locks.py: ConditionTests.test_wait_for
    @Test
    void waitForReturnsOnceThePredicateHolds() {
        runTest(() -> {
            var cond = new Condition();
            boolean[] presult = {false};
            List<Integer> result = new ArrayList<>();
            var t = createTask(() -> {
                cond.acquire();
                cond.waitFor(() -> presult[0]);
                result.add(1);
                cond.release();
                return true;
            });

            sleep(0);
            assertEquals(List.of(), result);

            cond.acquire();
            cond.signal();
            cond.release();
            sleep(0);
            assertEquals(List.of(), result); // woken, predicate still false: waits again

            presult[0] = true;
            cond.acquire();
            cond.signal();
            cond.release();
            sleep(0);
            assertEquals(List.of(1), result);
            assertTrue(t.done());
            assertTrue(t.result());
        });
    }

    // test_locks.py: ConditionTests.test_wait_for_unacquired
    @Test
    void waitForATruePredicateNeedsNoLock() {
        runTest(() -> {
            var cond = new Condition();
            int[] calls = {0};
            assertTrue(cond.waitFor(() -> ++calls[0] > 0)); // true at once; returns the predicate's value
            assertEquals(1, calls[0]);
            assertThrows(IllegalStateException.class, () -> cond.waitFor(() -> false));
        });
    }

    // test_locks.py: ConditionTests.test_notify
    @Test
    void signalWakesThatManyWaiters() {
        runTest(() -> {
            var cond = new Condition();
            List<Integer> result = new ArrayList<>();
            var t1 = createTask(waitRecordRelease(cond, result, 1));
            var t2 = createTask(waitRecordRelease(cond, result, 2));
            var t3 = createTask(waitRecordRelease(cond, result, 3));

            sleep(0);
            assertEquals(List.of(), result);

            cond.acquire();
            cond.signal(1);
            cond.release();
            sleep(0);
            assertEquals(List.of(1), result);

            cond.acquire();
            cond.signal(1);
            cond.signal(2048);
            cond.release();
            sleep(0);
            assertEquals(List.of(1, 2, 3), result);

            for (var t : List.of(t1, t2, t3)) {
                assertTrue(t.done());
                assertTrue(t.result());
            }
        });
    }

    // test_locks.py: ConditionTests.test_notify_all
    @Test
    void signalAllWakesEveryWaiter() {
        runTest(() -> {
            var cond = new Condition();
            List<Integer> result = new ArrayList<>();
            var t1 = createTask(waitRecordRelease(cond, result, 1));
            var t2 = createTask(waitRecordRelease(cond, result, 2));

            sleep(0);
            assertEquals(List.of(), result);

            cond.acquire();
            cond.signalAll();
            cond.release();
            sleep(0);
            assertEquals(List.of(1, 2), result);
            assertTrue(t1.result());
            assertTrue(t2.result());
        });
    }

    // test_locks.py: ConditionTests.test_notify_unacquired, test_notify_all_unacquired
    @Test
    void signalWithoutTheLockRaises() {
        var cond = new Condition();
        var e = assertThrows(IllegalStateException.class, cond::signal);
        assertEquals("cannot notify on un-acquired lock", e.getMessage());
        assertThrows(IllegalStateException.class, cond::signalAll);
    }

    // test_locks.py: ConditionTests.test_repr
    @Test
    void reprShowsLockAndWaiters() {
        runTest(() -> {
            var cond = new Condition();
            assertEquals("<Condition [unlocked]>", cond.toString());
            cond.acquire();
            assertEquals("<Condition [locked]>", cond.toString());
            cond.waiters.add(new Future<>());
            assertEquals("<Condition [locked, waiters:1]>", cond.toString());
            cond.waiters.add(new Future<>());
            assertEquals("<Condition [locked, waiters:2]>", cond.toString());
        });
    }

    // test_locks.py: ConditionTests.test_context_manager
    @Test
    void holdAcquiresAndReleases() {
        runTest(() -> {
            var cond = new Condition();
            assertFalse(cond.locked());
            try (var held = cond.hold()) {
                assertTrue(cond.locked());
            }
            assertFalse(cond.locked());
        });
    }

    // test_locks.py: ConditionTests.test_explicit_lock
    @Test
    void explicitLockIsShared() {
        runTest(() -> {
            var lock = new Lock();
            var cond = new Condition(lock);
            assertSame(lock, cond.lock);
            assertFalse(lock.locked());
            assertFalse(cond.locked());
            try (var held = cond.hold()) {
                assertTrue(lock.locked());
                assertTrue(cond.locked());
            }
            assertFalse(lock.locked());
            assertFalse(cond.locked());
            try (var held = lock.hold()) {
                assertTrue(lock.locked());
                assertTrue(cond.locked());
            }
            assertFalse(lock.locked());
            assertFalse(cond.locked());
            // Condition() makes its own lock.
            var own = new Condition();
            assertNotNull(own.lock);
            assertThrows(NullPointerException.class, () -> new Condition(null));
        });
    }

    // test_locks.py: ConditionTests.test_ambiguous_loops (CPython sets _loop by hand; here the
    // lock and the condition get bound by waiting on them in a first loop).
    @Test
    void lockOrConditionBoundToAnotherLoopIsRefused() {
        var lock = new Lock();
        var cond = new Condition(new Lock());
        runTest(() -> {
            lock.acquire();
            var t = createTask(() -> lock.acquire()); // binds lock to this loop
            sleep(0);
            lock.release();
            await(t);
            lock.release();
            var w = createTask(() -> { try (var held = cond.hold()) { cond.await(); } }); // binds cond
            sleep(0);
            try (var held = cond.hold()) {
                cond.signal();
            }
            await(w);
        });
        runTest(() -> {
            // wrong_loop_in_lock: acquired at once via the fast path, without the loop...
            try (var held = lock.hold()) {
                var c = new Condition(lock);
                // ... c.acquire() has to wait on the lock, and discovers the mismatch.
                var e = assertThrows(IllegalStateException.class, c::acquire);
                assertTrue(e.getMessage().contains("is bound to a different event loop"), e.getMessage());
            }
            // wrong_loop_in_cond: the condition's own binding is checked by await().
            try (var held = cond.hold()) {
                var e = assertThrows(IllegalStateException.class, cond::await);
                assertTrue(e.getMessage().contains("is bound to a different event loop"), e.getMessage());
                assertTrue(cond.locked(), "await() raised before releasing the lock");
            }
        });
    }

    // test_locks.py: ConditionTests.test_timeout_in_block
    @Test
    void waitForTimeoutInsideTheBlock() {
        runTest(() -> {
            var condition = new Condition();
            try (var held = condition.hold()) {
                assertThrows(TimeoutError.class, () -> waitFor(() -> condition.await(), 0.5));
                assertTrue(condition.locked(), "await() re-acquires the lock before raising");
            }
            assertFalse(condition.locked());
            assertEquals(0.5, time());
        });
    }

    // Not in CPython: the same with a timeout() block, whose expiry arrives at the await as
    // TimeoutError (see LoopBound): await() must treat it as the cancellation it is.
    @Test
    void timeoutBlockAroundAwait() {
        runTest(() -> {
            var condition = new Condition();
            try (var held = condition.hold()) {
                assertThrows(TimeoutError.class, () -> {
                    try (var t = timeout(0.5)) {
                        condition.await();
                    }
                });
                assertTrue(condition.locked());
                assertTrue(condition.waiters.isEmpty());
            }
            assertFalse(condition.locked());
        });
    }

    // Not in CPython: a timeout() block expiring while the woken task waits to re-acquire the
    // lock. The TimeoutError must wait for the lock like a CancelledError would: it comes out
    // of await() only once the lock is the task's again.
    @Test
    void timeoutWhileReacquiringStillReturnsWithTheLock() {
        runTest(() -> {
            var cond = new Condition();
            var waiter = createTask(() -> {
                try (var held = cond.hold()) {
                    try (var t = timeout(5)) {
                        cond.await();
                    } catch (TimeoutError e) {
                        assertTrue(cond.locked());
                        return time(); // when the error came out
                    }
                    return -1.0;
                }
            });
            sleep(0);
            cond.acquire();
            cond.signal();
            sleep(10); // the waiter is woken, waits for the lock; its deadline passes at 5
            assertTrue(cond.locked(), "the lock is still ours");
            cond.release();
            assertEquals(10.0, await(waiter));
            assertFalse(cond.locked());
        });
    }

    // test_locks.py: ConditionTests.test_cancelled_error_wakeup
    @Test
    void cancelledErrorWhileWaitingIsRaisedUnchanged() {
        runTest(() -> {
            var cond = new Condition();
            boolean[] wake = {false};
            CancelledError[] raised = {null};
            var task = createTask(() -> {
                try (var held = cond.hold()) {
                    var err = assertThrows(CancelledError.class, () -> cond.waitFor(() -> wake[0]));
                    raised[0] = err;
                    throw err;
                }
            });
            sleep(0);
            // The task is waiting on the condition: cancel it there.
            task.cancel("foo");
            var err = assertThrows(CancelledError.class, () -> await(task));
            assertEquals("foo", err.getMessage());
            assertSame(raised[0], err, "the same exception instance as the one raised in the task");
        });
    }

    // test_locks.py: ConditionTests.test_cancelled_error_re_aquire
    @Test
    void cancelledErrorWhileReacquiringIsRaisedUnchanged() {
        runTest(() -> {
            var cond = new Condition();
            boolean[] wake = {false};
            CancelledError[] raised = {null};
            var task = createTask(() -> {
                try (var held = cond.hold()) {
                    var err = assertThrows(CancelledError.class, () -> cond.waitFor(() -> wake[0]));
                    raised[0] = err;
                    throw err;
                }
            });
            sleep(0);
            // The task is waiting on the condition.
            cond.acquire();
            wake[0] = true;
            cond.signal();
            sleep(0);
            // The task is now trying to re-acquire the lock: cancel it there.
            task.cancel("foo");
            cond.release();
            var err = assertThrows(CancelledError.class, () -> await(task));
            assertEquals("foo", err.getMessage());
            assertSame(raised[0], err);
        });
    }

    /** The consumer of test_cancelled_wakeup: take one unit of state per wake-up; stop when negative. */
    private static VoidCoro consumer(Condition condition, int[] state) {
        return () -> {
            try (var held = condition.hold()) {
                while (true) {
                    condition.waitFor(() -> state[0] != 0);
                    if (state[0] < 0) {
                        return;
                    }
                    state[0]--;
                }
            }
        };
    }

    // test_locks.py: ConditionTests.test_cancelled_wakeup
    @Test
    void taskCancelledAsItIsNotifiedPassesTheWakeUpOn() {
        runTest(() -> {
            // A task cancelled at the "same" time as it is woken by signal() must not lose the
            // wake-up. Here the cancel arrives while it waits for the wake-up itself.
            var condition = new Condition();
            int[] state = {0};
            var c0 = createTask(consumer(condition, state));
            var c1 = createTask(consumer(condition, state));
            sleep(0); // let them settle
            try (var held = condition.hold()) {
                state[0]++; // produce one item and wake up one consumer
                condition.signal(1);
                c0.cancel(); // cancel it while it is waiting to run (could come from outside)

                // Wait for the item to be consumed: if not, the signal was lost to the cancel.
                try (var t = timeout(0.01)) {
                    condition.waitFor(() -> state[0] == 0);
                } catch (TimeoutError e) {
                    // checked just below
                }
                assertEquals(0, state[0]);

                state[0] = -1; // clean up
                condition.signalAll();
            }
            await(c1);
            assertTrue(c0.cancelled());
        });
    }

    // test_locks.py: ConditionTests.test_cancelled_wakeup_relock
    @Test
    void taskCancelledWhileReacquiringPassesTheWakeUpOn() {
        runTest(() -> {
            // As above, but the cancel arrives while the woken task waits to re-acquire the lock.
            var condition = new Condition();
            int[] state = {0};
            var c0 = createTask(consumer(condition, state));
            var c1 = createTask(consumer(condition, state));
            sleep(0);
            try (var held = condition.hold()) {
                state[0]++;
                condition.signal(1);
                sleep(0); // the woken task settles on re-acquiring the lock
                c0.cancel();

                try (var t = timeout(0.01)) {
                    condition.waitFor(() -> state[0] == 0);
                } catch (TimeoutError e) {
                    // checked just below
                }
                assertEquals(0, state[0]);

                state[0] = -1;
                condition.signalAll();
            }
            await(c1);
            assertTrue(c0.cancelled());
        });
    }

    // Not in CPython: the classic bounded buffer, ordering of producer and consumer.
    @Test
    void producerConsumerThroughACondition() {
        runTest(() -> {
            var cond = new Condition();
            List<Integer> buffer = new ArrayList<>();
            List<Integer> consumed = new ArrayList<>();
            var consumer = createTask(() -> {
                for (int i = 0; i < 5; i++) {
                    try (var held = cond.hold()) {
                        cond.waitFor(() -> !buffer.isEmpty());
                        consumed.add(buffer.remove(0));
                        cond.signalAll();
                    }
                }
            });
            for (int i = 0; i < 5; i++) {
                try (var held = cond.hold()) {
                    cond.waitFor(() -> buffer.size() < 2); // capacity 2
                    buffer.add(i);
                    cond.signalAll();
                }
                sleep(1);
            }
            await(consumer);
            assertEquals(List.of(0, 1, 2, 3, 4), consumed);
            assertEquals(5.0, time());
        });
    }
}
