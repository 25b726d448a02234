package aio;

import static aio.Aio.createTask;
import static aio.Aio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link Runner}: CPython 3.13's Lib/test/test_asyncio/test_runners.py RunnerTests, the tests
 * that apply (the RunTests of the same file, for {@link Aio#run}, are in {@link RunTest}).
 * {@code with asyncio.Runner() as runner:} is {@code try (var runner = new Runner())}.
 */
class RunnerTest {

    // CPython: test_runners.py RunnerTests.test_non_debug
    @Test
    void test_non_debug() {
        try (var runner = new Runner(false, null)) {
            assertFalse(runner.getLoop().getDebug());
        }
    }

    // CPython: test_runners.py RunnerTests.test_debug
    @Test
    void test_debug() {
        try (var runner = new Runner(true, null)) {
            assertTrue(runner.getLoop().getDebug());
        }
    }

    // CPython: test_runners.py RunnerTests.test_custom_factory
    @Test
    void test_custom_factory() {
        EventLoop loop = Aio.newEventLoop(Options.virtual());
        try (var runner = new Runner(null, () -> loop)) {
            assertSame(loop, runner.getLoop());
        }
        assertTrue(loop.isClosed());
    }

    // CPython: test_runners.py RunnerTests.test_run
    @Test
    void test_run() {
        EventLoop loop;
        Runner outer;
        try (var runner = new Runner()) {
            outer = runner;
            assertEquals("done", runner.run(() -> {
                sleep(0);
                return "done";
            }));
            loop = runner.getLoop();
        }
        var e = assertThrows(IllegalStateException.class, outer::getLoop);
        assertEquals("Runner is closed", e.getMessage());
        assertTrue(loop.isClosed());
    }

    // asyncio raises ValueError "a coroutine was expected" for run(123) and run(future): here
    // they do not compile, since every run() takes a Coro or a VoidCoro, and a Future is neither.
    // CPython: test_runners.py RunnerTests.test_run_non_coro
    // CPython: test_runners.py RunnerTests.test_run_future
    @Test
    void test_run_non_coro_and_test_run_future() {
        List<Method> runs = new ArrayList<>();
        for (Method m : Runner.class.getMethods()) {
            if (m.getName().equals("run") && !Modifier.isStatic(m.getModifiers())) {
                runs.add(m);
            }
        }
        assertEquals(4, runs.size(), runs.toString()); // a Coro or a VoidCoro, and each with a Context
        for (Method m : runs) {
            Class<?> p = m.getParameterTypes()[0];
            assertTrue(p == Coro.class || p == VoidCoro.class, m.toString());
            for (Class<?> rest : List.of(m.getParameterTypes()).subList(1, m.getParameterCount())) {
                assertEquals(Context.class, rest, m.toString());
            }
        }
        assertFalse(Coro.class.isAssignableFrom(Future.class));
        assertFalse(VoidCoro.class.isAssignableFrom(Future.class));
        try (var runner = new Runner()) {
            var e = assertThrows(NullPointerException.class, () -> runner.run((Coro<Object>) null));
            assertEquals("a coroutine was expected, got null", e.getMessage());
        }
    }

    // CPython: test_runners.py RunnerTests.test_explicit_close
    @Test
    void test_explicit_close() {
        var runner = new Runner();
        EventLoop loop = runner.getLoop();
        runner.close();
        var e = assertThrows(IllegalStateException.class, runner::getLoop);
        assertEquals("Runner is closed", e.getMessage());
        assertTrue(loop.isClosed());
    }

    // CPython: test_runners.py RunnerTests.test_double_close
    @Test
    void test_double_close() {
        var runner = new Runner();
        EventLoop loop = runner.getLoop();

        runner.close();
        assertTrue(loop.isClosed());

        // the second call is no-op
        runner.close();
        assertTrue(loop.isClosed());
    }

    // CPython: test_runners.py RunnerTests.test_second_with_block_raises
    @Test
    void test_second_with_block_raises() {
        List<Integer> ret = new ArrayList<>();
        var runner = new Runner();
        try (runner) {
            runner.run(() -> ret.add(1));
        }
        var e = assertThrows(IllegalStateException.class, () -> {
            try (runner) {
                runner.run(() -> ret.add(2));
            }
        });
        assertEquals("Runner is closed", e.getMessage());
        assertEquals(List.of(1), ret);
    }

    // asyncio also warns "coroutine 'g' was never awaited": here g is a lambda that never ran.
    // CPython: test_runners.py RunnerTests.test_recursive_run
    @Test
    void test_recursive_run() {
        List<String> ran = new ArrayList<>();
        try (var runner = new Runner()) {
            VoidCoro g = () -> ran.add("g");
            VoidCoro f = () -> runner.run(g);
            var e = assertThrows(IllegalStateException.class, () -> runner.run(f));
            assertEquals("Runner.run() cannot be called from a running event loop", e.getMessage());
            assertEquals(List.of(), ran);
        }
    }

    // CPython: test_runners.py RunnerTests.test_no_repr_is_call_on_the_task_result
    @Test
    void test_no_repr_is_call_on_the_task_result() {
        final class MyResult {
            int reprCount;

            @Override
            public String toString() {
                reprCount++;
                return super.toString();
            }
        }
        MyResult result;
        try (var runner = new Runner()) {
            result = runner.run(MyResult::new);
        }
        assertEquals(0, result.reprCount);
    }

    // Not in CPython's tests: what run() several times on one loop is for. Tasks the first run
    // leaves pending go on during the next, and the loop's clock goes on too.
    @Test
    void runsSeveralCoroutinesOnOneLoop() {
        List<String> log = new ArrayList<>();
        try (var runner = new Runner(Options.virtual())) {
            EventLoop loop = runner.run(() -> {
                createTask(() -> {
                    sleep(1);
                    log.add("left by the first run, at " + Aio.time());
                });
                return Aio.getRunningLoop();
            });
            assertSame(loop, runner.getLoop());
            assertFalse(loop.isRunning());
            assertEquals(List.of(), log);
            runner.run(() -> {
                sleep(2);
                log.add("second run, at " + Aio.time());
            });
            assertEquals(List.of("left by the first run, at 1.0", "second run, at 2.0"), log);
        }
    }

    // Not in CPython's tests (RunTests.test_asyncio_run_cancels_hanging_tasks and
    // test_asyncio_run_reports_hanging_tasks_errors, through a Runner): close() cancels what is
    // left, waits for it, and reports a task that failed while it was cancelled.
    @Test
    void closeCancelsTheTasksLeftAndReportsTheirFailures() {
        List<ErrorContext> reports = new ArrayList<>();
        List<String> log = new ArrayList<>();
        Task<?> quiet;
        Task<?> failing;
        var runner = new Runner(Options.virtual());
        try (runner) {
            runner.getLoop().setExceptionHandler((loop, ctx) -> reports.add(ctx));
            quiet = runner.run(() -> createTask(() -> {
                try {
                    sleep(10);
                } finally {
                    log.add("quiet's finally");
                }
            }));
            failing = runner.run(() -> createTask(() -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    sleep(1); // cleanup that awaits: close() waits for it
                    throw new ArithmeticException("/ by zero");
                }
            }));
            assertFalse(quiet.done());
        }
        assertTrue(quiet.cancelled());
        assertTrue(failing.done());
        assertEquals(List.of("quiet's finally"), log);
        assertEquals(1, reports.size());
        assertEquals("unhandled exception during run() shutdown", reports.get(0).message());
        assertSame(failing, reports.get(0).future());
        assertInstanceOf(ArithmeticException.class, reports.get(0).exception());
        assertThrows(IllegalStateException.class, runner::getLoop);
    }

    // Not in CPython's tests: as asyncio, a runner whose loop was never made is not closed by
    // close(), and a failing run() leaves the runner usable.
    @Test
    void closeBeforeUseDoesNothingAndAFailedRunLeavesTheRunnerUsable() {
        var runner = new Runner(Options.virtual());
        runner.close();
        try (runner) {
            var spam = new IllegalArgumentException("spam");
            assertSame(spam, assertThrows(IllegalArgumentException.class, () -> runner.run(() -> {
                sleep(0);
                throw spam;
            })));
            assertEquals(42, runner.run(() -> 42));
        }
    }

    // Not in CPython's tests: Runner.run fails fast inside a loop, before it makes its own.
    @Test
    void runInsideAnotherLoopMakesNoLoop() {
        var runner = new Runner();
        String msg = Aio.run(() -> {
            try {
                runner.run(() -> 1);
                return "ran";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }, Options.virtual());
        assertEquals("Runner.run() cannot be called from a running event loop", msg);
        runner.close(); // nothing to close: no loop was made
        EventLoop loop = runner.getLoop();
        assertNotNull(loop);
        runner.close();
        assertTrue(loop.isClosed());
    }

    // CPython: test_runners.py RunnerTests.test_run_keeps_context
    @Test
    void test_run_keeps_context() {
        ContextVar<Integer> cvar = new ContextVar<>("cvar", -1);
        try (var runner = new Runner(Options.virtual())) {
            assertEquals(-1, runner.run(() -> f(cvar, 1)));
            assertEquals(1, runner.run(() -> f(cvar, 2)));
            assertEquals(2, runner.run(() -> Aio.copyContext()).get(cvar));
        }
    }

    private static int f(ContextVar<Integer> cvar, int val) {
        int old = cvar.get();
        Aio.sleep(0);
        cvar.set(val);
        return old;
    }

    // (not in CPython's tests) run(coro, context) runs the task in the context given
    @Test
    void runInAGivenContext() {
        ContextVar<String> who = new ContextVar<>("who", "nobody");
        Context mine = Aio.copyContext();
        mine.run(() -> who.set("me"));
        try (var runner = new Runner(Options.virtual())) {
            assertEquals("me", runner.run(() -> who.get(), mine));
            assertEquals("nobody", runner.run(() -> who.get()));
        }
    }
}
