package aio;

import static aio.Aio.await;
import static aio.Aio.createTask;
import static aio.Aio.currentTask;
import static aio.Aio.run;
import static aio.Aio.sleep;
import static aio.Aio.time;
import static aio.Aio.timeout;
import static aio.Aio.timeoutAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link Aio#timeout} / {@link Aio#timeoutAt}: ported from CPython 3.12's test_timeouts.py.
 *
 * <p>The one deliberate difference (see {@link Timeout}'s Javadoc): asyncio raises
 * CancelledError at the await and {@code __aexit__} turns it into TimeoutError; this port raises
 * the TimeoutError at the await itself, because close() cannot replace an exception in flight.
 * So inside the block a {@code catch (CancelledError)} does not see a time-out (a
 * {@code catch (TimeoutError)} does), while {@code finally} blocks run as usual. What comes out
 * of the block is the same as in asyncio.
 */
class TimeoutTest {

    /** Runs the block, returns what it threw (failing if it threw nothing). */
    private static <E extends Throwable> E raisedBy(Class<E> type, VoidCoro block) {
        return assertThrows(type, () -> Aio.await(block));
    }

    @Test
    void expiryRaisesTimeoutErrorOutOfTheBlock() {
        // test_timeouts.py: test_timeout_basic
        run(() -> {
            Timeout[] cm = {null};
            raisedBy(TimeoutError.class, () -> {
                try (var t = timeout(0.01)) {
                    cm[0] = t;
                    sleep(10);
                }
            });
            assertTrue(cm[0].expired());
            assertEquals(0.01, time(), 1e-9);
            assertEquals(0, currentTask().cancelling());
        }, Options.virtual());
    }

    @Test
    void timeoutAtExpiresAtItsDeadline() {
        // test_timeouts.py: test_timeout_at_basic
        run(() -> {
            double deadline = time() + 0.01;
            Timeout[] cm = {null};
            raisedBy(TimeoutError.class, () -> {
                try (var t = timeoutAt(deadline)) {
                    cm[0] = t;
                    sleep(10);
                }
            });
            assertTrue(cm[0].expired());
            assertEquals(deadline, cm[0].when());
            assertEquals(deadline, time(), 1e-9);
        }, Options.virtual());
    }

    @Test
    void theBodysFinallyBlocksRunAndCatchCancelledErrorDoesNot() {
        // test_timeouts.py: test_waiter_cancelled. CPython's body sees CancelledError at the await;
        // this port raises TimeoutError there (documented), so the equivalent handler catches TimeoutError.
        run(() -> {
            List<String> log = new ArrayList<>();
            raisedBy(TimeoutError.class, () -> {
                try (var t = timeout(0.01)) {
                    try {
                        sleep(10);
                    } catch (CancelledError e) {
                        log.add("CancelledError");
                        throw e;
                    } catch (TimeoutError e) {
                        log.add("TimeoutError at " + time());
                        throw e;
                    } finally {
                        log.add("finally");
                    }
                }
            });
            assertEquals(List.of("TimeoutError at 0.01", "finally"), log);
        }, Options.virtual());
    }

    @Test
    void aCleanupAwaitInFinallyRunsAfterExpiry() {
        // test_timeouts.py: test_timeout_exception_context (the finally awaits after expiry, unharmed)
        run(() -> {
            List<String> log = new ArrayList<>();
            raisedBy(TimeoutError.class, () -> {
                try (var t = timeout(1)) {
                    try {
                        sleep(10);
                    } finally {
                        sleep(0.5);
                        log.add("cleanup done at " + time());
                    }
                }
            });
            assertEquals(List.of("cleanup done at 1.5"), log);
            assertEquals(1.5, time());
        }, Options.virtual());
    }

    @Test
    void noExpiryNoError() {
        // test_timeouts.py: test_timeout_not_called
        run(() -> {
            Timeout cm;
            try (var t = timeout(10)) {
                cm = t;
                sleep(0.01);
            }
            double t1 = time();
            assertFalse(cm.expired());
            assertTrue(cm.when() > t1);
            sleep(20); // the deadline passes after the block: nothing happens
            assertEquals(0, currentTask().cancelling());
        }, Options.virtual());
    }

    @Test
    void noDeadline() {
        // test_timeouts.py: test_timeout_disabled, test_timeout_at_disabled
        run(() -> {
            Timeout cm;
            try (var t = timeoutAt(null)) {
                cm = t;
                sleep(0.01);
            }
            assertFalse(cm.expired());
            assertNull(cm.when());
        }, Options.virtual());
    }

    @Test
    void zeroExpiresAtTheFirstAwait() {
        // test_timeouts.py: test_timeout_zero
        run(() -> {
            double t0 = time();
            Timeout[] cm = {null};
            raisedBy(TimeoutError.class, () -> {
                try (var t = timeout(0)) {
                    cm[0] = t;
                    sleep(10);
                }
            });
            assertTrue(cm[0].expired());
            assertEquals(t0, cm[0].when());
            assertEquals(t0, time());
        }, Options.virtual());
    }

    @Test
    void zeroExpiresAtSleepZero() {
        // test_timeouts.py: test_timeout_zero_sleep_zero
        run(() -> {
            Timeout[] cm = {null};
            raisedBy(TimeoutError.class, () -> {
                try (var t = timeout(0)) {
                    cm[0] = t;
                    sleep(0);
                }
            });
            assertTrue(cm[0].expired());
        }, Options.virtual());
    }

    @Test
    void aDeadlineInThePastExpiresAtSleepZero() {
        // test_timeouts.py: test_timeout_in_the_past_sleep_zero
        run(() -> {
            sleep(20);
            double t0 = time();
            Timeout[] cm = {null};
            raisedBy(TimeoutError.class, () -> {
                try (var t = timeout(-11)) {
                    cm[0] = t;
                    sleep(0);
                }
            });
            assertTrue(cm[0].expired());
            assertEquals(t0 - 11, cm[0].when(), 1e-9);
        }, Options.virtual());
    }

    @Test
    void anExceptionOfTheBodyPassesThrough() {
        // test_timeouts.py: test_foreign_exception_passed
        run(() -> {
            Timeout[] cm = {null};
            raisedBy(IllegalArgumentException.class, () -> {
                try (var t = timeout(0.01)) {
                    cm[0] = t;
                    throw new IllegalArgumentException("KeyError");
                }
            });
            assertFalse(cm[0].expired());
        }, Options.virtual());
    }

    @Test
    void anExceptionRaisedWhileHandlingTheExpiryWins() {
        // test_timeouts.py: test_foreign_exception_on_timeout
        run(() -> {
            VoidCoro crash = () -> {
                try {
                    sleep(1);
                } finally {
                    throw new ArithmeticException("/ by zero");
                }
            };
            raisedBy(ArithmeticException.class, () -> {
                try (var t = timeout(0.01)) {
                    Aio.await(crash);
                }
            });
            assertEquals(0, currentTask().cancelling());
        }, Options.virtual());
    }

    @Test
    void aForeignCancelInsideAnUnexpiredTimeoutIsCancelledError() {
        // test_timeouts.py: test_foreign_cancel_doesnt_timeout_if_not_expired
        run(() -> {
            Timeout[] cm = {null};
            raisedBy(CancelledError.class, () -> {
                try (var t = timeout(10)) {
                    cm[0] = t;
                    currentTask().cancel();
                    sleep(10);
                }
            });
            assertFalse(cm[0].expired());
            assertEquals(1, currentTask().cancelling(), "the foreign cancel is not the timeout's to take back");
        }, Options.virtual());
    }

    @Test
    void aTaskCancelledFromOutsideWhileInsideATimeoutEndsCancelled() {
        // test_timeouts.py: test_reschedule (its final part: task.cancel() -> CancelledError, not expired)
        run(() -> {
            Timeout[] cm = {null};
            var task = createTask(() -> {
                try (var t = timeout(10)) {
                    cm[0] = t;
                    sleep(50);
                }
            });
            sleep(1);
            task.cancel();
            assertThrows(CancelledError.class, () -> await(task));
            assertTrue(task.cancelled());
            assertFalse(cm[0].expired());
        }, Options.virtual());
    }

    @Test
    void theTaskIsNotCancelledAfterATimeout() {
        // test_timeouts.py: test_outer_task_is_not_cancelled
        run(() -> {
            var task = createTask(() -> {
                raisedBy(TimeoutError.class, () -> {
                    try (var t = timeout(0.001)) {
                        sleep(10);
                    }
                });
            });
            await(task);
            assertFalse(task.cancelled());
            assertTrue(task.done());
            assertEquals(0, task.cancelling());
        }, Options.virtual());
    }

    @Test
    void nestedBothExpiringTogether() {
        // test_timeouts.py: test_nested_timeouts (and test_nested_timeouts_loop_busy: both due in one iteration).
        // CPython: the inner lets CancelledError through, the outer turns it into TimeoutError. Here the
        // outer's TimeoutError is raised at the await (documented), so the inner body sees it already.
        run(() -> {
            double deadline = time() + 0.01;
            Timeout[] cm = {null, null};
            List<String> seen = new ArrayList<>();
            raisedBy(TimeoutError.class, () -> {
                try (var t1 = timeoutAt(deadline)) {
                    cm[0] = t1;
                    try (var t2 = timeoutAt(deadline)) {
                        cm[1] = t2;
                        sleep(10);
                    } catch (CancelledError e) {
                        seen.add("CancelledError");
                        throw e;
                    } catch (TimeoutError e) {
                        seen.add("TimeoutError");
                        throw e;
                    }
                }
            });
            assertEquals(List.of("TimeoutError"), seen);
            assertTrue(cm[0].expired());
            assertTrue(cm[1].expired());
            assertEquals(deadline, time(), 1e-9);
            assertEquals(0, currentTask().cancelling());
        }, Options.virtual());
    }

    @Test
    void nestedOuterExpiresFirst() {
        // test_timeouts.py: test_nested_timeouts_concurrent
        run(() -> {
            Timeout[] cm = {null, null};
            raisedBy(TimeoutError.class, () -> {
                try (var outer = timeout(0.002)) {
                    cm[0] = outer;
                    try (var inner = timeout(0.1)) {
                        cm[1] = inner;
                        sleep(1);
                    }
                }
            });
            assertEquals(0.002, time(), 1e-9);
            assertTrue(cm[0].expired());
            assertFalse(cm[1].expired());
            assertEquals(0, currentTask().cancelling());
        }, Options.virtual());
    }

    @Test
    void nestedInnerExpiresFirstThenTheOuter() {
        // test_timeouts.py: test_nested_timeouts_loop_busy (its intent: the inner's TimeoutError is caught,
        // then the outer interrupts the next sleep)
        run(() -> {
            List<String> log = new ArrayList<>();
            raisedBy(TimeoutError.class, () -> {
                try (var outer = timeout(1)) {
                    try {
                        try (var inner = timeout(0.1)) {
                            sleep(1);
                        }
                    } catch (TimeoutError e) {
                        log.add("inner timed out at " + time());
                    }
                    sleep(10); // interrupted by the outer
                    log.add("not reached");
                }
            });
            assertEquals(List.of("inner timed out at 0.1"), log);
            assertEquals(1.0, time(), 1e-9);
            assertEquals(0, currentTask().cancelling());
        }, Options.virtual());
    }

    @Test
    void theOuterTimeoutIsCatchableInsideTheInnerBlock() {
        // Documented difference: in CPython the outer's expiry travels as CancelledError through the
        // inner block (an "except TimeoutError" there does not see it); here it is a TimeoutError at the await.
        run(() -> {
            List<String> log = new ArrayList<>();
            Timeout[] cm = {null};
            try (var outer = timeout(1)) {
                cm[0] = outer;
                try (var inner = timeout(10)) {
                    sleep(5);
                } catch (TimeoutError e) {
                    log.add("caught at " + time());
                }
                sleep(2);
                log.add("went on to " + time());
            }
            assertEquals(List.of("caught at 1.0", "went on to 3.0"), log);
            assertTrue(cm[0].expired());
            assertEquals(0, currentTask().cancelling());
        }, Options.virtual());
    }

    @Test
    void aBodyThatSwallowsTheExpiryEndsNormally() {
        // timeouts.Timeout.__aexit__: exc_type is None -> nothing raised (the block swallowed the cancel)
        run(() -> {
            Timeout cm;
            try (var t = timeout(1)) {
                cm = t;
                try {
                    sleep(10);
                } catch (TimeoutError e) {
                    // handled inside
                }
                sleep(1); // the expiry was delivered once: this sleep is not interrupted
            }
            assertTrue(cm.expired());
            assertEquals(2.0, time());
            assertEquals(0, currentTask().cancelling());
        }, Options.virtual());
    }

    @Test
    void rescheduleMovesTheDeadline() {
        // test_timeouts.py: test_reschedule
        run(() -> {
            Future<Timeout> fut = new Future<>();
            double deadline1 = time() + 10;
            double deadline2 = deadline1 + 20;
            var task = createTask(() -> {
                try (var cm = timeoutAt(deadline1)) {
                    fut.setResult(cm);
                    sleep(50);
                }
            });
            Timeout cm = await(fut);
            assertEquals(deadline1, cm.when());
            cm.reschedule(deadline2);
            assertEquals(deadline2, cm.when());
            cm.reschedule(null);
            assertNull(cm.when());
            task.cancel();
            assertThrows(CancelledError.class, () -> await(task));
            assertFalse(cm.expired());
        }, Options.virtual());
    }

    @Test
    void rescheduleExtendsAndShortens() {
        // test_timeouts.py: test_reschedule (observable expiry times)
        run(() -> {
            raisedBy(TimeoutError.class, () -> {
                try (var t = timeout(1)) {
                    sleep(0.5);
                    t.reschedule(time() + 2); // extends to 2.5
                    sleep(10);
                }
            });
            assertEquals(2.5, time(), 1e-9);

            raisedBy(TimeoutError.class, () -> {
                try (var t = timeout(100)) {
                    sleep(0.5);
                    t.reschedule(time() + 0.25); // shortens to 3.25
                    sleep(10);
                }
            });
            assertEquals(3.25, time(), 1e-9);

            raisedBy(TimeoutError.class, () -> {
                try (var t = timeout(100)) {
                    t.reschedule(time() - 1); // in the past: expires on the next iteration
                    sleep(10);
                }
            });
            assertEquals(3.25, time(), 1e-9);
        }, Options.virtual());
    }

    @Test
    void timeoutAtNullThenReschedule() {
        // test_timeouts.py: test_timeout_at_disabled + test_reschedule
        run(() -> {
            Timeout[] cm = {null};
            raisedBy(TimeoutError.class, () -> {
                try (var t = timeoutAt(null)) {
                    cm[0] = t;
                    sleep(1);
                    t.reschedule(time() + 1);
                    sleep(10);
                }
            });
            assertEquals(2.0, time());
            assertTrue(cm[0].expired());
        }, Options.virtual());
    }

    @Test
    void rescheduleAfterExitRaises() {
        // test_timeouts.py: test_timeout_finished
        run(() -> {
            Timeout cm;
            try (var t = timeout(0.01)) {
                cm = t;
            }
            var e = assertThrows(IllegalStateException.class, () -> cm.reschedule(0.02));
            assertTrue(e.getMessage().contains("finished"), e.getMessage());
        }, Options.virtual());
    }

    @Test
    void rescheduleAfterExpiryRaises() {
        // test_timeouts.py: test_timeout_expired
        run(() -> {
            Timeout[] cm = {null};
            String[] whileExpiring = {null};
            raisedBy(TimeoutError.class, () -> {
                try (var t = timeout(0.01)) {
                    cm[0] = t;
                    try {
                        sleep(1);
                    } finally {
                        // still inside the block, after expiry
                        whileExpiring[0] = assertThrows(IllegalStateException.class, () -> t.reschedule(5.0)).getMessage();
                    }
                }
            });
            assertEquals("Cannot change state of expiring Timeout", whileExpiring[0]);
            var e = assertThrows(IllegalStateException.class, () -> cm[0].reschedule(0.02));
            assertEquals("Cannot change state of expired Timeout", e.getMessage());
        }, Options.virtual());
    }

    @Test
    void reprShowsTheState() {
        // test_timeouts.py: test_repr_active, test_repr_expired, test_repr_finished, test_repr_disabled
        run(() -> {
            sleep(1.23456);
            try (var t = timeout(10)) {
                assertEquals("<Timeout [active] when=11.235>", t.toString());
            }
            Timeout[] cm = {null};
            raisedBy(TimeoutError.class, () -> {
                try (var t = timeout(0.01)) {
                    cm[0] = t;
                    sleep(10);
                }
            });
            assertEquals("<Timeout [expired]>", cm[0].toString());
            try (var t = timeout(10)) {
                cm[0] = t;
                sleep(0);
            }
            assertEquals("<Timeout [finished]>", cm[0].toString());
            try (var t = timeoutAt(null)) {
                assertEquals("<Timeout [active] when=None>", t.toString());
            }
        }, Options.virtual());
    }

    @Test
    void aNestedTimeoutInFinallyAfterExpiry() {
        // test_timeouts.py: test_nested_timeout_in_finally
        run(() -> {
            List<String> log = new ArrayList<>();
            raisedBy(TimeoutError.class, () -> {
                try (var outer = timeout(0.01)) {
                    try {
                        sleep(1);
                    } finally {
                        raisedBy(TimeoutError.class, () -> {
                            try (var inner = timeout(0.01)) {
                                sleep(10);
                            }
                        });
                        log.add("inner timed out at " + time());
                    }
                }
            });
            assertEquals(List.of("inner timed out at 0.02"), log);
            assertEquals(0, currentTask().cancelling());
        }, Options.virtual());
    }

    @Test
    void aTimeoutAfterASwallowedCancellationStillTimesOut() {
        // test_timeouts.py: test_timeout_after_cancellation
        run(() -> {
            try {
                currentTask().cancel();
                sleep(1); // work which will be cancelled
            } catch (CancelledError e) {
                // swallowed, without uncancel(): cancelling() stays 1
            } finally {
                raisedBy(TimeoutError.class, () -> {
                    try (var t = timeout(0.0)) {
                        sleep(1); // some cleanup
                    }
                });
            }
            assertEquals(1, currentTask().cancelling(), "back to the count before the block");
        }, Options.virtual());
    }

    @Test
    void aCancelInsideATimeoutAfterASwallowedCancellation() {
        // test_timeouts.py: test_cancel_in_timeout_after_cancellation
        run(() -> {
            try {
                currentTask().cancel();
                sleep(1);
            } catch (CancelledError e) {
                // swallowed
            } finally {
                raisedBy(CancelledError.class, () -> {
                    try (var t = timeout(1.0)) {
                        currentTask().cancel();
                        sleep(2);
                    }
                });
            }
            assertEquals(0.0, time());
        }, Options.virtual());
    }

    @Test
    void anExternalCancelAtTheMomentOfExpiryIsCancelledError() {
        // timeouts.Timeout.__aexit__: uncancel() > baseline -> the CancelledError is not ours, it propagates
        run(() -> {
            Timeout[] cm = {null};
            var task = createTask(() -> {
                try (var t = timeout(1)) {
                    cm[0] = t;
                    sleep(10);
                }
            });
            sleep(0); // the task entered its timeout (deadline 1.0) and sleeps
            Aio.getRunningLoop().callAt(1.0, task::cancel); // due at the same moment, right after the timeout's
            var e = assertThrows(CancelledError.class, () -> await(task));
            assertEquals(CancelledError.class, e.getClass());
            assertTrue(task.cancelled());
            assertTrue(cm[0].expired());
            assertEquals(1.0, time());
            assertEquals(1, task.cancelling(), "the timeout took back its own cancel only");
        }, Options.virtual());
    }

    @Test
    void anExternalCancelJustBeforeExpiryIsCancelledError() {
        // same, in the other order: the external cancel first, then the deadline, before the task runs
        run(() -> {
            var task = createTask(() -> {
                try (var t = timeout(1)) {
                    sleep(10);
                }
            });
            Aio.getRunningLoop().callAt(1.0, task::cancel); // armed before the task's timeout
            assertThrows(CancelledError.class, () -> await(task));
            assertTrue(task.cancelled());
        }, Options.virtual());
    }

    @Test
    void cancellingIsBackToItsBaselineAfterTheBlock() {
        // timeouts.Timeout: uncancel() in __aexit__ takes back exactly the timeout's own cancel()
        run(() -> {
            Task<?> me = currentTask();
            me.cancel();
            assertThrows(CancelledError.class, () -> sleep(1)); // cancelling() is now 1, swallowed
            assertEquals(1, me.cancelling());
            raisedBy(TimeoutError.class, () -> {
                try (var t = timeout(1)) {
                    sleep(5);
                }
            });
            assertEquals(1, me.cancelling());
            try (var t = timeout(1)) {
                sleep(0.5);
            }
            assertEquals(1, me.cancelling());
            assertEquals(0, me.uncancel());
        }, Options.virtual());
    }

    @Test
    void theTimeoutErrorIsCausedByTheCancelledError() {
        // test_timeouts.py: test_timeout_exception_cause
        run(() -> {
            var e = raisedBy(TimeoutError.class, () -> {
                try (var t = timeout(0)) {
                    sleep(1);
                }
            });
            assertInstanceOf(CancelledError.class, e.getCause());
        }, Options.virtual());
    }

    @Test
    void outsideATaskIsRefused() {
        // test_timeouts.py: test_timeout_without_task
        var e = assertThrows(IllegalStateException.class, () -> timeout(0.01));
        assertTrue(e.getMessage().contains("task"), e.getMessage());
        run(() -> {
            Future<Throwable> seen = new Future<>();
            Aio.getRunningLoop().callSoon(() -> {
                try {
                    timeoutAt(1.0);
                    seen.setResult(null);
                } catch (IllegalStateException ex) {
                    seen.setResult(ex);
                }
            });
            Throwable inCallback = await(seen);
            assertInstanceOf(IllegalStateException.class, inCallback, "a callback is not a task");
        }, Options.virtual());
    }

    @Test
    void aWaitForInsideAnExpiringTimeout() {
        // waitFor's own timeout nested in a timeout block that expires first: TimeoutError leaves the block
        run(() -> {
            Timeout[] cm = {null};
            raisedBy(TimeoutError.class, () -> {
                try (var t = timeout(1)) {
                    cm[0] = t;
                    Aio.waitFor(() -> sleep(10, "x"), 5);
                }
            });
            assertEquals(1.0, time());
            assertTrue(cm[0].expired());
            assertEquals(0, currentTask().cancelling());
        }, Options.virtual());
    }
}
