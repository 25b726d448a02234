package aio;

import static aio.Aio.await;
import static aio.Aio.createTask;
import static aio.Aio.run;
import static aio.Aio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * "Task exception was never retrieved": asyncio logs it when the task is garbage collected
 * (Future.__del__); aio reports it when the collector has found it unreachable, and when the loop
 * closes. Ported from test_base_events.py
 * test_default_exc_handler_coro and test_tasks.py test_exception_never_retrieved-style cases.
 */
class UnretrievedExceptionTest {

    // test_base_events.py: test_default_exc_handler_coro (".*exception was never retrieved")
    @Test
    void failedTaskNobodyLookedAtIsReportedOnceWhenTheLoopCloses() {
        LoopTestSupport.Captured c = LoopTestSupport.virtualLoop();
        RuntimeException boom = new RuntimeException("boom");
        Task<Object> t = c.loop.createTask(() -> {
            sleep(0.01);
            throw boom;
        }, "failing");
        c.loop.runUntilComplete(c.loop.createTask(() -> sleep(1, null)));
        assertTrue(t.done());
        assertEquals(List.of(), c.messages(), "nothing is reported while the loop lives");
        c.loop.close();
        c.loop.close();
        assertEquals(List.of("Task exception was never retrieved"), c.messages());
        assertSame(boom, c.errors.get(0).exception());
        assertSame(t, c.errors.get(0).future());
    }

    // test_futures.py: test_tb_logger_exception_unretrieved (reported once the future is collected,
    // while the loop still runs; asyncio's Future.__del__)
    @Test
    void aFailedTaskNobodyCanReachIsReportedWhileTheLoopRuns() throws Exception {
        LoopTestSupport.Captured c = LoopTestSupport.virtualLoop();
        c.loop.createTask(() -> {
            throw new IllegalStateException("lost");
        }, "lost one");
        c.loop.runUntilComplete(c.loop.createTask(() -> {
            sleep(0.1); // "lost one" fails meanwhile; nothing refers to it any more
            for (int i = 0; i < 200 && c.messages().isEmpty(); i++) {
                System.gc();
                Thread.sleep(10); // the JVM enqueues cleared references on a thread of its own
                sleep(0);
            }
            return null;
        }));
        assertEquals(List.of("Task exception was never retrieved"), c.messages(), "reported while the loop runs");
        ErrorContext report = c.errors.get(0);
        assertEquals(null, report.future(), "the task itself is gone");
        assertEquals("lost", report.exception().getMessage());
        assertEquals("<Task finished name='lost one' coro=<<lambda>() done, defined at UnretrievedExceptionTest.java>"
                + " exception=IllegalStateException('lost')>", report.futureRepr());
        assertTrue(report.describe().startsWith("Task exception was never retrieved\ntask: <Task finished name='lost one'"),
                report.describe());
        c.loop.close();
        assertEquals(1, c.messages().size(), "not again when the loop closes");
    }

    @Test
    void aFailedFutureStillReferencedIsNotReportedUntilTheLoopCloses() throws Exception {
        LoopTestSupport.Captured c = LoopTestSupport.virtualLoop();
        Future<Object> kept = c.loop.createFuture();
        kept.setException(new IllegalStateException("kept"));
        c.loop.runUntilComplete(c.loop.createTask(() -> {
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(10);
                sleep(0);
            }
            return null;
        }));
        assertEquals(List.of(), c.messages(), "still reachable: it may yet be retrieved");
        assertTrue(c.loop.hasUnretrievedExceptions(), "a failure nobody has retrieved is tracked");
        kept.exception();
        assertFalse(c.loop.hasUnretrievedExceptions(), "retrieved: nothing left to report");
        kept = c.loop.createFuture();
        kept.setException(new IllegalStateException("kept"));
        c.loop.close();
        assertEquals(List.of("Future exception was never retrieved"), c.messages());
        assertSame(kept, c.errors.get(0).future());
    }

    @Test
    void defaultHandlerLogsItWithTheTask() {
        EventLoop loop = Aio.newEventLoop(Options.virtual());
        List<String> log = new ArrayList<>();
        loop.setLogger(log::add);
        loop.createTask(() -> {
            throw new IllegalStateException("lost");
        }, "worker");
        loop.runUntilComplete(loop.createTask(() -> sleep(1, null)));
        loop.close();
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("Task exception was never retrieved\n"
                + "task: <Task finished name='worker' coro=<<lambda>() done, defined at UnretrievedExceptionTest.java> exception=IllegalStateException('lost')>\n"
                + "java.lang.IllegalStateException: lost"), log.get(0));
    }

    @Test
    void reportedThroughRunToo() {
        List<ErrorContext> reports = new ArrayList<>();
        run(() -> {
            Aio.getRunningLoop().setExceptionHandler((loop, ctx) -> reports.add(ctx));
            createTask(() -> {
                throw new IllegalArgumentException("nobody awaits me");
            });
            sleep(1);
        }, Options.virtual());
        assertEquals(1, reports.size());
        assertEquals("Task exception was never retrieved", reports.get(0).message());
        assertEquals("nobody awaits me", reports.get(0).exception().getMessage());
    }

    // test_futures.py: test_tb_logger_exception_retrieved / _result_retrieved, for tasks
    @Test
    void retrievingTheExceptionSuppressesTheReport() {
        List<ErrorContext> reports = new ArrayList<>();
        run(() -> {
            Aio.getRunningLoop().setExceptionHandler((loop, ctx) -> reports.add(ctx));
            Task<Object> viaResult = createTask(() -> {
                throw new RuntimeException("a");
            });
            Task<Object> viaException = createTask(() -> {
                throw new RuntimeException("b");
            });
            Task<Object> viaAwait = createTask(() -> {
                throw new RuntimeException("c");
            });
            sleep(1);
            assertThrows(RuntimeException.class, viaResult::result);
            assertEquals("b", viaException.exception().getMessage());
            try {
                await(viaAwait);
            } catch (RuntimeException expected) {
                // retrieved by awaiting
            }
        }, Options.virtual());
        assertEquals(List.of(), reports);
    }

    // test_futures.py: test_tb_logger_not_called_after_cancel (a cancelled task has no exception to lose)
    @Test
    void cancelledTaskIsNotReported() {
        LoopTestSupport.Captured c = LoopTestSupport.virtualLoop();
        Task<Object> t = c.loop.createTask(() -> {
            sleep(10);
            return null;
        });
        c.loop.callLater(1, t::cancel);
        c.loop.runUntilComplete(c.loop.createTask(() -> sleep(2, null)));
        assertTrue(t.cancelled());
        c.loop.close();
        assertEquals(List.of(), c.messages());
    }

    @Test
    void exceptionRaisedOutOfRunUntilCompleteIsNotReportedAgain() {
        LoopTestSupport.Captured c = LoopTestSupport.virtualLoop();
        assertThrows(IllegalStateException.class, () -> c.loop.runUntilComplete((Coro<Object>) () -> {
            throw new IllegalStateException("raised to the caller");
        }));
        c.loop.close();
        assertEquals(List.of(), c.messages());
    }

    /** A future whose exception nobody retrieves, on a loop in debug mode or not; returns the report logged at close. */
    private static String neverRetrieved(boolean debug, boolean task, int[] lineOut) {
        EventLoop loop = Aio.newEventLoop(Options.virtual().debug(debug));
        List<String> log = new ArrayList<>();
        loop.setLogger(log::add);
        Future<Object> f;
        if (task) {
            f = loop.createTask(() -> {
                throw new IllegalStateException("lost");
            }, "worker");
            lineOut[0] = new Throwable().getStackTrace()[0].getLineNumber() - 3;
        } else {
            f = loop.createFuture();
            lineOut[0] = new Throwable().getStackTrace()[0].getLineNumber() - 1;
            f.setException(new IllegalStateException("lost"));
        }
        LoopTestSupport.runBriefly(loop);
        loop.close();
        assertEquals(1, log.size(), log.toString());
        return log.get(0);
    }

    // CPython: test_futures.py BaseFutureTests.test_future_exception_never_retrieved
    // CPython: test_futures.py BaseFutureTests.test_future_exception_never_retrieved_debug
    @Test
    void neverRetrievedFutureReportSaysWhereItWasCreatedInDebugMode() {
        int[] line = new int[1];
        String plain = neverRetrieved(false, false, line);
        assertTrue(plain.startsWith("Future exception was never retrieved\nfuture: <Future finished exception="
                + "IllegalStateException('lost')>\njava.lang.IllegalStateException: lost"), plain);
        String debug = neverRetrieved(true, false, line);
        assertTrue(debug.startsWith("Future exception was never retrieved\nfuture: <Future finished exception="
                + "IllegalStateException('lost') created at UnretrievedExceptionTest.java:" + line[0] + ">\n"
                + "source_traceback: Object created at (most recent call last):\n"), debug);
        assertTrue(debug.contains(", in UnretrievedExceptionTest.neverRetrievedFutureReportSaysWhereItWasCreatedInDebugMode\n"
                + "  File \"UnretrievedExceptionTest.java\", line " + line[0] + ", in UnretrievedExceptionTest.neverRetrieved\n"
                + "java.lang.IllegalStateException: lost"), debug); // most recent call last
    }

    @Test // not in CPython's tests (compared with CPython 3.13's output): the same for a task
    void neverRetrievedTaskReportSaysWhereItWasCreatedInDebugMode() {
        int[] line = new int[1];
        String debug = neverRetrieved(true, true, line);
        assertTrue(debug.startsWith("Task exception was never retrieved\n"
                + "source_traceback: Object created at (most recent call last):\n"), debug);
        assertTrue(debug.contains("  File \"UnretrievedExceptionTest.java\", line " + line[0]
                + ", in UnretrievedExceptionTest.neverRetrieved\ntask: <Task finished name='worker' coro=<<lambda>() done, defined at UnretrievedExceptionTest.java> exception="
                + "IllegalStateException('lost') created at UnretrievedExceptionTest.java:" + line[0] + ">\n"
                + "java.lang.IllegalStateException: lost"), debug);
    }

    // test_tasks.py: BaseTaskTests.test_tb_logger_not_called_after_cancel (cancel() on a task that
    // has already failed returns false, but marks its exception as not to be reported)
    @Test
    void cancellingAFailedTaskSuppressesTheReport() {
        LoopTestSupport.Captured c = LoopTestSupport.virtualLoop();
        c.loop.runUntilComplete(c.loop.createTask(() -> {
            Task<Object> task = createTask(() -> {
                throw new ClassCastException(); // Python: raise TypeError
            });
            sleep(0.05);
            assertTrue(task.done());
            task.cancel();
            return null;
        }));
        c.loop.close();
        assertEquals(List.of(), c.messages());
        assertEquals(List.of(), c.log);
    }
}
