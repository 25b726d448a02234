package aio;

import static aio.Aio.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link Lock}: the cases of CPython's test_locks.py LockTests, plus the lost-update race. */
@SuppressWarnings("try") // try (var held = lock.hold()) never reads held: that is the idiom
class LockTest {

    private static void runTest(VoidCoro body) {
        Aio.run(body, Options.virtual());
    }

    // test_locks.py: LockTests.test_repr
    @Test
    void reprShowsStateAndWaiters() {
        runTest(() -> {
            var lock = new Lock();
            assertEquals("<Lock [unlocked]>", lock.toString());
            lock.acquire();
            assertEquals("<Lock [locked]>", lock.toString());
            createTask(() -> lock.acquire());
            sleep(0);
            assertEquals("<Lock [locked, waiters:1]>", lock.toString());
        });
    }

    // test_locks.py: LockTests.test_acquire ("self.assertTrue(await lock.acquire())", and the
    // waiters' "if await lock.acquire(): result.append(n)"): locks.py Lock.acquire returns True.
    @Test
    void acquireServesWaitersInOrder() {
        runTest(() -> {
            var lock = new Lock();
            List<Integer> result = new ArrayList<>();
            assertTrue(lock.acquire());
            var t1 = createTask(() -> { if (lock.acquire()) { result.add(1); } return true; });
            var t2 = createTask(() -> { if (lock.acquire()) { result.add(2); } return true; });

            sleep(0);
            assertEquals(List.of(), result);

            lock.release();
            sleep(0);
            assertEquals(List.of(1), result);

            sleep(0);
            assertEquals(List.of(1), result);

            var t3 = createTask(() -> { if (lock.acquire()) { result.add(3); } return true; });

            lock.release();
            sleep(0);
            assertEquals(List.of(1, 2), result);

            lock.release();
            sleep(0);
            assertEquals(List.of(1, 2, 3), result);

            for (var t : List.of(t1, t2, t3)) {
                assertTrue(t.done());
                assertTrue(t.result());
            }
        });
    }

    // test_locks.py: LockTests.test_acquire_cancel
    @Test
    void cancelledAcquireLeavesNoWaiter() {
        runTest(() -> {
            var lock = new Lock();
            lock.acquire();
            var task = createTask(() -> lock.acquire());
            getRunningLoop().callSoon(() -> task.cancel());
            assertThrows(CancelledError.class, () -> await(task));
            assertTrue(lock.waiters.isEmpty());
            assertTrue(lock.locked());
        });
    }

    /** test_cancel_race's lockit(name, blocker): take the lock, await blocker, release. */
    private static VoidCoro lockit(Lock lock, Future<?> blocker) {
        return () -> {
            lock.acquire();
            try {
                if (blocker != null) {
                    await(blocker);
                }
            } finally {
                lock.release();
            }
        };
    }

    // test_locks.py: LockTests.test_cancel_race
    @Test
    void releaseSkipsAWaiterCancelledAtTheSameTime() {
        runTest(() -> {
            // A has the lock, B and C are waiting. Then, together: B is cancelled, A releases.
            // A's release must not hand the lock to B's cancelled waiter but move on to C.
            var lock = new Lock();
            var fa = getRunningLoop().createFuture();
            var ta = createTask(lockit(lock, fa));
            sleep(0);
            assertTrue(lock.locked());
            var tb = createTask(lockit(lock, null));
            sleep(0);
            assertEquals(1, lock.waiters.size());
            var tc = createTask(lockit(lock, null));
            sleep(0);
            assertEquals(2, lock.waiters.size());

            fa.setResult(null);
            tb.cancel();
            assertTrue(lock.waiters.peekFirst().cancelled());
            sleep(0);
            assertFalse(lock.locked());
            assertTrue(ta.done());
            assertTrue(tb.cancelled());
            await(tc);
            assertFalse(lock.locked());
        });
    }

    // test_locks.py: LockTests.test_cancel_release_race (bpo-32734)
    @Test
    void cancelThenReleaseLetsExactlyOneTaskIn() {
        runTest(() -> {
            var lock = new Lock();
            int[] lockCount = {0};
            int[] callCount = {0};
            VoidCoro lockit = () -> {
                callCount[0]++;
                lock.acquire();
                lockCount[0]++;
            };
            lock.acquire();
            var t1 = createTask(lockit);
            var t2 = createTask(lockit);
            var t3 = createTask(lockit);
            sleep(0); // start the tasks

            getRunningLoop().callSoon(() -> {
                t1.cancel();
                lock.release();
            });
            assertThrows(CancelledError.class, () -> await(t1));

            assertEquals(1, lockCount[0], "only one task may take the lock");
            assertEquals(3, callCount[0]);
            assertTrue(t1.cancelled() && t2.done());

            t3.cancel(); // it is stuck in acquire()
            sleep(0);
            assertTrue(t3.cancelled());
        });
    }

    // test_locks.py: LockTests.test_finished_waiter_cancelled
    @Test
    void aWaiterCancelledBeforeReleaseDoesNotBlockTheNext() {
        runTest(() -> {
            var lock = new Lock();
            lock.acquire();
            assertTrue(lock.locked());
            var tb = createTask(() -> lock.acquire());
            sleep(0);
            assertEquals(1, lock.waiters.size());

            // A second waiter arrives, the first is cancelled, the lock is released.
            var tc = createTask(() -> lock.acquire());
            tb.cancel();
            lock.release();
            sleep(0);

            assertTrue(lock.locked());
            assertTrue(tb.cancelled());
            await(tc);
            assertTrue(tc.done() && !tc.cancelled());
        });
    }

    // test_locks.py: LockTests.test_release_not_acquired
    @Test
    void releasingAnUnlockedLockRaises() {
        var lock = new Lock(); // no loop needed: a lock binds to one only when a task waits
        var e = assertThrows(IllegalStateException.class, lock::release);
        assertEquals("Lock is not acquired.", e.getMessage());
    }

    // test_locks.py: LockTests.test_release_no_waiters
    @Test
    void releaseWithoutWaitersUnlocks() {
        runTest(() -> {
            var lock = new Lock();
            lock.acquire();
            assertTrue(lock.locked());
            lock.release();
            assertFalse(lock.locked());
        });
    }

    // test_locks.py: LockTests.test_context_manager
    @Test
    void holdReleasesAtTheEndOfTheBlock() {
        runTest(() -> {
            var lock = new Lock();
            assertFalse(lock.locked());
            try (var held = lock.hold()) {
                assertTrue(lock.locked());
            }
            assertFalse(lock.locked());

            // ... also when the block throws; and a second close() releases nothing.
            var held = lock.hold();
            assertThrows(ArithmeticException.class, () -> {
                try (held) {
                    throw new ArithmeticException("boom");
                }
            });
            assertFalse(lock.locked());
            held.close();
            assertFalse(lock.locked());
        });
    }

    // Not in CPython: FIFO fairness seen from the tasks. A task that releases and at once asks
    // again goes behind those already waiting, so the lock goes round robin.
    @Test
    void lockIsFairFirstComeFirstServed() {
        runTest(() -> {
            var lock = new Lock();
            List<String> order = new ArrayList<>();
            List<Task<Void>> tasks = new ArrayList<>();
            for (String name : List.of("A", "B", "C", "D", "E")) {
                tasks.add(createTask(() -> {
                    for (int round = 0; round < 2; round++) {
                        try (var held = lock.hold()) {
                            order.add(name);
                            sleep(0);
                        }
                    }
                }));
            }
            await(gather(tasks));
            assertEquals(List.of("A", "B", "C", "D", "E", "A", "B", "C", "D", "E"), order);
        });
    }

    // Not in CPython: the same race as test_cancel_release_race, with the cancellation coming
    // from a timeout() block (so it arrives as TimeoutError, see LoopBound). The lock was
    // already handed to the waiter when the deadline passed: it must go on to the next one.
    @Test
    void waiterWokenThenTimedOutPassesTheLockOn() {
        runTest(() -> {
            var lock = new Lock();
            lock.acquire();
            Timeout[] deadline = {null};
            var a = createTask(() -> {
                try (var t = timeout(10)) {
                    deadline[0] = t;
                    lock.acquire();
                }
                return "acquired";
            });
            var b = createTask(() -> {
                try (var held = lock.hold()) {
                    return "b acquired";
                }
            });
            sleep(0);
            assertEquals(2, lock.waiters.size());

            // The deadline expires (its callback runs first), then the lock is handed to a.
            deadline[0].reschedule(getRunningLoop().time());
            lock.release();

            assertThrows(TimeoutError.class, () -> await(a));
            assertEquals("b acquired", await(b));
            assertFalse(lock.locked());
            assertTrue(lock.waiters.isEmpty());
        });
    }

    // Not in CPython, the race of the tutorial's synchronisation lesson: tasks that read a
    // shared counter, let others run (sleep(0)), then write counter + 1, lose updates.
    @Test
    void lockPreventsLostUpdates() {
        int n = 10;
        int withoutLock = Aio.run(() -> {
            int[] counter = {0};
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                tasks.add(createTask(() -> {
                    int seen = counter[0];
                    sleep(0);
                    counter[0] = seen + 1;
                }));
            }
            await(gather(tasks));
            return counter[0];
        }, Options.virtual());
        // Every task read 0 before any wrote: all but one update are lost.
        assertEquals(1, withoutLock);

        int withLock = Aio.run(() -> {
            int[] counter = {0};
            var lock = new Lock();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                tasks.add(createTask(() -> {
                    try (var held = lock.hold()) {
                        int seen = counter[0];
                        sleep(0);
                        counter[0] = seen + 1;
                    }
                }));
            }
            await(gather(tasks));
            return counter[0];
        }, Options.virtual());
        assertEquals(n, withLock);
    }

    // mixins.py: _LoopBoundMixin (test_locks.py: ConditionTests.test_ambiguous_loops covers it
    // through a Condition): waiting on a lock from a second loop is refused.
    @Test
    void lockBoundToOneLoopRefusesAnother() {
        var lock = new Lock();
        runTest(() -> {
            lock.acquire();
            var t = createTask(() -> lock.acquire()); // contended: binds the lock to this loop
            sleep(0);
            lock.release();
            await(t);
            lock.release();
        });
        runTest(() -> {
            lock.acquire(); // the fast path needs no loop
            var e = assertThrows(IllegalStateException.class, lock::acquire);
            assertTrue(e.getMessage().endsWith("is bound to a different event loop"), e.getMessage());
            assertTrue(lock.waiters.isEmpty());
            lock.release();
        });
    }

    // mixins.py: _LoopBoundMixin._get_loop outside a loop (CPython fails with AttributeError on
    // None; here the message says what is wrong).
    @Test
    void waitingOutsideALoopRaisesClearly() {
        var lock = new Lock();
        lock.acquire(); // uncontended: works anywhere, like asyncio
        var e = assertThrows(IllegalStateException.class, lock::acquire);
        assertTrue(e.getMessage().contains("must be used inside a running event loop"), e.getMessage());
    }
}
