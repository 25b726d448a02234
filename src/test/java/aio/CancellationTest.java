package aio;

import static aio.Aio.await;
import static aio.Aio.createTask;
import static aio.Aio.currentTask;
import static aio.Aio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Task cancellation: ported from the cancel cases of CPython's test_tasks.py. */
class CancellationTest extends VirtualLoopTestCase {

    // test_tasks.py: test_cancel (cancel from a callback while the task sleeps)
    @Test
    void cancelWhileSleeping() {
        Task<Integer> t = loop.createTask(() -> {
            sleep(10.0);
            return 12;
        });
        loop.callSoon(t::cancel);
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.done());
        assertTrue(t.cancelled());
        assertFalse(t.cancel());
        assertEquals(0.0, loop.time(), "the sleep was interrupted, not waited out");
    }

    // Python 3.8 (bpo-32528) made CancelledError a BaseException so that `except Exception:`
    // no longer swallows a cancellation; aio's is an Error for the same reason.
    @Test
    void catchExceptionDoesNotSwallowACancellation() {
        List<String> caught = new ArrayList<>();
        Task<String> t = loop.createTask(() -> {
            try {
                sleep(10.0);
            } catch (Exception e) {
                caught.add("Exception: " + e);
            }
            try {
                sleep(10.0);
            } catch (RuntimeException e) {
                caught.add("RuntimeException: " + e);
            }
            return "finished anyway";
        });
        loop.callSoon(t::cancel);
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.cancelled(), "the task was cancelled, its catch (Exception e) notwithstanding");
        assertEquals(List.of(), caught);
        assertFalse(Exception.class.isAssignableFrom(CancelledError.class));
    }

    // tasks.py __step: coro.throw(CancelledError) into a coroutine that has not started raises at
    // its first line, so a task cancelled before its first step never runs any of its body.
    @Test
    void cancelBeforeTheFirstStepRunsNothing() {
        List<String> log = new ArrayList<>();
        Task<Integer> t = loop.createTask(() -> {
            log.add("body ran");
            return 12;
        });
        assertTrue(t.cancel());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.cancelled());
        assertEquals(List.of(), log);
    }

    // test_tasks.py: test_task_repr ("t.cancel()  # Does not take immediate effect!")
    @Test
    void cancelledBeforeStartingEndsCancelledNotFinished() {
        Task<String> t = loop.createTask(() -> "abc", "TestTask");
        t.cancel();
        assertTrue(t.toString().startsWith("<Task cancelling name='TestTask'"), t.toString());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("<Task cancelled name='TestTask' coro=<<lambda>() done, defined at CancellationTest.java>>", t.toString());
    }

    // test_tasks.py: test_cancel_with_message_before_starting_task
    @Test
    void cancelWithMessageBeforeStartingTask() {
        Task<Object> outer = loop.createTask(() -> {
            Task<Void> task = createTask(() -> sleep(10));
            // We deliberately leave out the sleep here.
            task.cancel("my message");
            Aio.wait(List.of(task));
            return task.exception();
        });
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
        assertEquals("my message", e.getMessage());
    }

    // test_tasks.py: test_cancel_with_message_then_future_result
    @Test
    void cancelWithMessageThenFutureResult() {
        for (String msg : new String[] {null, "my message"}) {
            Task<Object> outer = loop.createTask(() -> {
                Task<Void> task = createTask(() -> sleep(10));
                sleep(0);
                task.cancel(msg);
                Aio.wait(List.of(task));
                return task.result();
            });
            CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
            assertEquals(msg, e.getMessage());
            assertTrue(outer.cancelled());
        }
    }

    // test_tasks.py: test_cancel_with_message_then_future_exception
    @Test
    void cancelWithMessageThenFutureException() {
        Task<Object> outer = loop.createTask(() -> {
            Task<Void> task = createTask(() -> sleep(10));
            sleep(0);
            task.cancel("my message");
            Aio.wait(List.of(task));
            return task.exception();
        });
        assertEquals("my message", assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer)).getMessage());
    }

    @Test
    void cancelMessageIsSeenInsideTheTask() {
        List<String> seen = new ArrayList<>();
        Task<Void> t = loop.createTask(() -> {
            try {
                sleep(10);
            } catch (CancelledError e) {
                seen.add(e.getMessage());
                throw e;
            }
            return null;
        });
        LoopTestSupport.runBriefly(loop);
        t.cancel("stop now");
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals(List.of("stop now"), seen);
    }

    // test_tasks.py: test_cancel_yield
    @Test
    void cancelYield() {
        Task<Integer> t = loop.createTask(() -> {
            sleep(0);
            sleep(0);
            return 12;
        });
        LoopTestSupport.runBriefly(loop); // start coro
        t.cancel();
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.done());
        assertTrue(t.cancelled());
        assertFalse(t.cancel());
    }

    // The cancel is delivered at the next await, as a CancelledError raised there.
    @Test
    void cancelIsDeliveredAtTheNextAwait() {
        List<String> log = new ArrayList<>();
        Task<Void> t = loop.createTask(() -> {
            log.add("start");
            try {
                sleep(0);
                log.add("not reached");
            } catch (CancelledError e) {
                log.add("CancelledError at the await");
                throw e;
            }
            return null;
        });
        loop.callSoon(t::cancel); // runs after the first step, while the task is ready again
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals(List.of("start", "CancelledError at the await"), log);
    }

    // test_tasks.py: test_cancel_inner_future
    @Test
    void cancelInnerFuture() {
        Future<Object> f = loop.createFuture();
        Task<Integer> t = loop.createTask(() -> {
            await(f);
            return 12;
        });
        LoopTestSupport.runBriefly(loop); // start task
        f.cancel();
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(f.cancelled());
        assertTrue(t.cancelled());
    }

    // test_tasks.py: test_cancel_both_task_and_inner_future
    @Test
    void cancelBothTaskAndInnerFuture() {
        Future<Object> f = loop.createFuture();
        Task<Integer> t = loop.createTask(() -> {
            await(f);
            return 12;
        });
        LoopTestSupport.runBriefly(loop);
        f.cancel();
        t.cancel();
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.done());
        assertTrue(f.cancelled());
        assertTrue(t.cancelled());
    }

    // Task.cancel(): "if self._fut_waiter is not None: if self._fut_waiter.cancel(msg=msg): return True"
    @Test
    void cancellingAWaitingTaskCancelsTheFutureItWaitsOn() {
        Future<Object> f = loop.createFuture();
        Task<Object> t = loop.createTask(() -> await(f));
        LoopTestSupport.runBriefly(loop);
        assertSame(f, t.waitingOn());
        t.cancel("why");
        assertTrue(f.cancelled(), "the future is cancelled at once, inside cancel()");
        assertEquals("why", f.cancelMessage());
        assertFalse(t.done(), "the task itself is cancelled when the CancelledError reaches it");
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.cancelled());
    }

    // test_tasks.py: test_cancel_task_catching
    @Test
    void cancelTaskCatching() {
        Future<Object> fut1 = loop.createFuture();
        Future<Object> fut2 = loop.createFuture();
        Task<Integer> t = loop.createTask(() -> {
            await(fut1);
            try {
                await(fut2);
            } catch (CancelledError e) {
                return 42;
            }
            return 0;
        });
        LoopTestSupport.runBriefly(loop);
        assertSame(fut1, t.waitingOn());
        fut1.setResult(null);
        LoopTestSupport.runBriefly(loop);
        assertSame(fut2, t.waitingOn());
        t.cancel();
        assertTrue(fut2.cancelled());
        assertEquals(42, loop.runUntilComplete(t));
        assertFalse(t.cancelled());
        assertFalse(t.cancel(), "cancel() on a done task returns false");
    }

    // test_tasks.py: test_cancel_task_ignoring
    @Test
    void cancelTaskIgnoring() {
        Future<Object> fut1 = loop.createFuture();
        Future<Object> fut2 = loop.createFuture();
        Future<Integer> fut3 = new Future<>(loop);
        Task<Integer> t = loop.createTask(() -> {
            await(fut1);
            try {
                await(fut2);
            } catch (CancelledError e) {
                // ignored
            }
            return await(fut3);
        });
        LoopTestSupport.runBriefly(loop);
        assertSame(fut1, t.waitingOn());
        fut1.setResult(null);
        LoopTestSupport.runBriefly(loop);
        assertSame(fut2, t.waitingOn());
        t.cancel();
        assertTrue(fut2.cancelled());
        LoopTestSupport.runBriefly(loop);
        assertSame(fut3, t.waitingOn());
        fut3.setResult(42);
        assertEquals(42, loop.runUntilComplete(t));
        assertFalse(fut3.cancelled());
        assertFalse(t.cancelled());
        assertEquals(1, t.cancelling(), "the request is still counted: nobody called uncancel()");
    }

    // test_tasks.py: test_cancel_current_task
    @Test
    void cancelCurrentTask() {
        Task<?>[] box = new Task<?>[1];
        Task<Integer> t = loop.createTask(() -> {
            box[0].cancel();
            // The sleep should be cancelled immediately.
            sleep(100);
            return 12;
        });
        box[0] = t;
        assertFalse(t.cancelled());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.done());
        assertTrue(t.cancelled());
        assertFalse(t.cancel());
        assertEquals(0.0, loop.time());
    }

    // test_tasks.py: test_cancel_at_end (the mustCancel path: a result after self-cancel)
    @Test
    void cancelAtEnd() {
        Task<?>[] box = new Task<?>[1];
        Task<Integer> t = loop.createTask(() -> {
            box[0].cancel("at end");
            return 12;
        });
        box[0] = t;
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("at end", e.getMessage());
        // tasks.py __step: "super().cancel(msg=self._cancel_message)": this path keeps the
        // message, so later retrievals carry it too (CPython 3.13: CancelledError('at end') twice).
        assertEquals("at end", assertThrows(CancelledError.class, t::result).getMessage());
        assertTrue(t.done());
        assertTrue(t.cancelled());
        assertFalse(t.cancel());
    }

    // test_tasks.py: test_cancel_awaited_task (bpo-34872)
    @Test
    void cancelAwaitedTask() {
        Future<Object> fut = loop.createFuture();
        Task<?>[] nested = new Task<?>[1];
        Task<?>[] box = new Task<?>[1];
        Task<Object> task = loop.createTask(() -> {
            // Create a sub-task and wait for it to run.
            nested[0] = createTask(() -> await(fut));
            sleep(0);
            // Request the current task to be cancelled.
            box[0].cancel();
            // Block on the nested task, which should be immediately cancelled.
            return await(nested[0]);
        });
        box[0] = task;
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(task));
        assertTrue(task.cancelled());
        assertTrue(nested[0].cancelled());
        assertTrue(fut.cancelled());
    }

    // Task.cancel(): "Leave self._fut_waiter; it may be a Task that catches and ignores the
    // cancellation so we may have to cancel it again later."
    @Test
    void awaitingATaskThatSwallowsCancellation() {
        Task<Integer> inner = loop.createTask(() -> {
            try {
                sleep(10);
                return 1;
            } catch (CancelledError e) {
                return 42; // swallowed
            }
        }, "inner");
        Task<String> outer = loop.createTask(() -> "outer got " + await(inner), "outer");
        LoopTestSupport.runBriefly(loop);
        assertSame(inner, outer.waitingOn());
        assertTrue(outer.cancel());
        assertEquals("outer got 42", loop.runUntilComplete(outer));
        assertFalse(inner.cancelled());
        assertFalse(outer.cancelled());
        assertEquals(1, outer.cancelling());
        assertEquals(1, inner.cancelling());
    }

    @Test
    void cancellingAnInnerTaskPropagatesToItsAwaiter() {
        List<String> log = new ArrayList<>();
        Task<Integer> inner = loop.createTask(() -> {
            sleep(10);
            return 1;
        });
        Task<Integer> outer = loop.createTask(() -> {
            try {
                return await(inner);
            } catch (CancelledError e) {
                log.add("outer saw CancelledError: " + e.getMessage());
                throw e;
            }
        });
        loop.callLater(1, () -> inner.cancel("inner stopped"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
        assertEquals("inner stopped", e.getMessage());
        assertEquals(List.of("outer saw CancelledError: inner stopped"), log);
        assertTrue(inner.cancelled());
        assertTrue(outer.cancelled(), "the awaiter did not catch it, so it is cancelled too");
        assertEquals(0, outer.cancelling(), "nobody called outer.cancel()");
    }

    // test_tasks.py: test_cancelling
    @Test
    void cancellingCountsRequests() {
        Task<Void> t = loop.createTask(((VoidCoro) () -> sleep(10)).asCoro());
        assertEquals(0, t.cancelling());
        assertFalse(t.toString().contains(" cancelling "));
        assertTrue(t.cancel());
        assertEquals(1, t.cancelling());
        assertTrue(t.toString().contains(" cancelling "), t.toString());
        // Since CPython commented out two lines from Task.cancel(), a second cancel() returns true.
        assertTrue(t.cancel());
        assertEquals(2, t.cancelling());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    }

    // test_tasks.py: test_uncancel_basic
    @Test
    void uncancelBasic() {
        Task<Void> t = loop.createTask(() -> {
            try {
                sleep(10);
            } catch (CancelledError e) {
                currentTask().uncancel();
                sleep(10);
            }
            return null;
        });
        loop.runUntilComplete(loop.createTask(() -> sleep(0.01, null)));

        // Cancel first sleep
        assertTrue(t.cancel());
        assertTrue(t.toString().contains(" cancelling "));
        assertEquals(1, t.cancelling());
        assertFalse(t.cancelled()); // Task is still not complete
        loop.runUntilComplete(loop.createTask(() -> sleep(0.01, null)));

        // after uncancel()
        assertFalse(t.toString().contains(" cancelling "), t.toString());
        assertEquals(0, t.cancelling());
        assertFalse(t.cancelled()); // Task is still not complete

        // Cancel second sleep
        assertTrue(t.cancel());
        assertEquals(1, t.cancelling());
        assertFalse(t.cancelled()); // Task is still not complete
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.cancelled()); // Finally, task complete
        assertTrue(t.done());

        // uncancel is no longer effective after the task is complete
        t.uncancel();
        assertTrue(t.cancelled());
        assertTrue(t.done());
    }

    @Test
    void uncancelNeverGoesBelowZero() {
        Task<Void> t = loop.createTask(() -> null);
        assertEquals(0, t.uncancel());
        assertEquals(0, t.cancelling());
        loop.runUntilComplete(t);
    }

    // 3.13 uncancel(): "if self._num_cancels_requested == 0: self._must_cancel = False"
    @Test
    void fullyUncancelledTaskIsNotCancelledLater() {
        Task<String> t = loop.createTask(() -> {
            currentTask().cancel();
            currentTask().uncancel();
            sleep(1);
            return "kept running";
        });
        assertEquals("kept running", loop.runUntilComplete(t));
        assertEquals(1.0, loop.time());
    }

    // tasks.py __step: "except exceptions.CancelledError as exc: self._cancelled_exc = exc;
    // super().cancel()", without the message; futures.py _make_cancelled_error hands the saved
    // error out once, then makes a new one from _cancel_message, which is None. So in CPython
    // 3.13, after t.cancel("bye"), the first await t raises CancelledError('bye') and every
    // later await, result() or exception() CancelledError(). The same for a task cancelled
    // before its first step, and for one that raised a CancelledError of its own.
    @Test
    void aCancelledTaskGivesItsCancelledErrorOnceThenOneWithoutMessage() {
        Task<Object> t = loop.createTask(() -> sleep(10, null));
        LoopTestSupport.runBriefly(loop);
        t.cancel("bye");
        assertEquals("bye", assertThrows(CancelledError.class, () -> loop.runUntilComplete(t)).getMessage());
        assertNull(assertThrows(CancelledError.class, () -> loop.runUntilComplete(t)).getMessage());
        assertNull(assertThrows(CancelledError.class, t::result).getMessage());
        assertNull(assertThrows(CancelledError.class, t::result).getMessage());
        assertNull(assertThrows(CancelledError.class, t::exception).getMessage());
        assertNull(t.cancelMessage());

        Task<Object> early = loop.createTask(() -> sleep(10, null));
        early.cancel("early");
        assertEquals("early", assertThrows(CancelledError.class, () -> loop.runUntilComplete(early)).getMessage());
        assertNull(assertThrows(CancelledError.class, early::result).getMessage());

        Task<Object> own = loop.createTask(() -> {
            try {
                return sleep(10, null);
            } catch (CancelledError e) {
                throw new CancelledError("other");
            }
        });
        LoopTestSupport.runBriefly(loop);
        own.cancel("orig");
        assertEquals("other", assertThrows(CancelledError.class, () -> loop.runUntilComplete(own)).getMessage());
        assertNull(assertThrows(CancelledError.class, own::result).getMessage());
    }

    @Test
    void cancelledErrorFromResultIsTheOneTheTaskRaised() {
        CancelledError[] raised = new CancelledError[1];
        Task<Void> t = loop.createTask(() -> {
            try {
                sleep(10);
            } catch (CancelledError e) {
                raised[0] = e;
                throw e;
            }
            return null;
        });
        LoopTestSupport.runBriefly(loop);
        t.cancel();
        CancelledError got = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertSame(raised[0], got);
        assertNull(got.getMessage());
    }

    // test_tasks.py: BaseTaskTests.test_task_cancel_message_getter (the message of the request in
    // effect: asyncio's _cancel_message, aio's cancelMessage())
    @Test
    void taskCancelMessageGetter() {
        Task<Object> t = loop.createTask(() -> null);
        assertNull(t.cancelMessage());

        t.cancel("my message");
        assertEquals("my message", t.cancelMessage());

        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("my message", e.getMessage());
    }

    // test_tasks.py: BaseTaskTests.test_uncancel_structured_blocks: a timeout built by hand from
    // callLater, cancel() and uncancel(), following the five rules of the CPython test:
    //
    //     try:
    //         async with asyncio.timeout(1):
    //             await make_request()          # structured block affected by the timeout
    //     except TimeoutError:
    //         pass
    //     await unrelated_code()                # outer code not affected by the timeout
    @Test
    void uncancelStructuredBlocks() {
        // Test which timed out.
        Task<List<Boolean>> t1 = loop.createTask(() -> makeRequestWithTimeout(10.0, 0.1));
        assertEquals(List.of(true, false, true), loop.runUntilComplete(t1),
                "timed out; the structured block was cancelled; the task was uncancelled after leaving it");
        assertEquals(0, t1.cancelling(), "no pending cancellation of the outer task");

        // Test which did not time out.
        Task<List<Boolean>> t2 = loop.createTask(() -> makeRequestWithTimeout(0, 10.0));
        assertEquals(List.of(false, true, true), loop.runUntilComplete(t2));
        assertEquals(0, t2.cancelling());
    }

    /** [timed out, structured block finished, outer code reached] */
    private List<Boolean> makeRequestWithTimeout(double sleepFor, double timeout) {
        Task<?> task = currentTask();
        EventLoop l = task.getLoop();
        boolean[] timedOut = {false};
        boolean structuredBlockFinished = false;
        TimerHandle timeoutHandle = l.callLater(timeout, () -> {
            timedOut[0] = true;
            task.cancel();
        });
        try {
            Throwable inFlight = null; // Python's sys.exception() in the finally block
            try {
                // Structured block affected by the timeout
                sleep(sleepFor);
                structuredBlockFinished = true;
            } catch (Throwable e) {
                inFlight = e;
                throw e;
            } finally {
                timeoutHandle.cancel();
                if (timedOut[0] && task.uncancel() == 0 && inFlight != null
                        && inFlight.getClass() == CancelledError.class) {
                    throw new TimeoutError();
                }
            }
        } catch (TimeoutError e) {
            assertTrue(timedOut[0]);
        }
        // Outer code not affected by the timeout:
        boolean outerCodeReached = true;
        sleep(0);
        return List.of(timedOut[0], structuredBlockFinished, outerCodeReached);
    }

    // test_tasks.py: BaseTaskTests.test_uncancel_resets_must_cancel (a cancel() that no awaited
    // future could carry, taken back by uncancel() before the task's next step)
    @Test
    void uncancelResetsMustCancel() {
        Future<Object> fut = loop.createFuture();
        Task<Integer> task = loop.createTask(() -> {
            await(fut);
            return 42;
        });
        loop.runUntilComplete(loop.createTask(() -> sleep(0, null))); // Get task waiting for fut
        fut.setResult(null); // Make task runnable
        try {
            task.cancel(); // Enter cancelled state
            assertEquals(1, task.cancelling());
            task.uncancel(); // Undo cancellation
            assertEquals(0, task.cancelling());
        } finally {
            assertEquals(42, loop.runUntilComplete(task));
        }
    }

    // test_tasks.py: BaseTaskTests.test_cancellation_exception_context ("raise ValueError('cancelled')
    // from ex": in Java the CancelledError is the ValueError's cause, one level down)
    @Test
    void cancellationExceptionContext() {
        Future<Object> fut = loop.createFuture();
        Task<Object> task = loop.createTask(() -> {
            Task<Void> innerTask = createTask(() -> {
                fut.setResult(null);
                sleep(10);
            });
            await(fut);
            loop.callSoon(() -> innerTask.cancel("msg"));
            try {
                await(innerTask);
            } catch (CancelledError ex) {
                throw new IllegalArgumentException("cancelled", ex);
            }
            return null;
        });
        IllegalArgumentException exc = assertThrows(IllegalArgumentException.class, () -> loop.runUntilComplete(task));
        assertEquals("cancelled", exc.getMessage());

        Throwable innermost = exc;
        int depth = 0;
        while (innermost.getCause() != null) {
            innermost = innermost.getCause();
            depth++;
        }
        assertEquals(CancelledError.class, innermost.getClass());
        assertEquals("msg", innermost.getMessage());
        assertEquals(1, depth);
    }

    // test_tasks.py: BaseTaskTests.test_task_cancel_sleeping_task
    @Test
    void taskCancelSleepingTask() {
        Task<String> doer = loop.createTask(() -> {
            Task<Void> sleeper = createTask(() -> sleep(5000));
            loop.callLater(0.1, sleeper::cancel);
            try {
                await(sleeper);
            } catch (CancelledError e) {
                return "cancelled";
            }
            return "slept in";
        });
        assertEquals("cancelled", loop.runUntilComplete(doer));
        assertEquals(0.1, loop.time(), 1e-9);
    }

    // test_tasks.py: BaseTaskTests.test_task_cancel_waiter_future (_fut_waiter is aio's waitingOn())
    @Test
    void taskCancelWaiterFuture() {
        Future<Object> fut = loop.createFuture();
        Task<Object> task = loop.createTask(() -> await(fut));
        LoopTestSupport.runBriefly(loop);
        assertSame(fut, task.waitingOn());

        task.cancel();
        LoopTestSupport.runBriefly(loop);
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(task));
        assertNull(task.waitingOn());
        assertTrue(fut.cancelled());
    }

    // test_tasks.py: BaseTaskTests.test_yield_future_passes_cancel (cancelling outer() cancels
    // inner() cancels waiter)
    @Test
    void yieldFuturePassesCancel() {
        int[] proof = {0};
        Future<Object> waiter = loop.createFuture();
        VoidCoro inner = () -> {
            try {
                await(waiter);
            } catch (CancelledError e) {
                proof[0] += 1;
                throw e;
            }
            fail("got past sleep() in inner()");
        };
        VoidCoro outer = () -> {
            try {
                await(inner);
            } catch (CancelledError e) {
                proof[0] += 100; // Expect this path.
                return;
            }
            proof[0] += 10;
        };
        Task<Void> f = loop.createTask(outer.asCoro());
        LoopTestSupport.runBriefly(loop);
        f.cancel();
        loop.runUntilComplete(f);
        assertEquals(101, proof[0]);
        assertTrue(waiter.cancelled());
    }
}
