package aio;

import static aio.Aio.await;
import static aio.Aio.createTask;
import static aio.Aio.gather;
import static aio.Aio.run;
import static aio.Aio.sleep;
import static aio.Aio.time;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** {@link Aio#gather}: ported from CPython's test_tasks.py (CoroutineGatherTests, FutureGatherTests, gather cases). */
class GatherTest {

    @Test
    void cancellingATaskThatGathersItselfEndsInsteadOfRecursing() {
        // A task awaiting a gather that holds the task itself: its cancel reaches the gather,
        // whose cancel reaches the task again. CPython recurses to a RecursionError; here the
        // second visit is a no-op, and the other children's cancellation ends the gather.
        run(() -> {
            Task<?>[] self = new Task<?>[1];
            var other = createTask(() -> sleep(10, "other"));
            self[0] = createTask(() -> await(gather(currentTaskOf(self), other)));
            sleep(0);
            assertTrue(self[0].cancel());
            sleep(0.1);
            assertTrue(other.cancelled());
            assertTrue(self[0].cancelled(), self[0].toString());
            return null;
        }, Options.virtual());
    }

    private static Task<?> currentTaskOf(Task<?>[] holder) {
        return holder[0];
    }

    @Test
    void resultsComeInArgumentOrderWhateverTheCompletionOrder() {
        // test_tasks.py: GatherTestsBase.test_success (results in argument order, children done out of order)
        run(() -> {
            var a = createTask(() -> sleep(3, "a"));
            var b = createTask(() -> sleep(1, "b"));
            var c = createTask(() -> sleep(2, "c"));
            assertEquals(List.of("a", "b", "c"), await(gather(a, b, c)));
            assertEquals(3.0, time()); // concurrently: 3 s, not 6
        }, Options.virtual());
    }

    @Test
    void emptyGatherIsAlreadyDoneWithAnEmptyList() {
        // test_tasks.py: FutureGatherTests.test_constructor_empty_sequence_use_running_loop
        run(() -> {
            Future<List<Object>> outer = gather(List.of());
            assertTrue(outer.done());
            assertEquals(List.of(), outer.result());
            Future<List<Object>> outer2 = gather(List.of(), true);
            assertEquals(List.of(), await(outer2));
        }, Options.virtual());
    }

    @Test
    void aRepeatedArgumentGivesARepeatedResultFromOneTask() {
        // test_tasks.py: CoroutineGatherTests.test_duplicate_coroutines
        run(() -> {
            AtomicInteger calls = new AtomicInteger();
            Coro<String> c = () -> {
                calls.incrementAndGet();
                return "abc";
            };
            Coro<String> d = () -> "def";
            assertEquals(List.of("abc", "abc", "def", "abc"), await(gather(c, c, d, c)));
            assertEquals(1, calls.get(), "one task per distinct coroutine");
        }, Options.virtual());
    }

    @Test
    void firstExceptionPropagatesAtOnceAndTheOthersKeepRunning() {
        // test_tasks.py: GatherTestsBase.test_one_exception
        run(() -> {
            var slow = createTask(() -> sleep(3, "slow"));
            var failing = createTask(() -> {
                sleep(1);
                throw new IllegalStateException("boom");
            });
            var outer = gather(slow, failing);
            var e = assertThrows(IllegalStateException.class, () -> await(outer));
            assertEquals("boom", e.getMessage());
            assertEquals(1.0, time(), "raised when the first child failed, not when all finished");
            assertFalse(slow.done(), "the other child was not cancelled");
            assertEquals("slow", await(slow));
            assertEquals(3.0, time());
        }, Options.virtual());
    }

    @Test
    void laterExceptionsAfterTheOuterFailedAreMarkedRetrieved() {
        // test_tasks.py: CoroutineGatherTests.test_exception_marking
        List<String> reports = new ArrayList<>();
        run(() -> {
            Aio.getRunningLoop().setExceptionHandler((loop, ctx) -> reports.add(ctx.message()));
            var a = createTask(() -> {
                sleep(1);
                throw new IllegalStateException("first");
            });
            var b = createTask(() -> {
                sleep(2);
                throw new IllegalArgumentException("second");
            });
            assertThrows(IllegalStateException.class, () -> await(gather(a, b)));
            sleep(5); // b fails while nobody awaits it: gather's callback retrieves its exception
            assertTrue(b.done());
        }, Options.virtual());
        assertEquals(List.of(), reports, "no 'exception was never retrieved' report");
    }

    @Test
    void returnExceptionsPutsErrorsAndCancellationsInPlace() {
        // test_tasks.py: GatherTestsBase.test_return_exceptions, FutureGatherTests.test_result_exception_one_cancellation
        run(() -> {
            var ok = createTask(() -> sleep(1, 1));
            var failing = createTask(() -> {
                sleep(2);
                throw new IllegalStateException("boom");
            });
            var cancelled = createTask(() -> sleep(10, 3));
            var last = createTask(() -> sleep(3, 4));
            var outer = gather(List.of(ok, failing, cancelled, last), true);
            sleep(0.5);
            cancelled.cancel("stop it");
            List<Object> results = await(outer);
            assertEquals(3.0, time());
            assertEquals(4, results.size());
            assertEquals(1, results.get(0));
            assertInstanceOf(IllegalStateException.class, results.get(1));
            assertEquals("boom", ((Throwable) results.get(1)).getMessage());
            var ce = assertInstanceOf(CancelledError.class, results.get(2));
            // CancelledError('' if fut._cancel_message is None ...): a cancelled task keeps no
            // message (see returnExceptionsReportsACancelledChildAsAsyncioDoes)
            assertEquals("", ce.getMessage());
            assertEquals(4, results.get(3));
        }, Options.virtual());
    }

    @Test
    void cancellingGatherCancelsItsChildrenAndTheAwaiterGetsCancelledError() {
        // test_tasks.py: CoroutineGatherTests.test_cancellation_broadcast
        run(() -> {
            AtomicInteger proof = new AtomicInteger();
            Future<Object> waiter = Aio.getRunningLoop().createFuture();
            VoidCoro inner = () -> {
                await(waiter);
                proof.addAndGet(1);
            };
            var child1 = createTask(inner);
            var child2 = createTask(inner);
            @SuppressWarnings("unchecked")
            Future<List<Void>>[] gatherer = new Future[1];
            var outer = createTask(() -> {
                gatherer[0] = gather(child1, child2);
                await(gatherer[0]);
                proof.addAndGet(100);
            });
            sleep(0);
            assertTrue(outer.cancel());
            assertThrows(CancelledError.class, () -> await(outer));
            assertTrue(outer.cancelled());
            assertFalse(gatherer[0].cancel(), "already done");
            assertTrue(waiter.cancelled(), "the children's own awaits were cancelled");
            assertTrue(child1.cancelled());
            assertTrue(child2.cancelled());
            sleep(0);
            assertEquals(0, proof.get());
        }, Options.virtual());
    }

    @Test
    void cancellingTheGatherFutureItselfCancelsChildren() {
        // test_tasks.py: CoroutineGatherTests.test_cancellation_broadcast (outer future cancelled directly)
        run(() -> {
            var a = createTask(() -> sleep(10, "a"));
            var b = createTask(() -> sleep(10, "b"));
            var outer = gather(a, b);
            sleep(0);
            assertTrue(outer.cancel());
            assertFalse(outer.done(), "done only once the children report back");
            assertThrows(CancelledError.class, () -> await(outer));
            assertTrue(a.cancelled());
            assertTrue(b.cancelled());
            // tasks.py _done_callback: "If gather is being cancelled we must propagate the
            // cancellation": as the outer's exception; the outer itself is not cancelled.
            assertFalse(outer.cancelled());
            assertInstanceOf(CancelledError.class, outer.exception());
            assertEquals(0.0, time());
        }, Options.virtual());
    }

    @Test
    void cancelMessageReachesChildrenAndTheAwaiter() {
        // test_tasks.py: test_cancel_gather_2 (message propagation), test_cancellation_broadcast
        run(() -> {
            List<String> seenInside = new ArrayList<>();
            var a = createTask(() -> {
                try {
                    return sleep(10, "a");
                } catch (CancelledError e) {
                    seenInside.add(e.getMessage());
                    throw e;
                }
            });
            var outer = gather(a);
            sleep(0);
            outer.cancel("my message");
            var e = assertThrows(CancelledError.class, () -> await(outer));
            assertEquals("my message", e.getMessage());
            assertEquals(List.of("my message"), seenInside);
            // The gather took a's own CancelledError (_make_cancelled_error hands it out once);
            // what a gives now is made from its _cancel_message, None: CPython 3.13 raises
            // CancelledError() here.
            var ea = assertThrows(CancelledError.class, () -> await(a));
            assertNull(ea.getMessage());
        }, Options.virtual());
    }

    @Test
    void cancellingATaskThatAwaitsGatherGivesItsMessage() {
        // test_tasks.py: test_cancel_gather_2
        for (String msg : Arrays.asList(null, "my message")) {
            var e = assertThrows(CancelledError.class, () -> run(() -> {
                var qwe = createTask(() -> {
                    for (int i = 0; i < 100; i++) {
                        await(gather(List.of((VoidCoro) () -> sleep(0.05)), true));
                    }
                });
                sleep(0.2);
                qwe.cancel(msg);
                await(qwe);
            }, Options.virtual()));
            assertEquals(msg, e.getMessage());
        }
    }

    @Test
    void gatherCancelledWithReturnExceptionsStillRaisesCancelledError() {
        // test_tasks.py: test_cancel_gather_2 / bpo-32684: cancelling gather propagates regardless of return_exceptions
        run(() -> {
            var a = createTask(() -> sleep(10, "a"));
            var outer = gather(List.of(a), true);
            sleep(0);
            assertTrue(outer.cancel());
            assertThrows(CancelledError.class, () -> await(outer));
            assertTrue(a.cancelled());
        }, Options.virtual());
    }

    // tasks.py gather, _done_callback: with return_exceptions a cancelled child is reported as
    // "exceptions.CancelledError('' if fut._cancel_message is None else fut._cancel_message)".
    // A task cancelled by its coroutine's CancelledError has no message left (__step calls
    // super().cancel() without one), so CPython 3.13 gives, for a task cancelled with "stop",
    // one cancelled with none, a plain future cancelled with none and one with "fm", a task that
    // cancelled itself at its end with "at end" (the path that keeps the message):
    // [CancelledError(''), CancelledError(''), CancelledError(''), CancelledError('fm'),
    //  CancelledError('at end')].
    @Test
    void returnExceptionsReportsACancelledChildAsAsyncioDoes() {
        run(() -> {
            var a = createTask(() -> sleep(10));
            var b = createTask(() -> sleep(10));
            Future<Object> f = Aio.getRunningLoop().createFuture();
            Future<Object> g = Aio.getRunningLoop().createFuture();
            Task<?>[] self = new Task<?>[1];
            var atEnd = createTask(() -> {
                self[0].cancel("at end");
                return 12;
            });
            self[0] = atEnd;
            var outer = gather(List.of(a, b, f, g, atEnd), true);
            sleep(0);
            a.cancel("stop");
            b.cancel();
            f.cancel();
            g.cancel("fm");
            List<String> got = new ArrayList<>();
            for (Object r : await(outer)) {
                got.add(Aio.repr(r));
            }
            assertEquals(List.of("CancelledError('')", "CancelledError('')", "CancelledError('')",
                    "CancelledError('fm')", "CancelledError('at end')"), got);
        }, Options.virtual());
    }

    @Test
    void gatherCancelledButAChildSwallowsTheCancelStillEndsCancelled() {
        // test_tasks.py: bpo-32684 branch of _done_callback (outer._cancel_requested)
        run(() -> {
            var stubborn = createTask(() -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    return "ignored the cancel";
                }
                return "finished";
            });
            var outer = gather(stubborn);
            sleep(0);
            assertTrue(outer.cancel());
            assertThrows(CancelledError.class, () -> await(outer));
            assertEquals("ignored the cancel", stubborn.result());
        }, Options.virtual());
    }

    @Test
    void cancellingGatherOnceItsChildrenAreDoneReturnsFalse() {
        // test_tasks.py: test_cancel_gather_1 (Python issue #26923: gather drops cancellation)
        run(() -> {
            Future<Object> fut = Aio.getRunningLoop().createFuture();
            var child = createTask(() -> await(fut));
            var outer = gather(child);
            sleep(0); // the child now waits on fut
            Boolean[] cancelResult = {null};
            // Runs right after the child's wakeup: the child is done, gather has not heard yet.
            fut.addDoneCallback(f -> cancelResult[0] = outer.cancel());
            fut.setResult(42);
            assertEquals(List.of(42), await(outer));
            assertFalse(cancelResult[0]);
            assertFalse(outer.cancelled());
        }, Options.virtual());
    }

    @Test
    void aChildCancelledOnItsOwnCancelsTheOuter() {
        // test_tasks.py: FutureGatherTests.test_one_cancellation: the outer's *exception* is a
        // CancelledError, and the outer is not cancelled (assertFalse(fut.cancelled())).
        run(() -> {
            var a = createTask(() -> sleep(1, 1));
            var b = createTask(() -> sleep(10, 2));
            var c = createTask(() -> sleep(2, 3));
            var outer = gather(a, b, c);
            sleep(0.5);
            b.cancel("b went away");
            var e = assertThrows(CancelledError.class, () -> await(outer));
            assertEquals("b went away", e.getMessage());
            assertEquals(0.5, time(), "the outer fails as soon as one child is cancelled");
            assertFalse(outer.cancelled());
            assertInstanceOf(CancelledError.class, outer.exception());
            assertFalse(c.done(), "the other children keep running");
            assertEquals(3, await(c));
        }, Options.virtual());
    }

    @Test
    void aChildCancelledOnItsOwnCancelsTheTaskAwaitingGather() {
        // test_tasks.py: FutureGatherTests.test_one_cancellation, seen from the task that awaits gather
        run(() -> {
            var child = createTask(() -> sleep(10, 1));
            var parent = createTask(() -> await(gather(child)));
            sleep(1);
            child.cancel();
            assertThrows(CancelledError.class, () -> await(parent));
            assertTrue(parent.cancelled());
            assertEquals(0, parent.cancelling(), "nobody called cancel() on the parent");
        }, Options.virtual());
    }

    @Test
    void alreadyDoneChildrenAreCountedAtOnce() {
        // tasks.py gather(): children already done go through _done_callback at once (done_futs)
        run(() -> {
            Future<Object> f1 = Aio.getRunningLoop().createFuture();
            Future<Object> f2 = Aio.getRunningLoop().createFuture();
            f1.setResult("x");
            f2.setResult("y");
            var outer = gather(f1, f2);
            assertTrue(outer.done(), "every child was done: the outer is done at once");
            assertEquals(List.of("x", "y"), outer.result());

            Future<Object> f3 = Aio.getRunningLoop().createFuture();
            f3.setException(new IllegalStateException("done badly"));
            var failed = gather(f3);
            assertTrue(failed.done());
            assertThrows(IllegalStateException.class, failed::result);
        }, Options.virtual());
    }

    @Test
    void overloadsCompileAndWork() {
        // the Java API's shapes: futures, value coroutines, void coroutines, a list
        run(() -> {
            var t1 = createTask(() -> sleep(1, "t1"));
            var t2 = createTask(() -> sleep(2, "t2"));
            List<String> fromTasks = await(gather(t1, t2));
            assertEquals(List.of("t1", "t2"), fromTasks);

            List<Integer> fromCoros = await(gather(() -> 1, () -> 2));
            assertEquals(List.of(1, 2), fromCoros);

            List<String> fromSleeping = await(gather(() -> sleep(1, "x"), () -> sleep(1, "y")));
            assertEquals(List.of("x", "y"), fromSleeping);

            double t0 = time();
            List<Void> fromVoid = await(gather(() -> {
                sleep(1);
            }, () -> {
                sleep(2);
            }));
            assertEquals(Arrays.asList(null, null), fromVoid);
            assertEquals(t0 + 2, time());

            List<Awaitable<String>> list = List.of(createTask(() -> "p"), (Coro<String>) () -> "q");
            List<String> fromList = await(gather(list));
            assertEquals(List.of("p", "q"), fromList);

            List<Object> mixed = await(gather(List.of(createTask(() -> 1), (Coro<String>) () -> "s"), false));
            assertEquals(List.of(1, "s"), mixed);
        }, Options.virtual());
    }

    @Test
    void futureGatherIsAFutureOfTheSameLoop() {
        // test_tasks.py: CoroutineGatherTests.test_constructor_use_running_loop
        run(() -> {
            var outer = gather(() -> 1);
            assertSame(Aio.getRunningLoop(), outer.getLoop());
            assertNull(outer.cancelMessage());
            assertEquals(List.of(1), await(outer));
        }, Options.virtual());
    }

    // test_tasks.py: GatherTestsBase.test_success (_check_success() and return_exceptions=False),
    // for FutureGatherTests (the futures themselves) and CoroutineGatherTests (each wrapped in a
    // coroutine that awaits it)
    @Test
    void checkSuccess() {
        for (boolean wrapped : new boolean[] {false, true}) {
            checkSuccess(wrapped, null);
            checkSuccess(wrapped, false);
        }
    }

    // test_tasks.py: GatherTestsBase.test_result_exception_success (_check_success(return_exceptions=True))
    @Test
    void checkSuccessWithReturnExceptions() {
        for (boolean wrapped : new boolean[] {false, true}) {
            checkSuccess(wrapped, true);
        }
    }

    /** GatherTestsBase._check_success: gather is called inside a task (aio's needs a running loop). */
    private static void checkSuccess(boolean wrapped, Boolean returnExceptions) {
        try (LoopTestSupport.Captured captured = LoopTestSupport.virtualLoop()) {
            EventLoop loop = captured.loop;
            Future<Object> a = loop.createFuture();
            Future<Object> b = loop.createFuture();
            Future<Object> c = loop.createFuture();
            List<Awaitable<Object>> args = wrapFutures(wrapped, a, b, c);
            Future<List<Object>> fut = loop.runUntilComplete(loop.createTask(() -> returnExceptions == null
                    ? gather(args) : gather(args, returnExceptions)));
            List<Future<List<Object>>> calls = new ArrayList<>();
            fut.addDoneCallback(calls::add);
            b.setResult(1);
            a.setResult(2);
            runLoop(loop);
            assertEquals(List.of(), calls);
            assertFalse(fut.done());
            c.setResult(3);
            runLoop(loop);
            assertEquals(List.of(fut), calls);
            assertEquals(List.of(2, 1, 3), fut.result());
        }
    }

    /** FutureGatherTests.wrap_futures (the futures) or CoroutineGatherTests.wrap_futures (a coroutine awaiting each). */
    @SafeVarargs
    private static List<Awaitable<Object>> wrapFutures(boolean wrapped, Future<Object>... futures) {
        List<Awaitable<Object>> out = new ArrayList<>();
        for (Future<Object> fut : futures) {
            out.add(wrapped ? (Coro<Object>) () -> await(fut) : fut);
        }
        return out;
    }

    /** GatherTestsBase._run_loop: "while loop._ready: test_utils.run_briefly(loop)". */
    private static void runLoop(EventLoop loop) {
        while (loop.hasReadyWork()) {
            LoopTestSupport.runBriefly(loop);
        }
    }

    @Test
    void anEmptyGatherWithoutARunningLoopIsRefused() {
        // test_tasks.py: FutureGatherTests.test_constructor_empty_sequence_without_loop (RuntimeError)
        var e = assertThrows(IllegalStateException.class, () -> gather(List.of()));
        assertEquals("no running event loop", e.getMessage());
    }

    @Test
    void coroutinesWithoutARunningLoopAreRefused() {
        // test_tasks.py: CoroutineGatherTests.test_constructor_without_loop (RuntimeError)
        Coro<String> gen1 = () -> "abc";
        Coro<String> gen2 = () -> "abc";
        var e = assertThrows(IllegalStateException.class, () -> gather(gen1, gen2));
        assertEquals("no running event loop", e.getMessage());
    }

    @Test
    void futuresOfTwoLoopsAreRefused() {
        // test_tasks.py: FutureGatherTests.test_constructor_heterogenous_futures (ValueError; aio's
        // gather runs inside a task, so fut1's loop is the running one)
        try (EventLoop otherLoop = Aio.newEventLoop(Options.virtual())) {
            run(() -> {
                Future<Object> fut1 = Aio.getRunningLoop().createFuture();
                Future<Object> fut2 = otherLoop.createFuture();
                assertThrows(IllegalArgumentException.class, () -> gather(fut1, fut2));
            }, Options.virtual());
        }
    }

    // Found in the console: a learner's million finished tasks (the snippet that made them had
    // ended, and the loop had run them) gathered by the next snippet. A done future carries no
    // callback of gather's to spot a repeat by; each one was compared with all those before it,
    // which took minutes. The time-out only catches that: the gather takes well under a second.
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void gatheringAMillionFinishedFuturesLooksEachUpOnce() {
        List<Object> results = run(() -> {
            List<Future<Integer>> done = new ArrayList<>(1_000_000);
            for (int i = 0; i < 1_000_000; i++) {
                Future<Integer> f = new Future<>();
                f.setResult(i);
                done.add(f);
            }
            List<Future<Integer>> args = new ArrayList<>(done);
            args.add(done.get(7)); // a repeat still gives a repeated result, from the one child
            return await(gather(args));
        });
        assertEquals(1_000_001, results.size());
        assertEquals(999_999, results.get(999_999));
        assertEquals(7, results.get(1_000_000));
    }
}
