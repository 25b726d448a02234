package aio;

import static aio.Aio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * {@link Barrier}: CPython 3.13's Lib/test/test_asyncio/test_locks.py BarrierTests, every test,
 * each under its CPython name. {@code async with barrier as i} is {@code int i = barrier.await()}.
 */
class BarrierTest {
    /** test_locks.py's RGX_REPR, for the barrier's part of it (no "object at 0x..." here, as for Lock). */
    private static final Pattern RGX_REPR =
            Pattern.compile("^<Barrier \\[(filling|draining|resetting|broken)(, waiters:\\d+/\\d+)?\\]>$");

    private int n = 5; // self.N

    private static void runTest(VoidCoro body) {
        Aio.run(body, Options.virtual());
    }

    private static <T> List<Task<T>> makeTasks(int count, Coro<T> coro) {
        List<Task<T>> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(createTask(coro));
        }
        return tasks;
    }

    private static List<Task<Void>> makeTasks(int count, VoidCoro coro) {
        return makeTasks(count, coro.asCoro());
    }

    /** gather_tasks: runs {@code count} tasks of {@code coro} and returns their results. */
    private static <T> List<T> gatherTasks(int count, Coro<T> coro) {
        return await(gather(makeTasks(count, coro)));
    }

    private static void gatherTasks(int count, VoidCoro coro) {
        gatherTasks(count, coro.asCoro());
    }

    private static List<Integer> range(int count) {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            r.add(i);
        }
        return r;
    }

    private static List<Boolean> trues(int count) {
        return Collections.nCopies(count, true);
    }

    // test_barrier: "object Barrier can't be used in 'await' expression" is a compile error here
    // CPython: test_locks.py BarrierTests.test_barrier
    @Test
    void test_barrier() {
        runTest(() -> {
            var barrier = new Barrier(n);
            assertTrue(barrier.toString().contains("filling"));
            assertFalse(Awaitable.class.isInstance(barrier), "a barrier is not awaitable itself");
            assertTrue(barrier.toString().contains("filling"));
        });
    }

    // CPython: test_locks.py BarrierTests.test_repr
    @Test
    void test_repr() {
        runTest(() -> {
            var barrier = new Barrier(n);
            assertTrue(RGX_REPR.matcher(barrier.toString()).matches(), barrier.toString());
            assertEquals("<Barrier [filling, waiters:0/5]>", barrier.toString());

            List<Task<Integer>> waiters = new ArrayList<>();
            Coro<Integer> wait = barrier::await;
            int incr = 2;
            for (int i = 0; i < incr; i++) {
                waiters.add(createTask(wait));
            }
            sleep(0);
            assertTrue(RGX_REPR.matcher(barrier.toString()).matches());
            assertTrue(barrier.toString().contains("waiters:" + incr + "/" + n));
            assertTrue(barrier.toString().contains("filling"));

            // create missing waiters
            for (int i = 0; i < barrier.parties() - barrier.nWaiting(); i++) {
                waiters.add(createTask(wait));
            }
            sleep(0);
            assertTrue(RGX_REPR.matcher(barrier.toString()).matches());
            assertTrue(barrier.toString().contains("draining"), barrier.toString());

            // add a part of waiters
            for (int i = 0; i < incr; i++) {
                waiters.add(createTask(wait));
            }
            sleep(0);
            // and reset
            barrier.reset();
            assertTrue(RGX_REPR.matcher(barrier.toString()).matches());
            assertTrue(barrier.toString().contains("resetting"), barrier.toString());

            // add a part of waiters again
            for (int i = 0; i < incr; i++) {
                waiters.add(createTask(wait));
            }
            sleep(0);
            // and abort
            barrier.abort();
            assertTrue(RGX_REPR.matcher(barrier.toString()).matches());
            assertTrue(barrier.toString().contains("broken"));
            assertEquals("<Barrier [broken]>", barrier.toString());
            assertTrue(barrier.broken());

            // suppress unhandled exceptions
            await(gather(waiters, true));
        });
    }

    // CPython: test_locks.py BarrierTests.test_barrier_parties
    @Test
    void test_barrier_parties() {
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        assertThrows(IllegalArgumentException.class, () -> new Barrier(-4));
        assertEquals("parties must be > 0", assertThrows(IllegalArgumentException.class, () -> new Barrier(0)).getMessage());
        assertInstanceOf(Barrier.class, new Barrier(n));
    }

    // test_context_manager: "async with barrier as i" is "int i = barrier.await()"
    // CPython: test_locks.py BarrierTests.test_context_manager
    @Test
    void test_context_manager() {
        n = 3;
        runTest(() -> {
            var barrier = new Barrier(n);
            List<Integer> results = new ArrayList<>();
            gatherTasks(n, () -> {
                int i = barrier.await();
                results.add(i);
            });
            Collections.sort(results);
            assertEquals(range(n), results);
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
        });
    }

    // CPython: test_locks.py BarrierTests.test_filling_one_task
    @Test
    void test_filling_one_task() {
        runTest(() -> {
            var barrier = new Barrier(1);
            Coro<Boolean> f = () -> {
                barrier.await();
                return true;
            };
            boolean ret = await(f);
            assertTrue(ret);
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
        });
    }

    // CPython: test_locks.py BarrierTests.test_filling_one_task_twice
    @Test
    void test_filling_one_task_twice() {
        runTest(() -> {
            var barrier = new Barrier(1);
            var t1 = createTask(barrier::await);
            sleep(0);
            assertEquals(0, barrier.nWaiting());

            var t2 = createTask(barrier::await);
            sleep(0);

            assertEquals(t1.result(), t2.result());
            assertEquals(0, t1.result(), "each is the only party: index 0");
            assertEquals(t1.done(), t2.done());

            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
        });
    }

    // CPython: test_locks.py BarrierTests.test_filling_task_by_task
    @Test
    void test_filling_task_by_task() {
        n = 3;
        runTest(() -> {
            var barrier = new Barrier(n);
            var t1 = createTask(barrier::await);
            sleep(0);
            assertEquals(1, barrier.nWaiting());
            assertTrue(barrier.toString().contains("filling"));

            var t2 = createTask(barrier::await);
            sleep(0);
            assertEquals(2, barrier.nWaiting());
            assertTrue(barrier.toString().contains("filling"));

            var t3 = createTask(barrier::await);
            sleep(0);

            Aio.wait(List.of(t1, t2, t3));

            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
            assertEquals(List.of(0, 1, 2), List.of(t1.result(), t2.result(), t3.result()));
        });
    }

    // CPython: test_locks.py BarrierTests.test_filling_tasks_wait_twice
    @Test
    void test_filling_tasks_wait_twice() {
        runTest(() -> {
            var barrier = new Barrier(n);
            List<Boolean> results = new ArrayList<>();
            gatherTasks(n, () -> {
                barrier.await();
                results.add(true);
                barrier.await();
                results.add(false);
            });
            assertEquals(n * 2, results.size());
            assertEquals(n, Collections.frequency(results, true));
            assertEquals(n, Collections.frequency(results, false));
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
        });
    }

    // CPython: test_locks.py BarrierTests.test_filling_tasks_check_return_value
    @Test
    void test_filling_tasks_check_return_value() {
        runTest(() -> {
            var barrier = new Barrier(n);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            List<Integer> res = new ArrayList<>(gatherTasks(n, () -> {
                barrier.await();
                results1.add(true);
                int i = barrier.await();
                results2.add(true);
                return i;
            }));
            assertEquals(trues(n), results1);
            assertEquals(trues(n), results2);
            Collections.sort(res);
            assertEquals(range(n), res);
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
        });
    }

    // CPython: test_locks.py BarrierTests.test_draining_state
    @Test
    void test_draining_state() {
        runTest(() -> {
            var barrier = new Barrier(n);
            List<Boolean> results = new ArrayList<>();
            gatherTasks(n, () -> {
                barrier.await();
                // barrier state change to filling for the last task release
                results.add(barrier.toString().contains("draining"));
            });
            assertEquals(n, results.size());
            assertFalse(results.get(n - 1));
            assertEquals(trues(n - 1), results.subList(0, n - 1));
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
        });
    }

    // CPython: test_locks.py BarrierTests.test_blocking_tasks_while_draining
    @Test
    void test_blocking_tasks_while_draining() {
        runTest(() -> {
            int rewait = 2;
            var barrier = new Barrier(n);
            var barrierNowaiting = new Barrier(n - rewait);
            int[] rewaitN = {rewait};
            // a success means that barrier_nowaiting was waited for exactly N-rewait=3 times
            gatherTasks(n, () -> {
                // first time waiting
                barrier.await();
                // after waiting once for all tasks
                if (rewaitN[0] > 0) {
                    rewaitN[0]--;
                    // wait again only for rewait tasks
                    barrier.await();
                } else {
                    // wait for end of draining state
                    barrierNowaiting.await();
                    // wait for other waiting tasks
                    barrier.await();
                }
            });
            assertEquals(0, barrier.nWaiting());
            assertEquals(0, barrierNowaiting.nWaiting());
        });
    }

    // CPython: test_locks.py BarrierTests.test_filling_tasks_cancel_one
    @Test
    void test_filling_tasks_cancel_one() {
        n = 3;
        runTest(() -> {
            var barrier = new Barrier(n);
            List<Boolean> results = new ArrayList<>();
            VoidCoro coro = () -> {
                barrier.await();
                results.add(true);
            };

            var t1 = createTask(coro);
            sleep(0);
            assertEquals(1, barrier.nWaiting());

            var t2 = createTask(coro);
            sleep(0);
            assertEquals(2, barrier.nWaiting());

            t1.cancel();
            sleep(0);
            assertEquals(1, barrier.nWaiting());
            assertThrows(CancelledError.class, () -> await(t1));
            assertTrue(t1.cancelled());

            var t3 = createTask(coro);
            sleep(0);
            assertEquals(2, barrier.nWaiting());

            var t4 = createTask(coro);
            await(gather(t2, t3, t4));

            assertEquals(trues(n), results);
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
        });
    }

    // CPython: test_locks.py BarrierTests.test_reset_barrier
    @Test
    void test_reset_barrier() {
        runTest(() -> {
            var barrier = new Barrier(1);
            createTask(barrier::reset);
            sleep(0);
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
        });
    }

    // CPython: test_locks.py BarrierTests.test_reset_barrier_while_tasks_waiting
    @Test
    void test_reset_barrier_while_tasks_waiting() {
        runTest(() -> {
            var barrier = new Barrier(n);
            List<Boolean> results = new ArrayList<>();
            // N-1 tasks waiting on barrier with N parties
            var tasks = makeTasks(n - 1, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierError e) {
                    results.add(true);
                }
            });
            sleep(0);

            // reset the barrier
            createTask(barrier::reset);
            await(gather(tasks));

            assertEquals(trues(n - 1), results);
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.toString().contains("resetting"));
            assertFalse(barrier.broken());
        });
    }

    // CPython: test_locks.py BarrierTests.test_reset_barrier_when_tasks_half_draining
    @Test
    void test_reset_barrier_when_tasks_half_draining() {
        runTest(() -> {
            var barrier = new Barrier(n);
            List<Boolean> results1 = new ArrayList<>();
            int restOfTasks = n / 2;
            gatherTasks(n, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierError e) {
                    // catch here waiting tasks
                    results1.add(true);
                    return;
                }
                // here drained task outside the barrier
                if (restOfTasks == barrier.count) {
                    // tasks outside the barrier
                    barrier.reset();
                }
            });
            assertEquals(trues(restOfTasks), results1);
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.toString().contains("resetting"));
            assertFalse(barrier.broken());
        });
    }

    // CPython: test_locks.py BarrierTests.test_reset_barrier_when_tasks_half_draining_half_blocking
    @Test
    void test_reset_barrier_when_tasks_half_draining_half_blocking() {
        runTest(() -> {
            var barrier = new Barrier(n);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            int blockingTasks = n / 2;
            int[] count = {0};
            gatherTasks(n, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierError e) {
                    // here catch still waiting tasks
                    results1.add(true);
                    // so now waiting again to reach nb_parties
                    barrier.await();
                    return;
                }
                count[0]++;
                if (count[0] > blockingTasks) {
                    // reset now: raise BrokenBarrierError for waiting tasks
                    barrier.reset();
                    // so now waiting again to reach nb_parties
                    barrier.await();
                } else {
                    try {
                        barrier.await();
                    } catch (BrokenBarrierError e) {
                        // here no catch - blocked tasks go to wait
                        results2.add(true);
                    }
                }
            });
            assertEquals(trues(blockingTasks), results1);
            assertEquals(List.of(), results2);
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.toString().contains("resetting"));
            assertFalse(barrier.broken());
        });
    }

    // CPython: test_locks.py BarrierTests.test_reset_barrier_while_tasks_waiting_and_waiting_again
    @Test
    void test_reset_barrier_while_tasks_waiting_and_waiting_again() {
        runTest(() -> {
            var barrier = new Barrier(n);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            var tasks = makeTasks(n - 1, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierError e) {
                    results1.add(true);
                } finally {
                    barrier.await();
                    results2.add(true);
                }
            });

            // reset barrier, N-1 waiting tasks raise a BrokenBarrierError
            createTask(barrier::reset);
            sleep(0);

            // complete waiting tasks in the `finally`
            createTask(() -> {
                barrier.await();
                results2.add(true);
            });

            await(gather(tasks));

            assertFalse(barrier.broken());
            assertEquals(trues(n - 1), results1);
            assertEquals(trues(n), results2);
            assertEquals(0, barrier.nWaiting());
        });
    }

    // CPython: test_locks.py BarrierTests.test_reset_barrier_while_tasks_draining
    @Test
    void test_reset_barrier_while_tasks_draining() {
        runTest(() -> {
            var barrier = new Barrier(n);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            List<Boolean> results3 = new ArrayList<>();
            int[] count = {0};
            gatherTasks(n, () -> {
                barrier.await();
                count[0]++;
                if (count[0] == n) {
                    // last task exited from barrier
                    barrier.reset();
                    // wait here to reach the `parties`
                    barrier.await();
                } else {
                    try {
                        // second waiting
                        barrier.await();
                        // N-1 tasks here
                        results1.add(true);
                    } catch (RuntimeException e) {
                        // never goes here
                        results2.add(true);
                    }
                }
                // Now, pass the barrier again; last wait, must be completed
                barrier.await();
                results3.add(true);
            });
            assertFalse(barrier.broken());
            assertEquals(trues(n - 1), results1);
            assertEquals(List.of(), results2);
            assertEquals(trues(n), results3);
            assertEquals(0, barrier.nWaiting());
        });
    }

    // CPython: test_locks.py BarrierTests.test_abort_barrier
    @Test
    void test_abort_barrier() {
        runTest(() -> {
            var barrier = new Barrier(1);
            createTask(barrier::abort);
            sleep(0);
            assertEquals(0, barrier.nWaiting());
            assertTrue(barrier.broken());
        });
    }

    // CPython: test_locks.py BarrierTests.test_abort_barrier_when_tasks_half_draining_half_blocking
    @Test
    void test_abort_barrier_when_tasks_half_draining_half_blocking() {
        runTest(() -> {
            var barrier = new Barrier(n);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            int blockingTasks = n / 2;
            int[] count = {0};
            gatherTasks(n, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierError e) {
                    // here catch tasks waiting to drain
                    results1.add(true);
                    return;
                }
                count[0]++;
                if (count[0] > blockingTasks) {
                    // abort now: raise BrokenBarrierError for all tasks
                    barrier.abort();
                } else {
                    try {
                        barrier.await();
                    } catch (BrokenBarrierError e) {
                        // here catch blocked tasks (already drained)
                        results2.add(true);
                    }
                }
            });
            assertTrue(barrier.broken());
            assertEquals(trues(blockingTasks), results1);
            assertEquals(trues(n - blockingTasks - 1), results2);
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.toString().contains("resetting"));
        });
    }

    // test from threading.Barrier: see `lock_tests.test_reset`
    // CPython: test_locks.py BarrierTests.test_abort_barrier_when_exception
    @Test
    void test_abort_barrier_when_exception() {
        runTest(() -> {
            var barrier = new Barrier(n);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            gatherTasks(n, () -> {
                try {
                    int i = barrier.await();
                    if (i == n / 2) {
                        throw new ArithmeticException("RuntimeError"); // not a BrokenBarrierError
                    }
                    barrier.await();
                    results1.add(true);
                } catch (BrokenBarrierError e) {
                    results2.add(true);
                } catch (ArithmeticException e) {
                    barrier.abort();
                }
            });
            assertTrue(barrier.broken());
            assertEquals(List.of(), results1);
            assertEquals(trues(n - 1), results2);
            assertEquals(0, barrier.nWaiting());
        });
    }

    // test from threading.Barrier: see `lock_tests.test_abort_and_reset`
    // CPython: test_locks.py BarrierTests.test_abort_barrier_when_exception_then_resetting
    @Test
    void test_abort_barrier_when_exception_then_resetting() {
        runTest(() -> {
            var barrier1 = new Barrier(n);
            var barrier2 = new Barrier(n);
            List<Boolean> results1 = new ArrayList<>();
            List<Boolean> results2 = new ArrayList<>();
            List<Boolean> results3 = new ArrayList<>();
            gatherTasks(n, () -> {
                try {
                    int i = barrier1.await();
                    if (i == n / 2) {
                        throw new ArithmeticException("RuntimeError");
                    }
                    barrier1.await();
                    results1.add(true);
                } catch (BrokenBarrierError e) {
                    results2.add(true);
                } catch (ArithmeticException e) {
                    barrier1.abort();
                }
                // Synchronize and reset the barrier. Must synchronize first so that everyone
                // has left it when we reset, and after so that no one enters it before the reset.
                int i = barrier2.await();
                if (i == n / 2) {
                    barrier1.reset();
                }
                barrier2.await();
                barrier1.await();
                results3.add(true);
            });
            assertFalse(barrier1.broken());
            assertEquals(List.of(), results1);
            assertEquals(trues(n - 1), results2);
            assertEquals(trues(n), results3);
            assertEquals(0, barrier1.nWaiting());
        });
    }

    // Not in CPython's tests: a BrokenBarrierError is asyncio's RuntimeError, here IllegalStateException.
    @Test
    void brokenBarrierErrorIsARuntimeError() {
        runTest(() -> {
            var barrier = new Barrier(2);
            barrier.abort();
            var e = assertThrows(IllegalStateException.class, barrier::await);
            assertInstanceOf(BrokenBarrierError.class, e);
            assertEquals("Barrier aborted", e.getMessage());
        });
    }

    // Not in CPython's tests: inside a timeout() block that expires, the waiter leaves the barrier as when cancelled.
    @Test
    void aTimedOutWaiterLeavesTheBarrier() {
        runTest(() -> {
            var barrier = new Barrier(2);
            assertThrows(TimeoutError.class, () -> {
                try (var t = timeout(1)) {
                    barrier.await();
                }
            });
            assertEquals(0, barrier.nWaiting());
            assertEquals("<Barrier [filling, waiters:0/2]>", barrier.toString());
            var other = createTask(barrier::await);
            sleep(0);
            assertEquals(1, barrier.nWaiting());
            assertEquals(1, barrier.await());
            assertEquals(0, await(other));
        });
    }
}
