package aio;

import static aio.Aio.await;
import static aio.Aio.createTask;
import static aio.Aio.gather;
import static aio.Aio.run;
import static aio.Aio.shield;
import static aio.Aio.sleep;
import static aio.Aio.time;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** {@link Aio#shield}: ported from CPython's test_tasks.py shield cases. */
class ShieldTest {

    @Test
    void theOuterFollowsTheInnerResult() {
        // test_tasks.py: test_shield_result
        run(() -> {
            Future<Object> inner = Aio.getRunningLoop().createFuture();
            var outer = shield(inner);
            sleep(0);
            inner.setResult(42);
            assertEquals(42, await(outer));
        }, Options.virtual());
    }

    @Test
    void theOuterFollowsTheInnerException() {
        // test_tasks.py: test_shield_exception
        run(() -> {
            Future<Object> inner = Aio.getRunningLoop().createFuture();
            var outer = shield(inner);
            sleep(0);
            var exc = new IllegalStateException("inner failed");
            inner.setException(exc);
            assertSame(exc, assertThrows(IllegalStateException.class, () -> await(outer)));
        }, Options.virtual());
    }

    @Test
    void cancellingTheInnerCancelsTheOuter() {
        // test_tasks.py: test_shield_cancel_inner
        run(() -> {
            Future<Object> inner = Aio.getRunningLoop().createFuture();
            var outer = shield(inner);
            sleep(0);
            inner.cancel();
            sleep(0);
            assertTrue(outer.cancelled());
            assertThrows(CancelledError.class, () -> await(outer));
        }, Options.virtual());
    }

    @Test
    void cancellingTheOuterLeavesTheInnerAlone() {
        // test_tasks.py: test_shield_cancel_outer
        run(() -> {
            Future<Object> inner = Aio.getRunningLoop().createFuture();
            var outer = shield(inner);
            sleep(0);
            assertTrue(outer.cancel());
            sleep(0);
            assertTrue(outer.cancelled());
            assertFalse(inner.cancelled());
            assertFalse(outer.hasCallbacks());
            assertFalse(inner.hasCallbacks(), "the outer's done callback removed its inner callback");
            inner.setResult("still works");
            assertEquals("still works", await(inner));
        }, Options.virtual());
    }

    @Test
    void anInnerResultAfterTheOuterWasCancelledIsNotReported() {
        // test_tasks.py: test_shield_cancel_outer_result
        List<String> reports = new ArrayList<>();
        run(() -> {
            Aio.getRunningLoop().setExceptionHandler((loop, ctx) -> reports.add(ctx.message()));
            Future<Object> inner = Aio.getRunningLoop().createFuture();
            var outer = shield(inner);
            sleep(0);
            outer.cancel();
            sleep(0);
            inner.setResult(1);
            sleep(0);
        }, Options.virtual());
        assertEquals(List.of(), reports);
    }

    @Test
    void anInnerErrorAfterTheOuterWasCancelledIsReportedOnce() {
        // test_tasks.py: test_shield_cancel_outer_exception, test_shield_duplicate_log_once
        // (once the outer is cancelled, nobody is left to retrieve the inner's exception)
        List<String> reports = new ArrayList<>();
        run(() -> {
            Aio.getRunningLoop().setExceptionHandler((loop, ctx) -> reports.add(ctx.message()));
            Future<Object> inner = Aio.getRunningLoop().createFuture();
            var outer = shield(inner);
            sleep(0);
            outer.cancel();
            sleep(0);
            var outer2 = shield(inner);
            sleep(0);
            outer2.cancel();
            sleep(0);
            inner.setException(new IllegalStateException("foo"));
            sleep(0);
        }, Options.virtual());
        assertEquals(List.of("Future exception was never retrieved"), reports);
    }

    @Test
    void aDoneFutureIsReturnedAsIs() {
        // test_tasks.py: test_shield_shortcut
        run(() -> {
            Future<Object> fut = Aio.getRunningLoop().createFuture();
            fut.setResult(42);
            var res = shield(fut);
            assertSame(fut, res);
            assertEquals(42, await(res));
        }, Options.virtual());
    }

    @Test
    void cancellingTheAwaitingTaskLeavesTheInnerRunning() {
        // test_tasks.py: test_shield_effect
        run(() -> {
            AtomicInteger proof = new AtomicInteger();
            Future<Object> waiter = Aio.getRunningLoop().createFuture();
            VoidCoro inner = () -> {
                await(waiter);
                proof.addAndGet(1);
            };
            var outer = createTask(() -> {
                await(shield(inner));
                proof.addAndGet(100);
            });
            sleep(0);
            outer.cancel();
            assertThrows(CancelledError.class, () -> await(outer));
            waiter.setResult(null);
            sleep(0);
            sleep(0);
            assertEquals(1, proof.get());
        }, Options.virtual());
    }

    @Test
    void theInnerResultIsStillReadableAfterTheAwaiterWasCancelled() {
        // the documented use: "res = await shield(something())" where the caller may be cancelled
        run(() -> {
            var work = createTask(() -> sleep(5, "saved"));
            var caller = createTask(() -> await(shield(work)));
            sleep(1);
            caller.cancel();
            assertThrows(CancelledError.class, () -> await(caller));
            assertEquals(1.0, time());
            assertFalse(work.done());
            assertEquals("saved", await(work));
            assertEquals(5.0, time());
        }, Options.virtual());
    }

    @Test
    void anInnerExceptionReachesTheTaskAwaitingTheShield() {
        // test_tasks.py: test_shield_exception, seen from an awaiting task
        run(() -> {
            var work = createTask(() -> {
                sleep(1);
                throw new UnsupportedOperationException("inner");
            });
            var caller = createTask(() -> await(shield(work)));
            var e = assertThrows(UnsupportedOperationException.class, () -> await(caller));
            assertEquals("inner", e.getMessage());
        }, Options.virtual());
    }

    @Test
    void anInnerTaskCancelledOnItsOwnCancelsTheAwaiter() {
        // test_tasks.py: test_shield_cancel_inner, seen from an awaiting task
        run(() -> {
            var work = createTask(() -> sleep(5, "x"));
            var caller = createTask(() -> await(shield(work)));
            sleep(1);
            work.cancel();
            assertThrows(CancelledError.class, () -> await(caller));
            assertTrue(caller.cancelled());
        }, Options.virtual());
    }

    @Test
    void gatherOfShieldsCancelsTheShieldsNotTheChildren() {
        // test_tasks.py: test_gather_shield
        run(() -> {
            Future<Object> child1 = Aio.getRunningLoop().createFuture();
            Future<Object> child2 = Aio.getRunningLoop().createFuture();
            var inner1 = shield(child1);
            var inner2 = shield(child2);
            var outer = gather(inner1, inner2);
            sleep(0);
            outer.cancel();
            sleep(0);
            assertTrue(inner1.cancelled());
            assertTrue(inner2.cancelled());
            assertFalse(child1.cancelled());
            assertFalse(child2.cancelled());
            child1.setResult(1);
            child2.setResult(2);
            sleep(0);
            assertThrows(CancelledError.class, () -> await(outer));
            assertEquals(1, child1.result());
        }, Options.virtual());
    }

    @Test
    void aCoroutineIsWrappedInATask() {
        // test_tasks.py: test_shield_coroutine_use_running_loop
        run(() -> {
            List<String> log = new ArrayList<>();
            var outer = shield(() -> {
                log.add("running");
                return sleep(1, "coro result");
            });
            assertEquals("coro result", await(outer));
            assertEquals(List.of("running"), log);

            var v = shield(() -> {
                sleep(1);
                log.add("void");
            });
            assertEquals(null, await(v));
            assertEquals(List.of("running", "void"), log);
        }, Options.virtual());
    }

    @Test
    void aShieldedGatherKeepsGatheringWhenTheShieldIsCancelled() {
        // test_tasks.py: BaseTaskTests.test_shield_gather
        run(() -> {
            Future<Object> child1 = Aio.getRunningLoop().createFuture();
            Future<Object> child2 = Aio.getRunningLoop().createFuture();
            var parent = gather(child1, child2);
            var outer = shield(parent);
            sleep(0); // test_utils.run_briefly
            outer.cancel();
            sleep(0);
            assertTrue(outer.cancelled());
            child1.setResult(1);
            child2.setResult(2);
            sleep(0);
            assertEquals(List.of(1, 2), parent.result());
        }, Options.virtual());
    }

    @Test
    void aCoroutineWithoutARunningLoopIsRefused() {
        // test_tasks.py: BaseTaskTests.test_shield_coroutine_without_loop (RuntimeError)
        Coro<Integer> inner = () -> 42;
        var e = assertThrows(IllegalStateException.class, () -> shield(inner));
        assertEquals("no running event loop", e.getMessage());
    }
}
