package aio;

import static aio.Aio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link Semaphore} and {@link BoundedSemaphore}: the cases of CPython's test_locks.py SemaphoreTests. */
@SuppressWarnings("try") // try (var held = sem.hold()) never reads held: that is the idiom
class SemaphoreTest {

    private static void runTest(VoidCoro body) {
        Aio.run(body, Options.virtual());
    }

    /** The c1..c4 of several cases: acquire, record n. */
    private static Coro<Boolean> acquireAndRecord(Semaphore sem, List<Integer> result, int n) {
        return () -> {
            sem.acquire();
            result.add(n);
            return true;
        };
    }

    // test_locks.py: SemaphoreTests.test_initial_value_zero
    @Test
    void initialValueZeroIsLocked() {
        assertTrue(new Semaphore(0).locked());
    }

    // test_locks.py: SemaphoreTests.test_repr
    @Test
    void reprShowsValueAndWaiters() {
        runTest(() -> {
            var sem = new Semaphore();
            assertEquals("<Semaphore [unlocked, value:1]>", sem.toString());
            sem.acquire();
            assertEquals("<Semaphore [locked]>", sem.toString());
            createTask(() -> sem.acquire());
            createTask(() -> sem.acquire());
            sleep(0);
            assertEquals("<Semaphore [locked, waiters:2]>", sem.toString());
            assertEquals("<BoundedSemaphore [unlocked, value:2]>", new BoundedSemaphore(2).toString());
        });
    }

    // test_locks.py: SemaphoreTests.test_semaphore, test_semaphore_value
    @Test
    void defaultValueIsOneAndNegativeIsRefused() {
        var sem = new Semaphore();
        assertEquals(1, sem.value);
        assertFalse(sem.locked());
        var e = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertEquals("Semaphore initial value must be >= 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
    }

    // test_locks.py: SemaphoreTests.test_acquire
    @Test
    void acquireCountsDownAndWaitersRace() {
        runTest(() -> {
            var sem = new Semaphore(3);
            List<Integer> result = new ArrayList<>();
            assertTrue(sem.acquire()); // asyncio's acquire() returns True
            assertTrue(sem.acquire());
            assertFalse(sem.locked());

            var t1 = createTask(acquireAndRecord(sem, result, 1));
            var t2 = createTask(acquireAndRecord(sem, result, 2));
            var t3 = createTask(acquireAndRecord(sem, result, 3));

            sleep(0);
            assertEquals(List.of(1), result);
            assertTrue(sem.locked());
            assertEquals(2, sem.waiters.size());
            assertEquals(0, sem.value);

            var t4 = createTask(acquireAndRecord(sem, result, 4));

            sem.release();
            sem.release();
            assertEquals(0, sem.value); // each release handed its unit to a waiter

            sleep(0);
            assertEquals(0, sem.value);
            assertEquals(3, result.size());
            assertTrue(sem.locked());
            assertEquals(1, sem.waiters.size());
            assertEquals(0, sem.value);

            assertTrue(t1.done());
            assertTrue(t1.result());
            List<Task<Boolean>> raceTasks = List.of(t2, t3, t4);
            long done = raceTasks.stream().filter(t -> t.done() && t.result()).count();
            assertEquals(2, done);

            sem.release(); // clean up the locked semaphore
            await(gather(raceTasks));
        });
    }

    // test_locks.py: SemaphoreTests.test_acquire_cancel
    @Test
    void cancelledAcquireLeavesNoPendingWaiter() {
        runTest(() -> {
            var sem = new Semaphore();
            sem.acquire();
            var acquire = createTask(() -> sem.acquire());
            getRunningLoop().callSoon(() -> acquire.cancel());
            assertThrows(CancelledError.class, () -> await(acquire));
            assertTrue(sem.waiters == null || sem.waiters.stream().allMatch(Future::done));
            assertEquals(0, sem.value);
        });
    }

    // test_locks.py: SemaphoreTests.test_acquire_cancel_before_awoken
    @Test
    void waitersCancelledBeforeTheReleaseAreSkipped() {
        runTest(() -> {
            var sem = new Semaphore(0);
            var t1 = createTask(() -> sem.acquire());
            var t2 = createTask(() -> sem.acquire());
            var t3 = createTask(() -> sem.acquire());
            var t4 = createTask(() -> sem.acquire());
            sleep(0);

            t1.cancel();
            t2.cancel();
            sem.release();

            sleep(0);
            sleep(0);
            assertEquals(1, (t3.done() ? 1 : 0) + (t4.done() ? 1 : 0));
            assertTrue(t3.done());
            assertFalse(t4.done());

            t3.cancel();
            t4.cancel();
            sleep(0);
            assertTrue(t4.cancelled());
        });
    }

    // test_locks.py: SemaphoreTests.test_acquire_hang
    @Test
    void releaseAfterACancelStillWakesTheNext() {
        runTest(() -> {
            var sem = new Semaphore(0);
            var t1 = createTask(() -> sem.acquire());
            var t2 = createTask(() -> sem.acquire());
            sleep(0);

            t1.cancel();
            sem.release();
            sleep(0);
            sleep(0);
            assertTrue(sem.locked());
            assertTrue(t2.done());
        });
    }

    // test_locks.py: SemaphoreTests.test_acquire_no_hang
    @Test
    void waiterCancelledAfterBeingWokenGivesTheUnitBack() {
        runTest(() -> {
            var sem = new Semaphore(1);
            List<Task<Void>> t2 = new ArrayList<>();
            var t1 = createTask(() -> {
                try (var held = sem.hold()) {
                    sleep(0);
                }
                t2.get(0).cancel(); // woken by our release, and now cancelled
            });
            t2.add(createTask(() -> {
                try (var held = sem.hold()) {
                    fail("t2 must not get the semaphore");
                }
            }));
            var results = await(gather(List.of(t1, t2.get(0)), true));
            assertNull(results.get(0));
            assertInstanceOf(CancelledError.class, results.get(1));

            waitFor(() -> sem.acquire(), 1.0); // the unit t2 was handed is back
            assertEquals(0.0, time());
        });
    }

    // test_locks.py: SemaphoreTests.test_release_not_acquired
    @Test
    void boundedSemaphoreRefusesToGoAboveItsValue() {
        var sem = new BoundedSemaphore();
        var e = assertThrows(IllegalStateException.class, sem::release);
        assertEquals("BoundedSemaphore released too many times", e.getMessage());

        runTest(() -> {
            var two = new BoundedSemaphore(2);
            two.acquire();
            two.acquire();
            two.release();
            two.release();
            assertThrows(IllegalStateException.class, two::release);
            assertEquals(2, two.value);
            try (var held = two.hold()) {
                assertEquals(1, two.value);
            }
            assertEquals(2, two.value);
            assertThrows(IllegalStateException.class, two::release);
        });
        assertThrows(IllegalStateException.class, new BoundedSemaphore(0)::release);
    }

    // test_locks.py: SemaphoreTests.test_release_no_waiters
    @Test
    void releaseWithoutWaitersUnlocks() {
        runTest(() -> {
            var sem = new Semaphore();
            sem.acquire();
            assertTrue(sem.locked());
            sem.release();
            assertFalse(sem.locked());
            sem.release(); // a plain Semaphore may go above its initial value
            assertEquals(2, sem.value);
        });
    }

    // test_locks.py: SemaphoreTests.test_acquire_fifo_order
    @Test
    void tasksTakeTurnsInFifoOrder() {
        runTest(() -> {
            var sem = new Semaphore(1);
            List<String> result = new ArrayList<>();
            try (var tg = new TaskGroup()) {
                for (String tag : List.of("c1", "c2", "c3")) {
                    tg.createTask(() -> {
                        sem.acquire();
                        result.add(tag + "_1");
                        sleep(0.01);
                        sem.release();

                        sem.acquire();
                        result.add(tag + "_2");
                        sleep(0.01);
                        sem.release();
                    });
                }
            }
            assertEquals(List.of("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"), result);
        });
    }

    // test_locks.py: SemaphoreTests.test_acquire_fifo_order_2
    @Test
    void releaseAndReacquireGoesBehindTheWaiters() {
        runTest(() -> {
            var sem = new Semaphore(1);
            List<Integer> result = new ArrayList<>();
            var t1 = createTask(acquireAndRecord(sem, result, 1));
            var t2 = createTask(() -> {
                sem.acquire();
                result.add(2);
                sem.release();
                sem.acquire();
                result.add(4);
                return true;
            });
            var t3 = createTask(acquireAndRecord(sem, result, 3));
            sleep(0);

            sem.release();
            sem.release();

            await(gather(t1, t2, t3));
            assertEquals(List.of(1, 2, 3, 4), result);
        });
    }

    // test_locks.py: SemaphoreTests.test_acquire_fifo_order_3
    @Test
    void cancelledWaiterKeepsTheOrderOfTheOthers() {
        runTest(() -> {
            var sem = new Semaphore(0);
            List<Integer> result = new ArrayList<>();
            var t1 = createTask(acquireAndRecord(sem, result, 1));
            var t2 = createTask(acquireAndRecord(sem, result, 2));
            var t3 = createTask(acquireAndRecord(sem, result, 3));
            sleep(0);

            t1.cancel();
            sleep(0);

            sem.release();
            sem.release();

            await(gather(List.of(t1, t2, t3), true));
            assertEquals(List.of(2, 3), result);
        });
    }

    // test_locks.py: SemaphoreTests.test_acquire_fifo_order_4
    @Test
    void successfulAcquireWakesEveryWaiterItCan() {
        runTest(() -> {
            var sem = new Semaphore(0);
            List<Integer> result = new ArrayList<>();
            List<Task<Boolean>> t4 = new ArrayList<>();
            Coro<Boolean> c4 = () -> {
                result.add(4);
                return true;
            };
            var t1 = createTask(() -> {
                // Waits at once; c2 wakes it up.
                assertEquals(0, sem.value);
                sem.acquire();
                // It has woken up every waiting task it could.
                assertEquals(0, sem.value);
                // A fourth task: it should run after c3, not c2.
                t4.add(createTask(c4));
                result.add(1);
                return true;
            });
            var t2 = createTask(() -> {
                // Release three times: for c1, c2 and c3.
                sem.release();
                sem.release();
                sem.release();
                assertEquals(2, sem.value);
                // Locked, because c1 has not woken up yet.
                assertTrue(sem.locked());
                sem.acquire();
                result.add(2);
                return true;
            });
            var t3 = createTask(() -> {
                sem.acquire();
                assertTrue(sem.locked());
                result.add(3);
                return true;
            });

            sleep(0);
            // Three tasks are in the queue, the first has not woken up yet.
            assertEquals(2, sem.value);
            assertEquals(3, sem.waiters.size());
            sleep(0);

            await(gather(t1, t2, t3, t4.get(0)));
            assertEquals(List.of(1, 2, 3, 4), result);
        });
    }

    // Not in CPython: a semaphore limits concurrency to its value.
    @Test
    void atMostValueTasksInsideAtOnce() {
        runTest(() -> {
            var sem = new Semaphore(3);
            int[] inside = {0};
            int[] most = {0};
            List<Integer> entered = new ArrayList<>();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int id = i;
                tasks.add(createTask(() -> {
                    try (var held = sem.hold()) {
                        entered.add(id);
                        inside[0]++;
                        most[0] = Math.max(most[0], inside[0]);
                        sleep(1);
                        inside[0]--;
                    }
                }));
            }
            await(gather(tasks));
            assertEquals(3, most[0]);
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), entered); // FIFO
            assertEquals(4.0, time()); // 10 tasks, 3 at a time, 1 s each: 4 rounds
            assertEquals(3, sem.value);
        });
    }

    // Not in CPython: a waiter woken by release() whose timeout() block expires at the same
    // moment (the expiry arrives as TimeoutError, see LoopBound) gives its unit to the next.
    @Test
    void waiterWokenThenTimedOutPassesTheUnitOn() {
        runTest(() -> {
            var sem = new Semaphore(0);
            Timeout[] deadline = {null};
            var a = createTask(() -> {
                try (var t = timeout(10)) {
                    deadline[0] = t;
                    sem.acquire();
                }
            });
            var b = createTask(() -> sem.acquire());
            sleep(0);

            deadline[0].reschedule(getRunningLoop().time()); // expires first ...
            sem.release();                                    // ... then a is handed the unit

            assertThrows(TimeoutError.class, () -> await(a));
            await(b);
            assertEquals(0, sem.value);
            assertTrue(sem.waiters.isEmpty());
            sem.release();
            assertEquals(1, sem.value);
        });
    }
}
