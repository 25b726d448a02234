package aio;

import static aio.Aio.currentTask;
import static aio.Aio.sleep;
import static aio.Aio.toThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link BackgroundLoop}: ports of CPython's RunCoroutineThreadsafeTests (test_tasks.py), and
 * the loop's life cycle: close, thread leaks, many submitting threads.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BackgroundLoopTest {

    // test_tasks.py: test_run_coroutine_threadsafe
    @Test
    void submitReturnsTheResult() throws Exception {
        try (var bg = new BackgroundLoop()) {
            CompletableFuture<String> f = bg.submit(() -> {
                sleep(0.01);
                return Thread.currentThread().getName() + " " + currentTask().getName();
            }, "adder");
            assertEquals("aio-loop adder", f.get());
        }
    }

    // test_tasks.py: test_run_coroutine_threadsafe_with_exception
    @Test
    void submitPassesTheExceptionUnchanged() {
        IOException boom = new IOException("Fail!");
        try (var bg = new BackgroundLoop()) {
            CompletableFuture<Object> f = bg.submit(() -> {
                throw boom;
            });
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertSame(boom, e.getCause());
        }
    }

    // test_tasks.py: RunCoroutineThreadsafeTests.test_run_coroutine_threadsafe_task_factory_exception
    // (the task factory raises: the future gets that exception, and the loop's exception handler
    // hears of it once, as a failed callback)
    @Test
    void aFailingTaskFactoryFailsTheFutureAndIsReported() {
        List<ErrorContext> reports = Collections.synchronizedList(new ArrayList<>());
        IllegalStateException nameError = new IllegalStateException("NameError");
        try (var bg = new BackgroundLoop()) {
            bg.loop().callSoonThreadsafe(() -> {
                bg.loop().setExceptionHandler((loop, context) -> reports.add(context));
                bg.loop().setTaskFactory((loop, coro, name, context) -> {
                    throw nameError;
                });
            });
            CompletableFuture<Object> f = bg.submit(() -> "never");
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertSame(nameError, e.getCause());
            CompletableFuture<Void> after = new CompletableFuture<>();
            bg.loop().callSoonThreadsafe(() -> after.complete(null)); // runs after the failed callback was reported
            after.join();
        }
        assertEquals(1, reports.size(), reports.toString());
        assertSame(nameError, reports.get(0).exception());
    }

    // test_tasks.py: test_run_coroutine_threadsafe_with_timeout
    @Test
    void cancellingTheFutureCancelsTheTask() throws Exception {
        CountDownLatch cleanedUp = new CountDownLatch(1);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (var bg = new BackgroundLoop()) {
            CompletableFuture<Void> f = bg.submit(() -> {
                try {
                    sleep(3600);
                } catch (CancelledError e) {
                    seen.add("task got CancelledError");
                    throw e;
                } finally {
                    cleanedUp.countDown();
                }
            });
            assertThrows(TimeoutException.class, () -> f.get(50, TimeUnit.MILLISECONDS));
            assertTrue(f.cancel(true));
            assertTrue(cleanedUp.await(10, TimeUnit.SECONDS));
            // no task left pending on the loop
            assertEquals(0, (int) bg.call(() -> bg.loop().liveTaskCount()));
        }
        assertEquals(List.of("task got CancelledError"), seen);
    }

    // test_tasks.py: test_run_coroutine_threadsafe_task_cancelled
    @Test
    void aTaskCancelledOnTheLoopCancelsTheFuture() {
        try (var bg = new BackgroundLoop()) {
            CompletableFuture<Integer> f = bg.submit(() -> {
                currentTask().cancel();
                sleep(0);
                return 1;
            });
            assertThrows(CancellationException.class, f::join);
            assertTrue(f.isCancelled());
            // the future's own exception (join() wraps it) carries the task's CancelledError
            Throwable ex = f.handle((v, x) -> x).join();
            assertInstanceOf(CancellationException.class, ex);
            assertInstanceOf(CancelledError.class, ex.getCause());
        }
    }

    @Test
    void submitVoidCoroAndToThreadOnTheBackgroundLoop() throws Exception {
        try (var bg = new BackgroundLoop()) {
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> f = bg.submit(() -> {
                log.add(toThread(() -> "from " + (Thread.currentThread().isVirtual() ? "a virtual thread" : "?")));
            });
            assertEquals(null, f.get());
            assertEquals(List.of("from a virtual thread"), log);
        }
    }

    @Test
    void callRunsOnTheLoopThreadAndWaits() {
        try (var bg = new BackgroundLoop()) {
            List<String> where = new ArrayList<>();
            bg.call(() -> {
                where.add(Thread.currentThread().getName());
            });
            assertEquals(List.of("aio-loop"), where); // visible here: call() waited for it
            assertEquals("running", bg.call(() -> bg.loop().isRunning() ? "running" : "stopped"));
            IOException boom = new IOException("in callback");
            Exception e = assertThrows(Exception.class, () -> bg.call(() -> {
                throw boom;
            }));
            assertSame(boom, e);
            // from the loop thread itself, call() runs the callback at once instead of deadlocking
            assertEquals("nested", bg.call(() -> bg.call(() -> "nested")));
        }
    }

    @Test
    void closeCancelsRemainingTasksAndLetsThemFinish() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch started = new CountDownLatch(1);
        var bg = new BackgroundLoop();
        CompletableFuture<String> forever = bg.submit(() -> {
            try {
                started.countDown();
                sleep(3600);
                return "never";
            } finally {
                sleep(0.01); // cleanup that itself awaits: close() lets it run
                log.add("cleaned up");
            }
        });
        started.await();
        bg.close();
        assertEquals(List.of("cleaned up"), log);
        assertTrue(forever.isCancelled());
        assertFalse(bg.thread().isAlive());
        assertTrue(bg.loop().isClosed());
        bg.close(); // idempotent
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> bg.submit(() -> 1));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(RejectedExecutionException.class, () -> bg.call(() -> {
        }));
    }

    @Test
    void aTaskThatSwallowsOneCancelStillCompletesItsFuture() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        var bg = new BackgroundLoop();
        CompletableFuture<String> stubborn = bg.submit(() -> {
            started.countDown();
            try {
                sleep(3600);
            } catch (CancelledError e) {
                sleep(0.01); // refuses the cancellation, finishes soon after
            }
            return "finished anyway";
        });
        started.await();
        bg.close();
        assertEquals("finished anyway", stubborn.get());
    }

    @Test
    void noThreadLeaksAfterClose() throws Exception {
        Set<Thread> baseline = platformThreads();
        for (int i = 0; i < 5; i++) {
            try (var bg = new BackgroundLoop()) {
                bg.submit(() -> sleep(3600));
                assertEquals(2, (int) bg.submit(() -> toThread(() -> 1 + 1)).get());
                assertTrue(bg.thread().isAlive());
                assertEquals("aio-loop", bg.thread().getName());
                assertTrue(bg.thread().isDaemon());
            }
        }
        Set<Thread> added = platformThreads();
        added.removeAll(baseline);
        // JDK pools shared by the whole JVM (virtual-thread carriers, the process reaper) may start
        // or linger because of other tests; they are not ours to stop.
        added.removeIf(t -> t.getName().startsWith("ForkJoinPool") || t.getName().startsWith("process reaper"));
        assertEquals(Set.of(), added.stream().map(Thread::getName).collect(Collectors.toSet()));
    }

    private static Set<Thread> platformThreads() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    @Test
    void manyThreadsSubmitConcurrently() throws Exception {
        int threads = 8;
        int perThread = 200;
        try (var bg = new BackgroundLoop()) {
            int[] counter = {0}; // touched only on the loop thread
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Integer>> futures = Collections.synchronizedList(new ArrayList<>());
            List<Thread> submitters = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        int id = base + i;
                        futures.add(bg.submit(() -> {
                            counter[0]++;
                            sleep(0);
                            return id;
                        }));
                    }
                }, "submitter-" + t);
                th.start();
                submitters.add(th);
            }
            go.countDown();
            for (Thread th : submitters) {
                th.join();
            }
            Set<Integer> ids = new HashSet<>();
            for (CompletableFuture<Integer> f : futures) {
                ids.add(f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(threads * perThread, ids.size());
            assertEquals(threads * perThread, (int) bg.call(() -> counter[0]));
        }
    }

    @Test
    void closeFromTheLoopThreadIsRefused() throws Exception {
        var bg = new BackgroundLoop();
        try {
            CompletableFuture<Object> f = bg.submit(() -> {
                bg.close();
                return "closed";
            });
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertInstanceOf(IllegalStateException.class, e.getCause());
        } finally {
            bg.close();
        }
    }

    @Test
    void optionsDebugAndLogger() throws Exception {
        List<String> logged = Collections.synchronizedList(new ArrayList<>());
        try (var bg = new BackgroundLoop(Options.defaults().debug(true), logged::add)) {
            assertTrue(bg.loop().getDebug());
            bg.loop().callSoonThreadsafe(() -> {
                throw new IllegalStateException("boom in a callback");
            });
            bg.call(() -> {
            }); // queued after the failing callback: it has run by now
        }
        assertTrue(logged.stream().anyMatch(l -> l.contains("boom in a callback")), logged.toString());
        assertThrows(IllegalArgumentException.class, () -> new BackgroundLoop(Options.virtual()));
    }

    @Test // playback's loop: virtual time moves only while settle-submitted work runs
    void aVirtualLoopHoldsItsClockBetweenSettledSubmissions() throws Exception {
        try (BackgroundLoop bg = BackgroundLoop.virtual(Options.defaults(), null)) {
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            double t = bg.submitAndSettle(() -> {
                Aio.createTask(() -> {
                    seen.add("child started");
                    sleep(5); // waits past the end of the submission: time must not run on to it
                    seen.add("child woke");
                    return null;
                });
                sleep(2);
                return Aio.time();
            }, "first").get();
            assertEquals(2.0, t, 1e-9, "exactly the time slept, on the virtual clock");
            assertEquals(List.of("child started"), seen, "what could run had run when the future completed");
            Thread.sleep(50);
            assertEquals(2.0, bg.call(() -> bg.loop().time()), 1e-9, "between submissions the clock stands still");
            assertEquals(List.of("child started"), seen);
            double later = bg.submitAndSettle(() -> {
                sleep(4);
                return Aio.time();
            }, "second").get();
            assertEquals(6.0, later, 1e-9);
            assertEquals(List.of("child started", "child woke"), seen, "the child woke at 5, inside the second");
            assertThrows(IllegalArgumentException.class, () -> new BackgroundLoop(Options.virtual()));
        }
    }
}
