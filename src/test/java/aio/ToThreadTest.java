package aio;

import static aio.Aio.await;
import static aio.Aio.createTask;
import static aio.Aio.gather;
import static aio.Aio.getRunningLoop;
import static aio.Aio.run;
import static aio.Aio.runInExecutor;
import static aio.Aio.sleep;
import static aio.Aio.time;
import static aio.Aio.toThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Aio#toThread} and {@link Aio#runInExecutor}: ports of CPython's test_threads.py, and the virtual clock. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ToThreadTest {

    // test_threads.py: test_to_thread
    @Test
    void returnsTheResult() {
        int sum = run(() -> toThread(() -> List.of(40, 2).stream().mapToInt(Integer::intValue).sum()), Options.virtual());
        assertEquals(42, sum);
    }

    // test_threads.py: test_to_thread_once
    @Test
    void callsTheFunctionOnce() {
        AtomicInteger calls = new AtomicInteger();
        run(() -> toThread(() -> {
            calls.incrementAndGet();
        }), Options.virtual());
        assertEquals(1, calls.get());
    }

    // test_threads.py: test_to_thread_concurrent
    @Test
    void concurrentCallsAllRun() {
        AtomicInteger calls = new AtomicInteger();
        List<Object> results = run(() -> {
            List<Coro<Integer>> coros = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                coros.add(() -> toThread(calls::incrementAndGet));
            }
            return new ArrayList<Object>(await(gather(coros)));
        }, Options.virtual());
        assertEquals(10, calls.get());
        assertEquals(10, results.size());
    }

    // test_threads.py: test_to_thread_exception (with a checked exception, rethrown unchanged)
    @Test
    void rethrowsTheExceptionUnchanged() {
        IOException boom = new IOException("test");
        AtomicReference<Throwable> caught = new AtomicReference<>();
        run(() -> {
            try {
                toThread(() -> {
                    throw boom;
                });
            } catch (Throwable e) {
                caught.set(e);
            }
        }, Options.virtual());
        assertSame(boom, caught.get());
    }

    @Test
    void runsOffTheLoopThreadOnAVirtualThread() {
        AtomicReference<Thread> loopThread = new AtomicReference<>();
        Thread worker = run(() -> {
            loopThread.set(Thread.currentThread());
            return toThread(Thread::currentThread);
        }, Options.virtual());
        assertNotSame(loopThread.get(), worker);
        assertTrue(worker.isVirtual(), worker.toString());
        assertTrue(worker.getName().startsWith("aio-to-thread-"), worker.getName());
    }

    @Test
    void mustBeCalledInsideATask() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> toThread(() -> 1));
        assertTrue(e.getMessage().contains("toThread() must be called inside a task"), e.getMessage());
    }

    /**
     * Cancelling the awaiting task cancels the wait, not the thread (asyncio: the executor's
     * thread runs on); the late result is dropped without any error report.
     */
    @Test
    void cancellingTheTaskCancelsTheWaitNotTheThread() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        List<ErrorContext> reports = Collections.synchronizedList(new ArrayList<>());
        List<String> log = run(() -> {
            getRunningLoop().setExceptionHandler((loop, ctx) -> reports.add(ctx));
            List<String> events = new ArrayList<>();
            Task<Integer> t = createTask(() -> toThread(() -> {
                started.countDown();
                try {
                    release.await();
                    return 1;
                } finally {
                    finished.countDown();
                }
            }));
            toThread(() -> started.await());
            t.cancel();
            try {
                await(t);
            } catch (CancelledError e) {
                events.add("task cancelled");
            }
            events.add("thread still running: " + (finished.getCount() == 1));
            release.countDown();
            toThread(() -> finished.await());
            // The virtual clock cannot jump while the first thread's delivery is pending, so
            // this returns only after the loop has received (and dropped) its result.
            sleep(1);
            events.add("task: " + t.stateWord());
            return events;
        }, Options.virtual());
        assertEquals(List.of("task cancelled", "thread still running: true", "task: cancelled"), log);
        assertEquals(List.of(), reports);
    }

    /**
     * The virtual clock must not jump past a pending thread: loop time stands still while the
     * thread works (200 ms of real time), so its result arrives at time 0, and a task sleeping
     * 3600 virtual seconds ends only after it. Then the clock jumps as usual (no leaked wait).
     */
    @Test
    void virtualClockDoesNotJumpPastAPendingThread() {
        List<String> log = run(() -> {
            List<String> events = new ArrayList<>();
            Task<Void> sleeper = createTask(() -> {
                sleep(3600);
                events.add("slept until " + time());
            });
            String r = toThread(() -> {
                Thread.sleep(200);
                return "thread result";
            });
            events.add(r + " at " + time());
            await(sleeper);
            return events;
        }, Options.virtual());
        assertEquals(List.of("thread result at 0.0", "slept until 3600.0"), log);
    }

    /**
     * The lesson: blocking the loop with Thread.sleep stops every other task until it returns;
     * the same wait in toThread lets them run. The blocking version logs nothing in between;
     * the toThread version's thread waits until the ticker has ticked three times, which only
     * happens if the loop keeps running meanwhile.
     */
    @Test
    void blockingTheLoopStopsOtherTasksButToThreadDoesNot() {
        List<String> blocking = run(() -> {
            List<String> events = new ArrayList<>();
            Task<Void> ticker = createTask(() -> ticker(events, null));
            events.add("work start");
            Thread.sleep(200); // blocks the loop thread: the ticker cannot run
            events.add("work end");
            sleep(0.05);
            ticker.cancel();
            return events;
        });
        int start = blocking.indexOf("work start");
        assertEquals("work end", blocking.get(start + 1), blocking.toString());
        assertTrue(blocking.subList(start + 2, blocking.size()).contains("tick"), blocking.toString());

        List<String> offLoop = run(() -> {
            List<String> events = new ArrayList<>();
            CountDownLatch threeTicks = new CountDownLatch(3);
            Task<Void> ticker = createTask(() -> ticker(events, threeTicks));
            events.add("work start");
            toThread(() -> {
                threeTicks.await(); // returns only because the loop keeps running the ticker
                Thread.sleep(50);
            });
            events.add("work end");
            ticker.cancel();
            return events;
        });
        List<String> between = offLoop.subList(offLoop.indexOf("work start") + 1, offLoop.indexOf("work end"));
        assertTrue(between.size() >= 3 && between.stream().allMatch("tick"::equals), offLoop.toString());
    }

    private static void ticker(List<String> events, CountDownLatch ticks) {
        while (true) {
            events.add("tick");
            if (ticks != null) {
                ticks.countDown();
            }
            sleep(0.01);
        }
    }

    @Test
    void loopKeepsRunningOtherTasksWhileThreadsWork() {
        // Two threads that each wait for the other's signal, through the loop: only possible if
        // both are awaited concurrently.
        String r = run(() -> {
            CountDownLatch a = new CountDownLatch(1);
            CountDownLatch b = new CountDownLatch(1);
            Future<List<String>> both = gather(
                    () -> toThread(() -> {
                        a.countDown();
                        b.await();
                        return "a";
                    }),
                    () -> toThread(() -> {
                        b.countDown();
                        a.await();
                        return "b";
                    }));
            return String.join("", await(both));
        }, Options.virtual());
        assertEquals("ab", r);
    }

    @Test
    void runInExecutorReturnsAFutureAtOnce() {
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "test-pool"));
        try {
            List<String> r = run(() -> {
                Future<String> f1 = runInExecutor(pool, () -> Thread.currentThread().getName());
                Future<String> f2 = runInExecutor(null, () -> "virtual:" + Thread.currentThread().isVirtual());
                assertFalse(f1.done());
                return await(gather(f1, f2));
            }, Options.virtual());
            assertEquals(List.of("test-pool", "virtual:true"), r);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectedWorkRaisesAndLeavesNoPendingWait() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.shutdown();
        double t = run(() -> {
            assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> runInExecutor(pool, () -> 1));
            sleep(10); // would never end if the rejected call had left an external wait behind
            return time();
        }, Options.virtual());
        assertEquals(10.0, t);
    }

    @Test
    void aCancelledErrorFromTheWorkCancelsTheAwait() {
        String r = run(() -> {
            try {
                toThread(() -> {
                    throw new CancelledError("from the thread");
                });
                return "no error";
            } catch (CancelledError e) {
                return "CancelledError: " + e.getMessage();
            }
        }, Options.virtual());
        assertEquals("CancelledError: from the thread", r);
    }

    // futures.py _copy_future_state (wrap_future, behind run_in_executor and to_thread): an
    // exception of the work, a CancelledError too, is passed on with dest.set_exception(), so in
    // CPython 3.13 loop.run_in_executor(None, work) for a work raising CancelledError('from
    // thread') gives a future that is done, not cancelled, whose exception() is that error.
    @Test
    void aCancelledErrorFromTheWorkIsTheFuturesException() {
        CancelledError raised = new CancelledError("from the thread");
        Future<?> f = run(() -> {
            Future<Object> g = runInExecutor(null, () -> {
                throw raised;
            });
            assertSame(raised, assertThrows(CancelledError.class, () -> await(g)));
            return g;
        }, Options.virtual());
        assertFalse(f.cancelled());
        assertSame(raised, f.exception());
    }
}
