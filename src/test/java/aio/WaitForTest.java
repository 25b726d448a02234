package aio;

import static aio.Aio.await;
import static aio.Aio.createTask;
import static aio.Aio.currentTask;
import static aio.Aio.run;
import static aio.Aio.sleep;
import static aio.Aio.time;
import static aio.Aio.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link Aio#waitFor}: ported from CPython 3.12's test_waitfor.py. In 3.12 wait_for is
 * {@code async with timeout(t): return await fut} (plus a special case for t <= 0).
 */
class WaitForTest {

    private static final double EPSILON = 0.0001; // test_waitfor.py's _EPSILON

    @Test
    void resultBeforeTheTimeout() {
        // test_waitfor.py: test_wait_for_race_condition
        run(() -> {
            Future<Object> fut = Aio.getRunningLoop().createFuture();
            Aio.getRunningLoop().callLater(0.1, () -> fut.setResult("ok"));
            assertEquals("ok", waitFor(fut, 0.2));
            assertEquals(0.1, time(), 1e-9);
            assertEquals(0, currentTask().cancelling());
        }, Options.virtual());
    }

    @Test
    void timeoutCancelsTheInnerTaskAndRaisesTimeoutError() {
        // test_waitfor.py: test_wait_for
        run(() -> {
            boolean[] fooRunning = {false};
            var fut = createTask(() -> {
                fooRunning[0] = true;
                try {
                    sleep(10);
                } finally {
                    fooRunning[0] = false;
                }
                return "done";
            });
            var e = assertThrows(TimeoutError.class, () -> waitFor(fut, 0.1));
            assertInstanceOf(CancelledError.class, e.getCause(), "raised from the CancelledError");
            assertEquals(0.1, time(), 1e-9);
            assertTrue(fut.done());
            assertTrue(fut.cancelled(), "it should have been cancelled due to the timeout");
            assertFalse(fooRunning[0]);
            assertEquals(0, currentTask().cancelling(), "the timeout's cancel was taken back");
        }, Options.virtual());
    }

    @Test
    void timeoutOnAPlainFutureCancelsIt() {
        // test_waitfor.py: test_wait_for (a future instead of a task)
        run(() -> {
            Future<Object> fut = Aio.getRunningLoop().createFuture();
            assertThrows(TimeoutError.class, () -> waitFor(fut, 1));
            assertTrue(fut.cancelled());
            assertEquals(1.0, time());
        }, Options.virtual());
    }

    @Test
    void waitForReturnsOnlyAfterTheInnerTaskFinishedCancelling() {
        // test_waitfor.py: test_wait_for_waits_for_task_cancellation
        run(() -> {
            List<String> log = new ArrayList<>();
            var inner = createTask(() -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    log.add("cleanup starts at " + time());
                    sleep(1);
                    throw e;
                } finally {
                    log.add("inner done at " + time());
                }
            });
            var e = assertThrows(TimeoutError.class, () -> waitFor(inner, 2));
            assertEquals(3.0, time(), "TimeoutError after the inner's 1 s cleanup: t = timeout + 1");
            assertInstanceOf(CancelledError.class, e.getCause());
            assertEquals(List.of("cleanup starts at 2.0", "inner done at 3.0"), log);
            assertTrue(inner.cancelled());
        }, Options.virtual());
    }

    @Test
    void aCoroutineCleaningUpIsAlsoWaitedFor() {
        // test_waitfor.py: test_wait_for_waits_for_task_cancellation (a coroutine, run in this task)
        run(() -> {
            boolean[] taskDone = {false};
            Coro<String> inner = () -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    sleep(1);
                    throw e;
                } finally {
                    taskDone[0] = true;
                }
                return "never";
            };
            assertThrows(TimeoutError.class, () -> waitFor(inner, 2));
            assertTrue(taskDone[0]);
            assertEquals(3.0, time());
        }, Options.virtual());
    }

    @Test
    void timeoutZeroWithADoneFutureReturnsItsResult() {
        // test_waitfor.py: test_wait_for_timeout_less_then_0_or_0_future_done
        run(() -> {
            Future<Object> fut = Aio.getRunningLoop().createFuture();
            fut.setResult("done");
            assertEquals("done", waitFor(fut, 0));
            assertEquals("done", waitFor(fut, -1));
            assertEquals(0.0, time());
        }, Options.virtual());
    }

    @Test
    void timeoutZeroDoesNotStartACoroutine() {
        // test_waitfor.py: test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started
        run(() -> {
            boolean[] fooStarted = {false};
            Coro<String> foo = () -> {
                fooStarted[0] = true;
                return "started";
            };
            assertThrows(TimeoutError.class, () -> waitFor(foo, 0));
            assertFalse(fooStarted[0]);
            assertEquals(0.0, time());
        }, Options.virtual());
    }

    @Test
    void timeoutZeroOrLessCancelsAPendingTask() {
        // test_waitfor.py: test_wait_for_timeout_less_then_0_or_0
        for (double timeout : new double[] {0, -1}) {
            run(() -> {
                boolean[] fooRunning = {false};
                Future<Object> started = Aio.getRunningLoop().createFuture();
                var fut = createTask(() -> {
                    fooRunning[0] = true;
                    started.setResult(null);
                    try {
                        sleep(10);
                    } finally {
                        fooRunning[0] = false;
                    }
                    return "done";
                });
                await(started);
                var e = assertThrows(TimeoutError.class, () -> waitFor(fut, timeout));
                assertInstanceOf(CancelledError.class, e.getCause());
                assertTrue(fut.done());
                assertTrue(fut.cancelled());
                assertFalse(fooRunning[0]);
                assertEquals(0.0, time());
            }, Options.virtual());
        }
    }

    @Test
    void timeoutZeroWaitsForTheCancelledTaskToFinish() {
        // test_waitfor.py: test_wait_for_waits_for_task_cancellation_w_timeout_0
        run(() -> {
            boolean[] taskDone = {false};
            var inner = createTask(() -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    sleep(EPSILON);
                    throw e;
                } finally {
                    taskDone[0] = true;
                }
            });
            sleep(EPSILON);
            var e = assertThrows(TimeoutError.class, () -> waitFor(inner, 0));
            assertTrue(taskDone[0]);
            assertInstanceOf(CancelledError.class, e.getCause());
            assertEquals(2 * EPSILON, time(), 1e-9);
        }, Options.virtual());
    }

    @Test
    void timeoutZeroAndTheTaskSwallowsTheCancelReturnsItsResult() {
        // tasks.wait_for (timeout <= 0): "return fut.result()" after _cancel_and_wait
        run(() -> {
            var stubborn = createTask(() -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    return "kept going";
                }
                return "finished";
            });
            sleep(0);
            assertEquals("kept going", waitFor(stubborn, 0));
        }, Options.virtual());
    }

    @Test
    void theInnerExceptionPropagatesAsIs() {
        // tasks.wait_for: an exception of the awaited future is re-raised unchanged
        run(() -> {
            class FooException extends RuntimeException {
            }
            var inner = createTask(() -> {
                sleep(1);
                throw new FooException();
            });
            assertThrows(FooException.class, () -> waitFor(inner, 5));
            assertEquals(1.0, time());
            Coro<Integer> coro = () -> {
                throw new java.io.IOException("checked, unchanged");
            };
            var io = assertThrows(java.io.IOException.class, () -> waitFor(coro, 5));
            assertEquals("checked, unchanged", io.getMessage());
        }, Options.virtual());
    }

    @Test
    void anExceptionRaisedWhileCancellingReplacesTheTimeout() {
        // test_waitfor.py: test_wait_for_reraises_exception_during_cancellation
        class FooException extends RuntimeException {
        }
        run(() -> {
            var inner = createTask(() -> {
                try {
                    sleep(0.2);
                } finally {
                    throw new FooException();
                }
            });
            assertThrows(FooException.class, () -> waitFor(inner, EPSILON));
        }, Options.virtual());
    }

    @Test
    void cancellingTheOuterTaskCancelsTheInnerAndRaisesCancelledError() {
        // test_waitfor.py: test_cancel_wait_for (Python issue #23219)
        run(() -> {
            var task = createTask(() -> {
                await(Aio.getRunningLoop().createFuture()); // blocks forever
            });
            var wait = createTask(() -> waitFor(task, 60.0));
            Aio.getRunningLoop().callSoon(wait::cancel);
            assertThrows(CancelledError.class, () -> await(wait));
            assertTrue(wait.cancelled(), "CancelledError, not TimeoutError");
            assertTrue(task.cancelled(), "cancelling the wait must also cancel the task");
            assertEquals(0.0, time());
        }, Options.virtual());
    }

    @Test
    void cancellingTheOuterTaskWithNoDeadlineCancelsTheInner() {
        // test_waitfor.py: test_cancel_blocking_wait_for (timeout=None: here, an infinite timeout)
        run(() -> {
            var task = createTask(() -> {
                await(Aio.getRunningLoop().createFuture());
            });
            var wait = createTask(() -> waitFor(task, Double.POSITIVE_INFINITY));
            Aio.getRunningLoop().callSoon(wait::cancel);
            assertThrows(CancelledError.class, () -> await(wait));
            assertTrue(task.cancelled());
        }, Options.virtual());
    }

    @Test
    void noDeadlineJustAwaits() {
        // test_waitfor.py: test_wait_for_blocking (timeout=None: here, an infinite timeout)
        run(() -> {
            assertEquals("done", waitFor(() -> "done", Double.POSITIVE_INFINITY));
            assertEquals("later", waitFor(() -> sleep(5, "later"), Double.POSITIVE_INFINITY));
            assertEquals(5.0, time());
        }, Options.virtual());
    }

    @Test
    void cancellingTheOuterTaskWhileTheInnerIgnoresCancellation() {
        // test_waitfor.py: test_wait_for_self_cancellation
        run(() -> {
            var inner = createTask(() -> {
                try {
                    sleep(0.3);
                } catch (CancelledError e) {
                    try {
                        sleep(0.3);
                    } catch (CancelledError e2) {
                        sleep(0.3);
                    }
                }
                return 42;
            });
            var task = createTask(() -> waitFor(inner, 0.1));
            task.cancel(); // before it starts: it never waits at all
            assertThrows(CancelledError.class, () -> await(task));
            assertEquals(42, await(inner));
            assertEquals(0.3, time(), 1e-9);
        }, Options.virtual());
    }

    @Test
    void cancellingWhileTheTimedOutInnerTaskIsStillCleaningUp() {
        // test_waitfor.py: test_wait_for_self_cancellation, with the cancel after the timeout expired
        // (3.12: the inner returns 42 after ignoring both cancels, so wait_for returns 42 and the
        // waiting task ends normally: no CancelledError is left to deliver).
        run(() -> {
            var inner = createTask(() -> {
                try {
                    sleep(0.3);
                } catch (CancelledError e) {
                    try {
                        sleep(0.3);
                    } catch (CancelledError e2) {
                        sleep(0.3);
                    }
                }
                return 42;
            });
            var task = createTask(() -> waitFor(inner, 0.1));
            sleep(0.2);
            task.cancel();
            assertEquals(42, await(task));
            assertEquals(0.5, time(), 1e-9);
            assertEquals(1, task.cancelling(), "the outside cancel() is still counted");
        }, Options.virtual());
    }

    @Test
    void anInnerCoroutineThatSwallowsTheCancelReturnsItsValue() {
        // test_waitfor.py: test_wait_for_cancel_suppressed (GH-86296 / gh-84849)
        run(() -> {
            Coro<Integer> return42 = () -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    return 42;
                }
                return 0;
            };
            assertEquals(42, waitFor(return42, 0.1));
            assertEquals(0.1, time(), 1e-9);
            assertEquals(0, currentTask().cancelling());
        }, Options.virtual());
    }

    @Test
    void anInnerTaskThatSwallowsTheCancelReturnsItsValue() {
        // test_waitfor.py: test_wait_for_cancel_suppressed, with a task
        run(() -> {
            var return42 = createTask(() -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    sleep(1);
                    return 42;
                }
                return 0;
            });
            assertEquals(42, waitFor(return42, 0.1));
            assertEquals(1.1, time(), 1e-9);
            assertFalse(return42.cancelled());
        }, Options.virtual());
    }

    @Test
    void anInnerCoroutineThatSeesTheCancelAndReturns() {
        // test_waitfor.py: test_wait_for_cancellation_race_condition
        run(() -> {
            Coro<Integer> inner = () -> {
                assertThrows(CancelledError.class, () -> sleep(1));
                return 1;
            };
            assertEquals(1, waitFor(inner, 0.01));
        }, Options.virtual());
    }

    @Test
    void aCancelRightAfterWaitForDoesNotLetTheTaskContinue() {
        // test_waitfor.py: test_wait_for_issue86296
        run(() -> {
            boolean[] reachedEnd = {false};
            var task = createTask(() -> {
                waitFor(() -> null, 100);
                sleep(1);
                reachedEnd[0] = true;
            });
            sleep(0);
            assertFalse(task.done());
            task.cancel();
            assertThrows(CancelledError.class, () -> await(task));
            assertFalse(reachedEnd[0]);
        }, Options.virtual());
    }

    @Test
    void aCoroutineRunsInTheCurrentTask() {
        // asyncio 3.12: wait_for awaits a coroutine directly (no new task), as async with timeout() does
        run(() -> {
            Task<?> outside = currentTask();
            Task<?> inside = waitFor(() -> {
                sleep(1);
                return currentTask();
            }, 5);
            assertSame(outside, inside);
        }, Options.virtual());
    }

    @Test
    void aSlowTaskThatIgnoresCancelsIsWaitedFor() {
        // test_waitfor.py: AsyncioWaitForTest.test_asyncio_wait_for_timeout (SlowTask)
        run(() -> {
            boolean[] exited = {false};
            double exitAt = time() + 0.2;
            Coro<Void> slow = () -> {
                while (exitAt - time() > 0) {
                    try {
                        sleep(exitAt - time());
                    } catch (CancelledError ignored) {
                        // a task that ignores cancel requests
                    }
                }
                exited[0] = true;
                return null;
            };
            waitFor(slow, 0.1); // swallowed the cancel: returns normally, no TimeoutError
            assertTrue(exited[0]);
            assertEquals(0.2, time(), 1e-9);
        }, Options.virtual());
    }

    @Test
    void cancellingAWaitForOfASlowTaskWaitsForIt() {
        // test_waitfor.py: AsyncioWaitForTest.test_asyncio_wait_for_cancelled (SlowTask)
        run(() -> {
            boolean[] exited = {false};
            double exitAt = time() + 0.2;
            Coro<Void> slow = () -> {
                while (exitAt - time() > 0) {
                    try {
                        sleep(exitAt - time());
                    } catch (CancelledError ignored) {
                        // a task that ignores cancel requests
                    }
                }
                exited[0] = true;
                return null;
            };
            var waitForTask = createTask(() -> waitFor(slow, 0.4));
            sleep(0);
            waitForTask.cancel();
            Aio.wait(List.of(waitForTask));
            assertTrue(exited[0]);
        }, Options.virtual());
    }

    @Test
    void outsideATaskIsRefused() {
        // wait_for suspends the calling task, so it needs one
        assertThrows(IllegalStateException.class, () -> waitFor(() -> 1, 1));
    }
}
