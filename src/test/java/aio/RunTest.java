package aio;

import static aio.Aio.createTask;
import static aio.Aio.run;
import static aio.Aio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Aio.run: asyncio.run, ported from CPython's Lib/test/test_asyncio/test_runners.py. */
class RunTest {

    // CPython: test_runners.py RunTests.test_asyncio_run_return
    @Test
    void returnsMainsResult() {
        assertEquals(42, run(() -> {
            sleep(0);
            return 42;
        }, Options.virtual()));
        assertEquals("plain", run(() -> "plain"));
    }

    @Test
    void voidMainRuns() {
        List<String> log = new ArrayList<>();
        run(() -> {
            sleep(1);
            log.add("ran");
        }, Options.virtual());
        run(() -> log.add("ran again"));
        assertEquals(List.of("ran", "ran again"), log);
    }

    // CPython: test_runners.py RunTests.test_asyncio_run_raises
    @Test
    void rethrowsMainsExceptionItself() {
        IllegalArgumentException spam = new IllegalArgumentException("spam");
        IllegalArgumentException got = assertThrows(IllegalArgumentException.class, () -> run(() -> {
            sleep(0);
            throw spam;
        }, Options.virtual()));
        assertSame(spam, got);
    }

    @Test
    void rethrowsACheckedExceptionUnchanged() {
        IOException io = new IOException("disk full");
        Throwable got = assertThrows(Throwable.class, () -> run(() -> {
            sleep(1);
            throw io;
        }, Options.virtual()));
        assertSame(io, got);
    }

    // CPython: test_runners.py RunTests.test_asyncio_run_from_running_loop
    @Test
    void cannotBeCalledFromARunningLoop() {
        String msg = run(() -> {
            try {
                run(() -> 1);
                return "nested run worked";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        });
        assertEquals("run() cannot be called from a running event loop", msg);
    }

    // (the part with mock.patch('asyncio.coroutines._is_debug_mode') is Python only: no PYTHONASYNCIODEBUG, no -X dev)
    // CPython: test_runners.py RunTests.test_asyncio_run_debug
    @Test
    void optionsReachTheLoop() {
        assertTrue(run(() -> Aio.getRunningLoop().getDebug(), Options.defaults().debug(true)));
        assertFalse(run(() -> Aio.getRunningLoop().getDebug()));
        assertEquals(3600.0, run(() -> {
            sleep(3600);
            return Aio.time();
        }, Options.virtual()), "the virtual clock makes an hour instant");
    }

    @Test
    void closesTheLoopAndLeavesNoRunningLoop() {
        EventLoop[] box = new EventLoop[1];
        run(() -> {
            box[0] = Aio.getRunningLoop();
            assertFalse(box[0].isClosed());
        });
        assertTrue(box[0].isClosed());
        assertFalse(box[0].isRunning());
        assertThrows(IllegalStateException.class, Aio::getRunningLoop);
    }

    @Test
    void closesTheLoopWhenMainFails() {
        EventLoop[] box = new EventLoop[1];
        assertThrows(IllegalStateException.class, () -> run(() -> {
            box[0] = Aio.getRunningLoop();
            throw new IllegalStateException("main failed");
        }));
        assertTrue(box[0].isClosed());
    }

    @Test
    void eachRunHasItsOwnLoop() {
        EventLoop first = run(Aio::getRunningLoop);
        EventLoop second = run(Aio::getRunningLoop);
        assertFalse(first == second);
    }

    // and the CancelledError and finally blocks it ran:
    // CPython: test_runners.py RunTests.test_asyncio_run_cancels_hanging_tasks
    @Test
    void cancelsTasksStillPendingWhenMainReturns() {
        List<String> log = new ArrayList<>();
        Task<?>[] lo = new Task<?>[1];
        int r = run(() -> {
            lo[0] = createTask(() -> {
                try {
                    sleep(0.1);
                    log.add("not reached");
                } catch (CancelledError e) {
                    log.add("CancelledError delivered");
                    throw e;
                } finally {
                    log.add("finally ran");
                }
            });
            return 123;
        }, Options.virtual());
        assertEquals(123, r);
        assertTrue(lo[0].done());
        assertTrue(lo[0].cancelled());
        assertEquals(List.of("CancelledError delivered", "finally ran"), log);
    }

    // CPython: test_runners.py RunTests.test_asyncio_run_reports_hanging_tasks_errors
    @Test
    void reportsALeftoverTaskThatFailsWhileBeingCancelled() {
        List<ErrorContext> reports = new ArrayList<>();
        Task<?>[] lo = new Task<?>[1];
        int r = run(() -> {
            Aio.getRunningLoop().setExceptionHandler((loop, ctx) -> reports.add(ctx));
            lo[0] = createTask(() -> {
                try {
                    sleep(0.1);
                } catch (CancelledError e) {
                    int zero = 0;
                    System.out.println(1 / zero);
                }
            });
            return 123;
        }, Options.virtual());
        assertEquals(123, r);
        assertTrue(lo[0].done());
        assertEquals(1, reports.size(), "reported once, and not again as 'never retrieved'");
        ErrorContext ctx = reports.get(0);
        assertEquals("unhandled exception during run() shutdown", ctx.message());
        assertSame(lo[0], ctx.future());
        assertInstanceOf(ArithmeticException.class, ctx.exception());
    }

    @Test
    void leftoverTaskThatFinishesNormallyWhenCancelledIsNotReported() {
        List<ErrorContext> reports = new ArrayList<>();
        Task<?>[] lo = new Task<?>[1];
        run(() -> {
            Aio.getRunningLoop().setExceptionHandler((loop, ctx) -> reports.add(ctx));
            lo[0] = createTask(() -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    sleep(1); // cleanup that itself awaits: run() waits for it
                }
            });
            sleep(0);
        }, Options.virtual());
        assertTrue(lo[0].done());
        assertFalse(lo[0].cancelled(), "it swallowed the cancellation and returned");
        assertEquals(List.of(), reports);
    }

    @Test
    void deadlockOnTheVirtualClockFailsRunAndStillCleansUp() {
        List<String> log = new ArrayList<>();
        EventLoop[] box = new EventLoop[1];
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(() -> {
            box[0] = Aio.getRunningLoop();
            Future<Object> never = new Future<>();
            try {
                Aio.await(never);
            } finally {
                log.add("main's finally ran");
            }
        }, Options.virtual()));
        assertTrue(e.getMessage().startsWith("deadlock: every task is waiting"), e.getMessage());
        assertEquals(List.of("main's finally ran"), log, "run() cancelled the stuck main task");
        assertTrue(box[0].isClosed());
    }

    // asyncio raises ValueError "a coroutine was expected" for run(1) and run(lambda: None):
    // here main is a Coro or a VoidCoro (a lambda becomes one), so anything else does not compile.
    // CPython: test_runners.py RunTests.test_asyncio_run_only_coro
    @Test
    void mainIsACoroutineByItsType() {
        int runs = 0;
        for (var m : Aio.class.getMethods()) {
            if (m.getName().equals("run")) {
                runs++;
                Class<?> p = m.getParameterTypes()[0];
                assertTrue(p == Coro.class || p == VoidCoro.class, m.toString());
            }
        }
        assertEquals(6, runs);
    }

    // CPython: test_runners.py RunTests.test_asyncio_run_loop_factory
    @Test
    void theLoopFactoryMakesTheLoop() {
        EventLoop loop = Aio.newEventLoop(Options.virtual());
        int[] calls = {0};
        run(() -> {
            assertSame(loop, Aio.getRunningLoop());
        }, () -> {
            calls[0]++;
            return loop;
        });
        assertEquals(1, calls[0], "called once, with no arguments");
        assertTrue(loop.isClosed());
        assertEquals(7, (int) run(() -> 7, () -> Aio.newEventLoop(Options.virtual())));
    }

    // CPython: test_runners.py RunTests.test_loop_factory_default_event_loop
    @Test
    void newEventLoopIsALoopFactory() {
        run(() -> {
            assertInstanceOf(EventLoop.class, Aio.getRunningLoop());
        }, Aio::newEventLoop);
    }
}
