package aio;

import static aio.Aio.asCompleted;
import static aio.Aio.await;
import static aio.Aio.createTask;
import static aio.Aio.run;
import static aio.Aio.sleep;
import static aio.Aio.time;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * {@link Aio#asCompleted}: ported from CPython's test_tasks.py as_completed cases. Iteration is
 * 3.13's {@code async for}: it yields the original futures (tasks for coroutines).
 */
class AsCompletedTest {

    @Test
    void yieldsInCompletionOrder() {
        // test_tasks.py: test_as_completed
        run(() -> {
            var a = createTask(() -> sleep(0.1, "a"));
            var b = createTask(() -> sleep(0.1, "b"));
            var c = createTask(() -> sleep(0.15, "c"));
            List<String> values = new ArrayList<>();
            for (Future<String> f : asCompleted(List.of(b, c, a))) {
                values.add(await(f));
            }
            assertEquals(0.15, time(), 1e-9);
            assertTrue(values.subList(0, 2).containsAll(List.of("a", "b")));
            assertEquals("c", values.get(2));
        }, Options.virtual());
    }

    @Test
    void yieldsTheOriginalTasks() {
        // test_tasks.py: test_as_completed_same_tasks_in_as_out (3.13)
        run(() -> {
            var slow = createTask(() -> sleep(3, "slow"));
            var fast = createTask(() -> sleep(1, "fast"));
            var mid = createTask(() -> sleep(2, "mid"));
            List<Future<String>> out = new ArrayList<>();
            List<Double> times = new ArrayList<>();
            for (Future<String> f : asCompleted(List.of(slow, fast, mid))) {
                out.add(f);
                times.add(time());
                assertTrue(f.done());
            }
            assertEquals(3, out.size());
            assertSame(fast, out.get(0));
            assertSame(mid, out.get(1));
            assertSame(slow, out.get(2));
            assertEquals(List.of(1.0, 2.0, 3.0), times, "each step waits for the next completion");
        }, Options.virtual());
    }

    @Test
    void coroutinesAreWrappedInTasks() {
        // test_tasks.py: test_as_completed_coroutine_use_running_loop
        run(() -> {
            Coro<String> c1 = () -> sleep(2, "two");
            Coro<String> c2 = () -> sleep(1, "one");
            List<String> values = new ArrayList<>();
            for (Future<String> f : asCompleted(List.of(c1, c2))) {
                assertTrue(f instanceof Task<?>);
                values.add(f.result());
            }
            assertEquals(List.of("one", "two"), values);
        }, Options.virtual());
    }

    @Test
    void timeoutRaisesFromNextAfterTheDeadlineAndCancelsNothing() {
        // test_tasks.py: test_as_completed_with_timeout
        run(() -> {
            var a = createTask(() -> sleep(0.1, "a"));
            var b = createTask(() -> sleep(0.15, "b"));
            Iterator<Future<String>> it = asCompleted(List.of(a, b), 0.12).iterator();
            assertTrue(it.hasNext());
            assertEquals("a", await(it.next()));
            assertTrue(it.hasNext());
            assertThrows(TimeoutError.class, it::next);
            assertEquals(0.12, time(), 1e-9);
            assertFalse(it.hasNext(), "one step per awaitable, the last one timed out");
            assertFalse(b.cancelled());
            assertFalse(b.done());
            assertEquals("b", await(b), "the pending task still finishes");
            assertEquals(0.15, time(), 1e-9);
        }, Options.virtual());
    }

    @Test
    void everyStepAfterTheTimeoutRaises() {
        // tasks.as_completed: _on_timeout queues one sentinel per awaitable still to do
        run(() -> {
            var a = createTask(() -> sleep(5, "a"));
            var b = createTask(() -> sleep(6, "b"));
            var c = createTask(() -> sleep(0.5, "c"));
            Iterator<Future<String>> it = asCompleted(List.of(a, b, c), 1).iterator();
            assertSame(c, it.next());
            assertThrows(TimeoutError.class, it::next);
            assertEquals(1.0, time());
            assertTrue(it.hasNext());
            assertThrows(TimeoutError.class, it::next, "also once a or b is done: the timeout came first");
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
            assertFalse(a.cancelled() || b.cancelled());
        }, Options.virtual());
    }

    @Test
    void anUnusedTimeoutChangesNothing() {
        // test_tasks.py: test_as_completed_with_unused_timeout
        run(() -> {
            var a = createTask(() -> sleep(0.01, "a"));
            List<String> values = new ArrayList<>();
            for (Future<String> f : asCompleted(List.of(a), 0.5)) {
                values.add(f.result());
            }
            assertEquals(List.of("a"), values);
            assertEquals(0.01, time(), 1e-9);
            sleep(1); // the cancelled timeout does not fire into anything
        }, Options.virtual());
    }

    @Test
    void aFailedTaskIsYieldedAndRaisesWhenAwaited() {
        // test_tasks.py: test_as_completed_with_timeout (awaiting each yielded future re-raises its exception)
        run(() -> {
            var ok = createTask(() -> sleep(2, "ok"));
            Task<String> bad = createTask(() -> {
                sleep(1);
                throw new IllegalStateException("bad");
            });
            Iterator<Future<String>> it = asCompleted(List.of(ok, bad)).iterator();
            Future<String> first = it.next();
            assertSame(bad, first);
            assertThrows(IllegalStateException.class, () -> await(first));
            assertEquals("ok", await(it.next()));
        }, Options.virtual());
    }

    @Test
    void duplicatesAreCountedOnce() {
        // test_tasks.py: test_as_completed_duplicate_coroutines
        run(() -> {
            AtomicInteger calls = new AtomicInteger();
            Coro<String> c = () -> {
                calls.incrementAndGet();
                return "ham";
            };
            Coro<String> d = () -> "spam";
            List<String> result = new ArrayList<>();
            for (Future<String> f : asCompleted(List.of(c, c, d))) {
                result.add(await(f));
            }
            result.sort(null);
            assertEquals(List.of("ham", "spam"), result);
            assertEquals(1, calls.get());
        }, Options.virtual());
    }

    @Test
    void emptyInputIteratesZeroTimes() {
        // tasks.as_completed: an empty input gives an empty iteration (no timeout is armed)
        run(() -> {
            int n = 0;
            for (Future<Object> f : asCompleted(List.<Future<Object>>of(), 1)) {
                n++;
            }
            assertEquals(0, n);
            assertEquals(0.0, time());
        }, Options.virtual());
    }

    @Test
    void alreadyDoneFuturesComeFirstWithoutWaiting() {
        // tasks.as_completed: a future already done is queued by its done callback on the next iteration
        run(() -> {
            Future<Object> done = Aio.getRunningLoop().createFuture();
            done.setResult("early");
            var later = createTask(() -> (Object) sleep(1, "later"));
            Iterator<Future<Object>> it = asCompleted(List.of(later, done)).iterator();
            assertSame(done, it.next());
            assertEquals(0.0, time());
            assertSame(later, it.next());
            assertEquals(1.0, time());
        }, Options.virtual());
    }

    @Test
    void cancellingTheIteratingTaskCancelsNoneOfTheAwaitables() {
        // tasks.as_completed never cancels the futures it watches
        run(() -> {
            var a = createTask(() -> sleep(2, "a"));
            var iterating = createTask(() -> {
                for (Future<String> f : asCompleted(List.of(a))) {
                    await(f);
                }
            });
            sleep(1);
            iterating.cancel();
            assertThrows(CancelledError.class, () -> await(iterating));
            assertFalse(a.cancelled());
            assertEquals("a", await(a));
        }, Options.virtual());
    }

    @Test
    void theIteratorResumesWhereABreakLeftIt() {
        // test_tasks.py: BaseTaskTests.test_as_completed_resume_iterator (the iterable is its own
        // iterator, as as_completed's: a second for loop resumes it)
        run(() -> {
            List<Coro<Integer>> coros = List.of(() -> 0, () -> 1, () -> 2, () -> 3);
            Iterable<Future<Integer>> iterator = asCompleted(coros);
            List<Integer> collected = new ArrayList<>();
            int iterations = 0;
            for (Future<Integer> f : iterator) {
                collected.add(await(f));
                iterations++;
                if (iterations == 2) {
                    break;
                }
            }
            assertEquals(2, collected.size());

            // Resume same iterator:
            for (Future<Integer> f : iterator) {
                collected.add(await(f));
            }
            collected.sort(null);
            assertEquals(List.of(0, 1, 2, 3), collected);
        }, Options.virtual());
    }

    @Test
    void theYieldedFuturesCanBeAwaitedTogether() {
        // test_tasks.py: BaseTaskTests.test_as_completed_concurrent (its async-for half; the plain
        // iterator half, list(as_completed(fs)) without awaiting, is not offered: aio's iteration
        // is 3.13's async for)
        run(() -> {
            Coro<String> a = () -> sleep(0.05, "a");
            Coro<String> b = () -> sleep(0.05, "b");
            List<Future<String>> futs = new ArrayList<>();
            for (Future<String> f : asCompleted(List.of(a, b))) {
                futs.add(f);
            }
            assertEquals(2, futs.size());
            List<Future<String>> ensured = new ArrayList<>();
            for (Future<String> f : futs) {
                ensured.add(Aio.ensureFuture(f));
            }
            Done<String> d = Aio.wait(ensured);
            Set<String> results = new HashSet<>();
            for (Future<String> f : d.done()) {
                results.add(f.result());
            }
            assertEquals(Set.of("a", "b"), results);
        }, Options.virtual());
    }

    @Test
    void coroutinesWithoutARunningLoopAreRefused() {
        // test_tasks.py: BaseTaskTests.test_as_completed_coroutine_without_loop (RuntimeError)
        Coro<Integer> a = () -> 42;
        var e = assertThrows(IllegalStateException.class, () -> asCompleted(List.of(a)));
        assertEquals("no running event loop", e.getMessage());
    }
}
