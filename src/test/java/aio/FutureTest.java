package aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/** Future's states and callbacks: ported from CPython's Lib/test/test_asyncio/test_futures.py. */
class FutureTest extends VirtualLoopTestCase {

    private <T> Future<T> newFuture() {
        return new Future<>(loop);
    }

    // test_futures.py: test_initial_state
    @Test
    void initialStateIsPending() {
        Future<Object> f = loop.createFuture();
        assertFalse(f.cancelled());
        assertFalse(f.done());
        assertSame(loop, f.getLoop());
        f.cancel();
        assertTrue(f.cancelled());
    }

    // test_futures.py: test_constructor_without_loop
    @Test
    void constructorWithoutRunningLoopFails() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Future<Object>());
        assertEquals("no running event loop", e.getMessage());
    }

    // test_futures.py: test_constructor_use_running_loop
    @Test
    void constructorUsesRunningLoop() {
        Future<?> f = loop.runUntilComplete(loop.createTask(() -> new Future<Object>()));
        assertSame(loop, f.getLoop());
    }

    // test_futures.py: test_cancel
    @Test
    void cancelTransitions() {
        Future<Integer> f = newFuture();
        assertTrue(f.cancel());
        assertTrue(f.cancelled());
        assertTrue(f.done());
        assertThrows(CancelledError.class, f::result);
        assertThrows(CancelledError.class, f::exception);
        assertThrows(InvalidStateError.class, () -> f.setResult(null));
        assertThrows(InvalidStateError.class, () -> f.setException(new RuntimeException()));
        assertFalse(f.cancel());
    }

    // test_futures.py: test_result. The message is the C future's (_asynciomodule.c
    // future_result: "Result is not set."), the one CPython 3.13 uses by default:
    // asyncio.get_event_loop().create_future().result() raises InvalidStateError('Result is not
    // set.'); only the pure-Python futures.py says 'Result is not ready.'.
    @Test
    void resultTransitions() {
        Future<Integer> f = newFuture();
        InvalidStateError notReady = assertThrows(InvalidStateError.class, f::result);
        assertEquals("Result is not set.", notReady.getMessage());
        f.setResult(42);
        assertFalse(f.cancelled());
        assertTrue(f.done());
        assertEquals(42, f.result());
        assertNull(f.exception());
        assertThrows(InvalidStateError.class, () -> f.setResult(null));
        assertThrows(InvalidStateError.class, () -> f.setException(new RuntimeException()));
        assertFalse(f.cancel());
        assertEquals(42, f.result(), "cancel() of a finished future changes nothing");
    }

    // test_futures.py: test_exception
    @Test
    void exceptionTransitions() {
        RuntimeException exc = new RuntimeException();
        Future<Integer> f = newFuture();
        InvalidStateError notSet = assertThrows(InvalidStateError.class, f::exception);
        assertEquals("Exception is not set.", notSet.getMessage());
        f.setException(exc);
        assertFalse(f.cancelled());
        assertTrue(f.done());
        assertSame(exc, assertThrows(RuntimeException.class, f::result));
        assertSame(exc, f.exception());
        assertThrows(InvalidStateError.class, () -> f.setResult(null));
        assertThrows(InvalidStateError.class, () -> f.setException(new RuntimeException()));
        assertFalse(f.cancel());
    }

    // futures.py Future.set_exception (and _asynciomodule.c's) refuses only StopIteration: a
    // CancelledError is set like any exception. CPython 3.13, C and Python futures alike:
    // f.set_exception(CancelledError('x')) leaves f done, not cancelled, f.exception() returns
    // CancelledError('x') and f.result() raises it; a task awaiting f gets it and ends cancelled.
    // (test_tasks.py FutureGatherTests.test_one_cancellation relies on it: gather's outer
    // future holds a child's CancelledError as its exception.)
    @Test
    void setExceptionAcceptsACancelledError() {
        Future<Integer> f = newFuture();
        CancelledError exc = new CancelledError("x");
        f.setException(exc);
        assertTrue(f.done());
        assertFalse(f.cancelled());
        assertSame(exc, f.exception());
        assertSame(exc, assertThrows(CancelledError.class, f::result));
        assertSame(exc, assertThrows(CancelledError.class, f::result), "a second time, the same one");
        assertNull(f.cancelMessage());
        assertFalse(f.cancel(), "finished: cancel() changes nothing");

        Future<Integer> g = newFuture();
        Task<Integer> waiter = loop.createTask(() -> Aio.await(g));
        LoopTestSupport.runBriefly(loop);
        CancelledError y = new CancelledError("y");
        g.setException(y);
        assertSame(y, assertThrows(CancelledError.class, () -> loop.runUntilComplete(waiter)));
        assertTrue(waiter.cancelled(), "the CancelledError came out of the task's coroutine");
    }

    @Test
    void checkedExceptionIsRethrownUnchanged() {
        Future<Integer> f = newFuture();
        Exception checked = new java.io.IOException("disk");
        f.setException(checked);
        Throwable thrown = assertThrows(Throwable.class, f::result);
        assertSame(checked, thrown);
    }

    // test_futures.py: test_future_cancel_message_getter, test_cancel_with_message (futures)
    @Test
    void cancelMessageReachesTheCancelledError() {
        Future<Integer> f = newFuture();
        assertNull(f.cancelMessage());
        f.cancel("my message");
        assertEquals("my message", f.cancelMessage());
        assertEquals("my message", assertThrows(CancelledError.class, f::result).getMessage());
        assertEquals("my message", assertThrows(CancelledError.class, f::exception).getMessage());
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(f));
        assertEquals("my message", e.getMessage());
    }

    // test_futures.py: test_yield_from_twice (awaiting a done future again gives the same result)
    @Test
    void awaitingTwiceGivesTheSameResult() {
        Future<Integer> f = newFuture();
        loop.callSoon(() -> f.setResult(7));
        List<Integer> got = loop.runUntilComplete(loop.createTask(() -> List.of(Aio.await(f), Aio.await(f))));
        assertEquals(List.of(7, 7), got);
    }

    // test_futures.py: test_future_repr
    @Test
    void reprLikeAsyncio() {
        Future<Object> pending = newFuture();
        assertEquals("<Future pending>", pending.toString());
        Future<Object> cancelled = newFuture();
        cancelled.cancel();
        assertEquals("<Future cancelled>", cancelled.toString());
        Future<Object> result = newFuture();
        result.setResult(4);
        assertEquals("<Future finished result=4>", result.toString());
        assertEquals(4, result.result());
        Future<Object> text = newFuture();
        text.setResult("abc");
        assertEquals("<Future finished result='abc'>", text.toString());
        Future<Object> exception = newFuture();
        RuntimeException exc = new RuntimeException("error");
        exception.setException(exc);
        assertEquals("<Future finished exception=RuntimeException('error')>", exception.toString());
        assertSame(exc, exception.exception());
    }

    private static Consumer<Future<String>> addTo(List<Integer> bag, int value) {
        return f -> bag.add(value);
    }

    // test_futures.py: test_callbacks_invoked_on_set_result
    @Test
    void callbacksRunOnTheLoopInRegistrationOrderAfterSetResult() {
        List<Integer> bag = new ArrayList<>();
        Future<String> f = newFuture();
        f.addDoneCallback(addTo(bag, 42));
        f.addDoneCallback(addTo(bag, 17));
        assertEquals(List.of(), bag);
        f.setResult("foo");
        assertEquals(List.of(), bag, "callbacks are scheduled with callSoon, not run inline");
        LoopTestSupport.runBriefly(loop);
        assertEquals(List.of(42, 17), bag);
        assertEquals("foo", f.result());
    }

    // test_futures.py: test_callbacks_invoked_on_set_exception
    @Test
    void callbacksRunAfterSetException() {
        List<Integer> bag = new ArrayList<>();
        Future<String> f = newFuture();
        f.addDoneCallback(addTo(bag, 100));
        RuntimeException exc = new RuntimeException();
        f.setException(exc);
        assertEquals(List.of(), bag);
        LoopTestSupport.runBriefly(loop);
        assertEquals(List.of(100), bag);
        assertSame(exc, f.exception());
    }

    @Test
    void callbacksRunAfterCancel() {
        List<Integer> bag = new ArrayList<>();
        Future<String> f = newFuture();
        f.addDoneCallback(addTo(bag, 1));
        f.cancel();
        assertEquals(List.of(), bag);
        LoopTestSupport.runBriefly(loop);
        assertEquals(List.of(1), bag);
    }

    // futures.py add_done_callback: "if self._state != _PENDING: self._loop.call_soon(fn, self)"
    @Test
    void callbackAddedAfterDoneIsStillScheduledNotRunInline() {
        List<Integer> bag = new ArrayList<>();
        Future<String> f = newFuture();
        f.setResult("x");
        f.addDoneCallback(addTo(bag, 1));
        assertEquals(List.of(), bag);
        LoopTestSupport.runBriefly(loop);
        assertEquals(List.of(1), bag);
    }

    @Test
    void callbackReceivesTheFuture() {
        Future<String> f = newFuture();
        List<Future<String>> seen = new ArrayList<>();
        f.addDoneCallback(seen::add);
        f.setResult("x");
        LoopTestSupport.runBriefly(loop);
        assertEquals(1, seen.size());
        assertSame(f, seen.get(0));
    }

    // test_futures.py: test_remove_done_callback
    @Test
    void removeDoneCallbackReturnsHowManyWereRemoved() {
        List<Integer> bag = new ArrayList<>();
        Future<String> f = newFuture();
        Consumer<Future<String>> cb1 = addTo(bag, 1);
        Consumer<Future<String>> cb2 = addTo(bag, 2);
        Consumer<Future<String>> cb3 = addTo(bag, 3);
        // Add one cb1 and one cb2.
        f.addDoneCallback(cb1);
        f.addDoneCallback(cb2);
        // One instance of cb2 removed. Now there's only one cb1.
        assertEquals(1, f.removeDoneCallback(cb2));
        // Never had any cb3 in there.
        assertEquals(0, f.removeDoneCallback(cb3));
        // After this there will be 6 instances of cb1 and one of cb2.
        f.addDoneCallback(cb2);
        for (int i = 0; i < 5; i++) {
            f.addDoneCallback(cb1);
        }
        // Remove all instances of cb1. One cb2 remains.
        assertEquals(6, f.removeDoneCallback(cb1));
        assertEquals(List.of(), bag);
        f.setResult("foo");
        LoopTestSupport.runBriefly(loop);
        assertEquals(List.of(2), bag);
        assertEquals("foo", f.result());
    }

    // (not in CPython) removing a callback that was never added removes nothing
    @Test
    void removeDoneCallbackWhenNothingToRemove() {
        Future<String> f = newFuture();
        assertEquals(0, f.removeDoneCallback(x -> { }));
    }

    @Test
    void callbackOrderSurvivesRemovalOfTheFirst() {
        List<Integer> bag = new ArrayList<>();
        Future<String> f = newFuture();
        Consumer<Future<String>> a = addTo(bag, 1);
        f.addDoneCallback(a);
        f.addDoneCallback(addTo(bag, 2));
        f.removeDoneCallback(a);
        f.addDoneCallback(addTo(bag, 3));
        f.setResult("x");
        LoopTestSupport.runBriefly(loop);
        assertEquals(List.of(2, 3), bag);
    }

    // test_futures.py: test_future_exception_never_retrieved (the future flavour; tasks: UnretrievedExceptionTest),
    // test_tb_logger_exception_unretrieved (reported when the loop closes, not when the garbage collector runs)
    @Test
    void unretrievedFutureExceptionIsReportedAtClose() {
        Future<String> f = newFuture();
        RuntimeException exc = new RuntimeException("lost");
        f.setException(exc);
        loop.close();
        assertEquals(List.of("Future exception was never retrieved"), c.messages());
        assertSame(exc, c.errors.get(0).exception());
        assertSame(f, c.errors.get(0).future());
    }

    // test_futures.py: test_tb_logger_result_unretrieved, test_tb_logger_result_retrieved,
    // test_tb_logger_exception_retrieved, test_tb_logger_exception_result_retrieved,
    // test_tb_logger_not_called_after_cancel
    @Test
    void retrievedOrCancelledOrSuccessfulFuturesAreNotReported() {
        Future<String> ok = newFuture();
        ok.setResult("unretrieved result: fine");
        Future<String> okRetrieved = newFuture();
        okRetrieved.setResult("retrieved result");
        assertEquals("retrieved result", okRetrieved.result());
        Future<String> viaException = newFuture();
        viaException.setException(new RuntimeException());
        viaException.exception();
        Future<String> viaResult = newFuture();
        viaResult.setException(new RuntimeException());
        assertThrows(RuntimeException.class, viaResult::result);
        Future<String> cancelledAfter = newFuture();
        cancelledAfter.setException(new RuntimeException());
        assertFalse(cancelledAfter.cancel());
        loop.close();
        assertEquals(List.of(), c.messages());
    }

    // test_futures.py: test_tb_logger_abandoned (a pending future left behind is not reported)
    @Test
    void abandonedPendingFutureIsNotReported() {
        newFuture();
        loop.close();
        assertEquals(List.of(), c.messages());
    }

    // test_futures.py: test_callbacks_remove_first_callback
    @Test
    void removingTheFirstCallbackTwiceLeavesTheOthers() {
        List<Integer> bag = new ArrayList<>();
        Future<String> f = newFuture();
        Consumer<Future<String>> cb1 = addTo(bag, 42);
        f.addDoneCallback(cb1);
        f.addDoneCallback(addTo(bag, 17));
        f.addDoneCallback(addTo(bag, 100));
        f.removeDoneCallback(cb1);
        f.removeDoneCallback(cb1);
        assertEquals(List.of(), bag);
        f.setResult("foo");
        LoopTestSupport.runBriefly(loop);
        assertEquals(List.of(17, 100), bag);
        assertEquals("foo", f.result());
    }

    // test_futures.py: test_callbacks_remove_first_and_second_callback
    @Test
    void removingTheFirstTwoCallbacksLeavesTheThird() {
        List<Integer> bag = new ArrayList<>();
        Future<String> f = newFuture();
        Consumer<Future<String>> cb1 = addTo(bag, 42);
        Consumer<Future<String>> cb2 = addTo(bag, 17);
        f.addDoneCallback(cb1);
        f.addDoneCallback(cb2);
        f.addDoneCallback(addTo(bag, 100));
        f.removeDoneCallback(cb1);
        f.removeDoneCallback(cb2);
        f.removeDoneCallback(cb1);
        assertEquals(List.of(), bag);
        f.setResult("foo");
        LoopTestSupport.runBriefly(loop);
        assertEquals(List.of(100), bag);
        assertEquals("foo", f.result());
    }

    // test_futures.py: test_callbacks_remove_third_callback
    @Test
    void removingTheThirdCallbackLeavesTheFirstTwo() {
        List<Integer> bag = new ArrayList<>();
        Future<String> f = newFuture();
        Consumer<Future<String>> cb3 = addTo(bag, 100);
        f.addDoneCallback(addTo(bag, 42));
        f.addDoneCallback(addTo(bag, 17));
        f.addDoneCallback(cb3);
        f.removeDoneCallback(cb3);
        f.removeDoneCallback(cb3);
        assertEquals(List.of(), bag);
        f.setResult("foo");
        LoopTestSupport.runBriefly(loop);
        assertEquals(List.of(42, 17), bag);
        assertEquals("foo", f.result());
    }

    // test_futures.py: test_schedule_callbacks_list_mutation_1 (a callback that removes the
    // others once they are scheduled changes nothing: they run all the same)
    @Test
    void aCallbackRemovingOthersAfterTheyWereScheduledChangesNothing() {
        List<String> ran = new ArrayList<>();
        Future<Integer> fut = new Future<>(loop);
        Consumer<Future<Integer>> str = f -> ran.add("str");
        fut.addDoneCallback(f -> {
            ran.add("mut");
            assertEquals(0, f.removeDoneCallback(str));
        });
        fut.addDoneCallback(str);
        fut.addDoneCallback(str);
        fut.setResult(1);
        LoopTestSupport.runBriefly(loop);
        assertEquals(List.of("mut", "str", "str"), ran);
    }

    // test_futures.py: test_wrap_future (the work runs on another thread; the loop future gets its value)
    @Test
    void wrapFutureDeliversAnotherThreadsResult() throws Exception {
        var executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var f1 = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> List.of("oi", Thread.currentThread()), executor);
            Future<List<Object>> f2 = WrappedFuture.wrap(loop, f1);
            List<Object> res = loop.runUntilComplete(f2);
            assertEquals("oi", res.get(0));
            assertFalse(res.get(1) == Thread.currentThread());
        } finally {
            executor.shutdown();
        }
    }

    // test_futures.py: test_wrap_future_without_loop (Aio.wrapFuture needs a running loop)
    @Test
    void wrapFutureWithoutARunningLoopFails() {
        var f1 = new java.util.concurrent.CompletableFuture<String>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Aio.wrapFuture(f1));
        assertEquals("no running event loop", e.getMessage());
    }

    // test_futures.py: test_wrap_future_use_running_loop
    @Test
    void wrapFutureUsesTheRunningLoop() {
        var f1 = java.util.concurrent.CompletableFuture.completedFuture("oi");
        Future<String> f2 = loop.runUntilComplete(() -> Aio.wrapFuture(f1));
        assertSame(loop, f2.getLoop());
        assertEquals("oi", loop.runUntilComplete(f2));
    }

    // test_futures.py: test_wrap_future_cancel (cancelling the loop future cancels the source)
    @Test
    void cancellingAWrappedFutureCancelsTheCompletableFuture() {
        var f1 = new java.util.concurrent.CompletableFuture<String>();
        Future<String> f2 = WrappedFuture.wrap(loop, f1);
        f2.cancel();
        LoopTestSupport.runBriefly(loop);
        assertTrue(f1.isCancelled());
        assertTrue(f2.cancelled());
    }

    // test_futures.py: test_wrap_future_cancel2 (a source already done keeps its result)
    @Test
    void cancellingAfterTheSourceFinishedLeavesTheSourceAlone() throws Exception {
        var f1 = new java.util.concurrent.CompletableFuture<Integer>();
        Future<Integer> f2 = WrappedFuture.wrap(loop, f1);
        f1.complete(42);
        f2.cancel();
        LoopTestSupport.runBriefly(loop);
        assertFalse(f1.isCancelled());
        assertEquals(42, f1.get());
        assertTrue(f2.cancelled());
    }

    // (not in CPython) a cancelled source cancels the loop future; an exception arrives unwrapped
    @Test
    void aWrappedSourceCancelledOrFailedCarriesThatOver() {
        var cancelled = new java.util.concurrent.CompletableFuture<String>();
        Future<String> a = WrappedFuture.wrap(loop, cancelled);
        cancelled.cancel(false);
        var failed = new java.util.concurrent.CompletableFuture<String>();
        Future<String> b = WrappedFuture.wrap(loop, failed.thenApply(s -> s));
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        failed.completeExceptionally(boom);
        LoopTestSupport.runBriefly(loop);
        assertTrue(a.cancelled());
        assertSame(boom, b.exception());
    }

    // (not in CPython) on the virtual clock, time does not jump past a pending wrapped future
    @Test
    void theVirtualClockWaitsForAWrappedFuture() {
        var f1 = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            f1.complete("late");
        });
        double[] when = new double[2];
        String got = loop.runUntilComplete(() -> {
            when[0] = loop.time();
            Task<Void> sleeper = Aio.createTask(() -> Aio.sleep(3600));
            String v = Aio.await(Aio.wrapFuture(f1));
            when[1] = loop.time();
            sleeper.cancel();
            return v;
        });
        assertEquals("late", got);
        assertTrue(when[1] - when[0] < 1, "virtual time moved " + (when[1] - when[0]) + " s");
    }

    // (not in CPython's tests) completing a future with callbacks on a closed loop: CPython's
    // __schedule_callbacks calls loop.call_soon, which raises RuntimeError('Event loop is closed');
    // the future is done all the same. Without callbacks nothing is scheduled and nothing raises.
    @Test
    void completingAFutureWithCallbacksOnAClosedLoopRaises() {
        Future<String> watched = newFuture();
        List<String> seen = new ArrayList<>();
        watched.addDoneCallback(f -> seen.add("called"));
        Future<String> alone = newFuture();
        loop.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> watched.setResult("x"));
        assertEquals("Event loop is closed", e.getMessage());
        assertTrue(watched.done());
        assertEquals("x", watched.result());
        alone.setResult("y");
        assertEquals("y", alone.result());
        assertEquals(List.of(), seen);
    }

    // ---- one done callback in an empty context: the future itself waits in the ready queue ----

    @Test // the common case (gather's callback on each child): no wrapper object, same order and argument
    void aLoneCallbackRunsInItsTurnAmongTheOthers() {
        List<Object> seen = new ArrayList<>();
        Future<String> f = newFuture();
        f.addDoneCallback(seen::add);
        loop.callSoon(() -> seen.add("before"));
        f.setResult("x");
        loop.callSoon(() -> seen.add("after"));
        assertFalse(f.hasCallbacks(), "scheduled, no longer registered");
        LoopTestSupport.runBriefly(loop);
        assertEquals(List.of("before", f, "after"), seen);
    }

    @Test // asyncio: remove_done_callback after the callbacks were scheduled finds none, and they still run
    void aScheduledLoneCallbackCannotBeRemovedNorFoundAndStillRuns() {
        List<Integer> bag = new ArrayList<>();
        Future<String> f = newFuture();
        Consumer<Future<String>> cb = addTo(bag, 7);
        f.addDoneCallback(cb);
        f.setResult("x");
        assertEquals(0, f.removeDoneCallback(cb));
        assertFalse(f.hasDoneCallback(cb));
        LoopTestSupport.runBriefly(loop);
        assertEquals(List.of(7), bag);
        LoopTestSupport.runBriefly(loop);
        assertEquals(List.of(7), bag, "once");
    }

    @Test // the report names the callback with its argument, as for any done callback
    void aFailingLoneCallbackIsReportedWithItsFuture() {
        Future<String> f = newFuture();
        f.addDoneCallback(x -> {
            throw new IllegalStateException("boom");
        });
        f.setResult("x");
        LoopTestSupport.runBriefly(loop);
        assertEquals(1, c.errors.size(), c.messages().toString());
        assertTrue(c.messages().get(0).matches("Exception in callback <lambda>\\(<Future finished result='x'>\\) at .*"),
                c.messages().get(0));
        assertEquals("boom", c.errors.get(0).exception().getMessage());
    }

    @Test // a task's own entry in the queue is its step while it runs, its done callback once it is done
    void aFinishedTasksLoneCallbackRunsFromTheTasksOwnEntry() {
        List<Object> seen = new ArrayList<>();
        Task<String> t = loop.createTask(() -> {
            Aio.sleep(0);
            return "done";
        });
        t.addDoneCallback(x -> seen.add(x.result()));
        for (int i = 0; i < 4; i++) {
            LoopTestSupport.runOnce(loop); // a step, a step (sleep(0)), the callback
        }
        assertEquals(List.of("done"), seen);
        assertEquals(List.of(), c.messages());
    }

    @Test // with a second callback the callbacks are scheduled one by one, in order
    void twoCallbacksStillRunInRegistrationOrder() {
        List<Integer> bag = new ArrayList<>();
        Future<String> f = newFuture();
        f.addDoneCallback(addTo(bag, 1));
        f.addDoneCallback(addTo(bag, 2));
        f.cancel();
        LoopTestSupport.runBriefly(loop);
        assertEquals(List.of(1, 2), bag);
    }
}
