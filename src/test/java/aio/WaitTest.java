package aio;

import static aio.Aio.await;
import static aio.Aio.createTask;
import static aio.Aio.run;
import static aio.Aio.sleep;
import static aio.Aio.time;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** {@link Aio#wait}: ported from CPython's test_tasks.py wait cases. Aio.wait never cancels anything. */
class WaitTest {

    private static Task<String> sleeper(double seconds, String result) {
        return createTask(() -> sleep(seconds, result));
    }

    private static Task<String> failer(double seconds, String message) {
        return createTask(() -> {
            sleep(seconds);
            throw new IllegalStateException(message);
        });
    }

    @Test
    void allCompletedWaitsForEveryOne() {
        // test_tasks.py: test_wait
        run(() -> {
            var a = sleeper(0.1, "a");
            var b = sleeper(0.15, "b");
            Done<String> d = Aio.wait(List.of(b, a));
            assertEquals(Set.of(a, b), d.done());
            assertEquals(Set.of(), d.pending());
            assertEquals(0.15, time(), 1e-9);
            // a second wait on done tasks returns at once (one loop iteration)
            Done<String> again = Aio.wait(List.of(b, a));
            assertEquals(Set.of(a, b), again.done());
            assertEquals(0.15, time(), 1e-9);
        }, Options.virtual());
    }

    @Test
    void firstCompletedReturnsWhenOneIsDone() {
        // test_tasks.py: test_wait_first_completed
        run(() -> {
            var a = sleeper(10, "a");
            var b = sleeper(0.1, "b");
            Done<String> d = Aio.wait(List.of(b, a), ReturnWhen.FIRST_COMPLETED);
            assertEquals(Set.of(b), d.done());
            assertEquals(Set.of(a), d.pending());
            assertEquals(0.1, time(), 1e-9);
            assertFalse(a.done());
            assertEquals("a", await(a), "the pending one was not cancelled");
            assertEquals(10, time(), 1e-9);
        }, Options.virtual());
    }

    @Test
    void firstCompletedCountsEveryoneDoneByTheTimeTheWaiterRuns() {
        // test_tasks.py: test_wait_really_done
        run(() -> {
            var a = createTask(() -> {
                sleep(0);
            });
            var b = createTask(() -> {
                sleep(0);
                sleep(0);
            });
            var waiter = createTask(() -> Aio.wait(List.of(b, a), ReturnWhen.FIRST_COMPLETED));
            Done<Void> d = await(waiter);
            assertEquals(Set.of(a, b), d.done());
            assertEquals(Set.of(), d.pending());
        }, Options.virtual());
    }

    @Test
    void firstCompletedWithAnAlreadyDoneFuture() {
        // test_tasks.py: test_wait_first_completed (variant: a child done before the call)
        run(() -> {
            Future<Object> ready = Aio.getRunningLoop().createFuture();
            ready.setResult("ready");
            var slow = createTask(() -> (Object) sleep(5, "slow"));
            Done<Object> d = Aio.wait(List.of(slow, ready), ReturnWhen.FIRST_COMPLETED);
            assertEquals(Set.of(ready), d.done());
            assertEquals(Set.of(slow), d.pending());
            assertEquals(0.0, time());
        }, Options.virtual());
    }

    @Test
    void firstExceptionReturnsWhenOneFails() {
        // test_tasks.py: test_wait_first_exception, test_wait_first_exception_in_wait
        run(() -> {
            var a = sleeper(10, "a");
            var b = failer(0.01, "b failed");
            var c = sleeper(0.005, "c");
            Done<String> d = Aio.wait(List.of(b, a, c), ReturnWhen.FIRST_EXCEPTION);
            assertEquals(Set.of(b, c), d.done());
            assertEquals(Set.of(a), d.pending());
            assertEquals(0.01, time(), 1e-9);
            assertEquals("b failed", b.exception().getMessage());
            assertFalse(a.cancelled());
        }, Options.virtual());
    }

    @Test
    void firstExceptionWithoutAnyFailureIsAllCompleted() {
        // test_tasks.py: test_wait_first_exception (no exception: behaves like ALL_COMPLETED)
        run(() -> {
            var a = sleeper(1, "a");
            var b = sleeper(2, "b");
            Done<String> d = Aio.wait(List.of(a, b), ReturnWhen.FIRST_EXCEPTION);
            assertEquals(Set.of(a, b), d.done());
            assertEquals(Set.of(), d.pending());
            assertEquals(2.0, time());
        }, Options.virtual());
    }

    @Test
    void firstExceptionDoesNotCountACancellation() {
        // tasks._wait: FIRST_EXCEPTION checks "not f.cancelled() and f.exception() is not None"
        run(() -> {
            var a = sleeper(1, "a");
            var b = sleeper(2, "b");
            var c = sleeper(10, "c");
            var waiter = createTask(() -> Aio.wait(List.of(a, b, c), ReturnWhen.FIRST_EXCEPTION));
            sleep(0.5);
            c.cancel();
            Done<String> d = await(waiter);
            assertEquals(2.0, time(), "a cancellation is no exception: waited for all");
            assertEquals(Set.of(a, b, c), d.done());
            assertTrue(c.cancelled());
        }, Options.virtual());
    }

    @Test
    void allCompletedWithAnExceptionReturnsItInDone() {
        // test_tasks.py: test_wait_with_exception
        run(() -> {
            var a = sleeper(0.1, "a");
            var b = failer(0.15, "b failed");
            Done<String> d = Aio.wait(List.of(b, a));
            assertEquals(2, d.done().size());
            assertEquals(0.15, time(), 1e-9);
            assertThrows(IllegalStateException.class, b::result);
            assertEquals("a", a.result());
        }, Options.virtual());
    }

    @Test
    void timeoutReturnsDoneAndPendingAndCancelsNothing() {
        // test_tasks.py: test_wait_with_timeout
        run(() -> {
            var a = sleeper(0.1, "a");
            var b = sleeper(0.15, "b");
            Done<String> d = Aio.wait(List.of(b, a), 0.11, ReturnWhen.ALL_COMPLETED);
            assertEquals(Set.of(a), d.done());
            assertEquals(Set.of(b), d.pending());
            assertEquals(0.11, time(), 1e-9);
            assertFalse(b.cancelled());
            assertEquals("b", await(b), "the pending task still finishes");
            assertEquals(0.15, time(), 1e-9);
        }, Options.virtual());
    }

    @Test
    void timeoutAtTheSameMomentAsACompletion() {
        // test_tasks.py: test_wait_concurrent_complete
        run(() -> {
            var a = sleeper(0.1, "a");
            var b = sleeper(0.15, "b");
            // a wrapping task, as in CPython, so a and b start (and arm their timers) first
            var waiter = createTask(() -> Aio.wait(List.of(b, a), 0.1, ReturnWhen.ALL_COMPLETED));
            Done<String> d = await(waiter);
            assertEquals(Set.of(a), d.done());
            assertEquals(Set.of(b), d.pending());
            assertEquals(0.1, time(), 1e-9);
        }, Options.virtual());
    }

    @Test
    void timeoutWithNothingDoneReturnsAllPending() {
        // test_tasks.py: test_wait_with_timeout (nothing finishes in time)
        run(() -> {
            var a = sleeper(5, "a");
            Done<String> d = Aio.wait(List.of(a), 1, ReturnWhen.FIRST_COMPLETED);
            assertEquals(Set.of(), d.done());
            assertEquals(Set.of(a), d.pending());
            assertEquals(1.0, time());
            assertFalse(a.done());
        }, Options.virtual());
    }

    @Test
    void cancellingTheWaitingTaskCancelsNoneOfTheAwaitables() {
        // tasks._wait: only the internal waiter is cancelled when the caller is cancelled
        run(() -> {
            var a = sleeper(2, "a");
            var b = sleeper(3, "b");
            var waiter = createTask(() -> Aio.wait(List.of(a, b)));
            sleep(1);
            waiter.cancel();
            assertThrows(CancelledError.class, () -> await(waiter));
            assertTrue(waiter.cancelled());
            assertFalse(a.done());
            assertFalse(b.done());
            assertEquals("a", await(a));
            assertEquals("b", await(b));
            assertEquals(3.0, time());
            assertFalse(a.cancelled() || b.cancelled());
        }, Options.virtual());
    }

    @Test
    void anEmptyCollectionIsRefused() {
        // test_tasks.py: test_wait_errors (empty set -> ValueError)
        run(() -> {
            var e = assertThrows(IllegalArgumentException.class, () -> Aio.wait(List.<Task<String>>of()));
            assertEquals("Set of Tasks/Futures is empty.", e.getMessage());
        }, Options.virtual());
    }

    @Test
    void aNullReturnWhenIsRefused() {
        // test_tasks.py: test_wait_errors (invalid return_when -> ValueError)
        run(() -> {
            var a = sleeper(1, "a");
            assertThrows(IllegalArgumentException.class, () -> Aio.wait(List.of(a), null));
            await(a);
        }, Options.virtual());
    }

    @Test
    void coroutinesAreWrappedInTasks() {
        // asyncio 3.12 refuses coroutines (test_wait_coroutine_refused...); this port wraps them, as asyncio did before 3.11
        run(() -> {
            List<String> order = new ArrayList<>();
            Coro<String> c1 = () -> {
                order.add("c1 started");
                return sleep(2, "one");
            };
            Coro<String> c2 = () -> {
                order.add("c2 started");
                return sleep(1, "two");
            };
            Done<String> d = Aio.wait(List.of(c1, c2), ReturnWhen.FIRST_COMPLETED);
            assertEquals(1.0, time());
            assertEquals(1, d.done().size());
            Future<String> first = d.done().iterator().next();
            assertTrue(first instanceof Task<?>, "a coroutine became a task");
            assertEquals("two", first.result());
            Future<String> other = d.pending().iterator().next();
            assertEquals("one", await(other), "the wrapping task keeps running");
            assertEquals(List.of("c1 started", "c2 started"), order);
        }, Options.virtual());
    }

    @Test
    void doneAndPendingKeepTheInputOrder() {
        // Done's contract: each set in the order the awaitables were given, whatever the completion order
        run(() -> {
            var a = sleeper(3, "a");
            var b = sleeper(1, "b");
            var c = sleeper(2, "c");
            var d = sleeper(9, "d");
            var e = sleeper(8, "e");
            Done<String> r = Aio.wait(List.of(a, b, c, d, e), 5, ReturnWhen.ALL_COMPLETED);
            assertEquals(List.of(a, b, c), new ArrayList<>(r.done()));
            assertEquals(List.of(d, e), new ArrayList<>(r.pending()));
        }, Options.virtual());
    }

    @Test
    void duplicatesAreCountedOnce() {
        // tasks.wait: fs = set(fs)
        run(() -> {
            var a = sleeper(1, "a");
            Done<String> d = Aio.wait(List.of(a, a, a));
            assertEquals(Set.of(a), d.done());
            assertEquals(1.0, time());
        }, Options.virtual());
    }

    @Test
    void waitOutsideATaskIsRefused() {
        // Aio.wait suspends the calling task, so it needs one
        assertThrows(IllegalStateException.class, () -> Aio.wait(List.of((Coro<Integer>) () -> 1)));
    }

    @Test
    void aTaskPassedTwiceIsWaitedForOnce() {
        // test_tasks.py: BaseTaskTests.test_wait_duplicate_coroutines
        run(() -> {
            var c = createTask(() -> "test");
            var task = createTask(() -> Aio.wait(List.of(c, c, createTask(() -> "spam"))));
            Done<String> d = await(task);
            assertTrue(d.pending().isEmpty());
            Set<String> results = new HashSet<>();
            for (Future<String> f : d.done()) {
                results.add(f.result());
            }
            assertEquals(Set.of("test", "spam"), results);
        }, Options.virtual());
    }

    @Test
    void firstExceptionWithATaskThatAlreadyFailed() {
        // test_tasks.py: BaseTaskTests.test_wait_first_exception (first_exception, task already has exception)
        run(() -> {
            Task<Object> a = createTask(() -> sleep(10.0, null));
            Task<Object> b = createTask(() -> {
                throw new ArithmeticException("err");
            });
            var task = createTask(() -> Aio.wait(List.of(b, a), ReturnWhen.FIRST_EXCEPTION));
            Done<Object> d = await(task);
            assertEquals(Set.of(b), d.done());
            assertEquals(Set.of(a), d.pending());
            assertEquals(0.0, time());
            assertInstanceOf(ArithmeticException.class, b.exception());
        }, Options.virtual());
    }

    @Test
    void cancellingTheTaskInWaitLeavesTheInnerTaskRunning() {
        // test_tasks.py: BaseTaskTests.test_yield_wait_does_not_shield_cancel (cancelling outer()
        // makes wait() return early, leaves inner() running)
        run(() -> {
            int[] proof = {0};
            Future<Object> waiter = Aio.getRunningLoop().createFuture();
            VoidCoro inner = () -> {
                await(waiter);
                proof[0] += 1;
            };
            VoidCoro outer = () -> {
                Aio.wait(List.of(createTask(inner)));
                proof[0] += 100;
            };
            var f = createTask(outer);
            sleep(0); // test_utils.run_briefly
            f.cancel();
            assertThrows(CancelledError.class, () -> await(f));
            waiter.setResult(null);
            sleep(0);
            assertEquals(1, proof[0]);
        }, Options.virtual());
    }
}
