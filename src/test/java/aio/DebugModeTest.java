package aio;

import static aio.Aio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * asyncio's debug mode: a step that blocks the loop longer than slow_callback_duration (0.1 s)
 * is logged as "Executing <Task ...> took 0.150 seconds" (base_events.py _run_once;
 * test_base_events.py test_run_once_logging / test_slow_callback_duration-style cases).
 * One test sleeps 150 ms of real time; nothing asserts an upper bound on time.
 */
class DebugModeTest {
    private static final Pattern SLOW = Pattern.compile("Executing (<Task .*>) took (\\d+\\.\\d{3}) seconds");

    /** A fresh loop with {@code options} whose log lines go to {@code log}. */
    private static EventLoop loggingTo(List<String> log, Options options) {
        EventLoop loop = Aio.newEventLoop(options);
        loop.setLogger(log::add);
        return loop;
    }

    /** Runs {@code body} as a task named "slow" on a fresh loop with {@code options}; returns the loop's log. */
    private static List<String> logOf(Options options, Coro<Object> body) {
        List<String> log = new ArrayList<>();
        EventLoop loop = loggingTo(log, options);
        try {
            loop.runUntilComplete(loop.createTask(body, "slow"));
        } finally {
            loop.close();
        }
        return log;
    }

    @Test
    void slowTaskStepIsLoggedWithTheTask() {
        List<String> log = logOf(Options.defaults().debug(true), () -> {
            sleep(0); // so the slow step is not the task's first: the log must still name the task
            Thread.sleep(150);
            return null;
        });
        assertEquals(1, log.size(), log.toString());
        Matcher m = SLOW.matcher(log.get(0));
        assertTrue(m.matches(), log.get(0));
        assertTrue(m.group(1).contains("name='slow'"), m.group(1));
        assertTrue(Double.parseDouble(m.group(2)) >= 0.150, log.get(0));
    }

    // test_base_events.py: BaseEventLoopWithSelectorTests.test_log_slow_callbacks: in debug mode
    // with slow_callback_duration 0, a callback is logged as "Executing <Handle ...> took ...
    // seconds", and a task's step as "Executing <Task ...> took ... seconds".
    @Test
    void slowCallbackAndSlowTaskAreLoggedWithTheirNames() {
        List<String> log = new ArrayList<>();
        EventLoop loop = loggingTo(log, Options.defaults().debug(true).slowCallbackSeconds(0.0));
        try {
            final class StopLoopCb implements Runnable {
                @Override
                public void run() {
                    loop.stop();
                }
            }
            // slow callback
            loop.callSoon(new StopLoopCb());
            loop.runForever();
            String last = log.get(log.size() - 1);
            assertTrue(last.matches("Executing <Handle .*StopLoopCb.*> took .* seconds"), last);

            // slow task
            loop.createTask(() -> {
                loop.stop();
                return null;
            }, "stop_loop_coro");
            loop.runForever();
            last = log.get(log.size() - 1);
            assertTrue(last.matches("Executing <Task .*stop_loop_coro.*> took .* seconds"), last);
        } finally {
            loop.close();
        }
    }

    @Test
    void nothingIsLoggedBelowTheThresholdOrWithoutDebug() {
        Coro<Object> blocking = () -> {
            Thread.sleep(150);
            return null;
        };
        assertEquals(List.of(), logOf(Options.defaults().debug(true).slowCallbackSeconds(10), blocking));
        assertEquals(List.of(), logOf(Options.defaults().slowCallbackSeconds(0.001), blocking),
                "without debug mode, nothing is timed");
    }

    @Test // not in asyncio: the console's slow-step warnings without the rest of debug mode
    void slowStepWarningsWorkWithoutDebugMode() {
        List<String> log = new ArrayList<>();
        EventLoop loop = Aio.newEventLoop(Options.defaults().slowCallbackSeconds(0.1).warnSlowSteps(true));
        loop.setLogger(log::add);
        try {
            assertTrue(!loop.getDebug(), "debug mode stays off");
            loop.runUntilComplete(loop.createTask(() -> {
                Thread.sleep(150);
                return null;
            }, "slow"));
        } finally {
            loop.close();
        }
        EventLoop quiet = Aio.newEventLoop(Options.defaults().slowCallbackSeconds(0.1));
        quiet.setLogger(log::add);
        try {
            quiet.runUntilComplete(quiet.createTask(() -> {
                Thread.sleep(150);
                return null;
            }, "not timed"));
        } finally {
            quiet.close();
        }
        assertEquals(1, log.size(), log.toString());
        assertTrue(SLOW.matcher(log.get(0)).matches() && log.get(0).contains("name='slow'"), log.get(0));
    }

    // ---- where futures and tasks were created (asyncio's _source_traceback) ----

    /** The line this is called from, minus {@code back}: Python's {@code sys._getframe().f_lineno - 1}. */
    private static int line(int back) {
        return new Throwable().getStackTrace()[1].getLineNumber() - back;
    }

    private static void assertFrame(StackTraceElement frame, int line, String method) {
        assertEquals("DebugModeTest.java", frame.getFileName(), frame.toString());
        assertEquals(line, frame.getLineNumber(), frame.toString());
        assertEquals(method, frame.getMethodName(), frame.toString());
    }

    // CPython: test_tasks.py BaseTaskTests.test_task_source_traceback
    @Test
    void taskSourceTraceback() {
        try (LoopTestSupport.Captured c = LoopTestSupport.virtualLoop()) {
            c.loop.setDebug(true);
            Task<Object> task = c.loop.createTask(() -> null);
            int lineno = line(1);
            List<StackTraceElement> tb = task.getSourceTraceback();
            assertTrue(tb.size() > 1 && tb.size() <= 10, tb.toString());
            // asyncio's [-1] is its new_task helper, [-2] the test; aio leaves its own frames out
            assertFrame(tb.get(tb.size() - 1), lineno, "taskSourceTraceback");
            c.loop.runUntilComplete(task);
        }
    }

    // CPython: test_futures.py BaseFutureTests.test_future_source_traceback
    @Test
    void futureSourceTraceback() {
        try (LoopTestSupport.Captured c = LoopTestSupport.virtualLoop()) {
            c.loop.setDebug(true);
            Future<Object> future = c.loop.createFuture();
            int lineno = line(1);
            List<StackTraceElement> tb = future.getSourceTraceback();
            assertFrame(tb.get(tb.size() - 1), lineno, "futureSourceTraceback");
        }
    }

    // CPython: test_futures.py BaseFutureTests.test_future_repr (debug: "created at")
    @Test
    void reprInDebugModeSaysWhereItWasCreated() {
        try (LoopTestSupport.Captured c = LoopTestSupport.virtualLoop()) {
            c.loop.setDebug(true);
            Future<Object> f = c.loop.createFuture();
            int lineno = line(1);
            assertEquals("<Future pending created at DebugModeTest.java:" + lineno + ">", f.toString());
            Task<Object> t = c.loop.createTask(() -> null, "T");
            assertEquals("<Task pending name='T' coro=<<lambda>() at DebugModeTest.java> created at DebugModeTest.java:" + line(1) + ">", t.toString());
            c.loop.runUntilComplete(t);

            c.loop.setDebug(false);
            Future<Object> plain = c.loop.createFuture();
            assertEquals("<Future pending>", plain.toString());
            assertEquals(List.of(), plain.getSourceTraceback(), "recorded in debug mode only");
        }
    }

    @Test // not in CPython's tests: a task created inside a task shows the creating task's frames, newest last
    void aTaskCreatedInATaskShowsWhereInThatTask() {
        try (LoopTestSupport.Captured c = LoopTestSupport.virtualLoop()) {
            c.loop.setDebug(true);
            int[] lineno = new int[1];
            Task<Task<Object>> outer = c.loop.createTask(() -> {
                Task<Object> inner = Aio.createTask(() -> null);
                lineno[0] = line(1);
                return inner;
            });
            Task<Object> inner = c.loop.runUntilComplete(outer);
            List<StackTraceElement> tb = inner.getSourceTraceback();
            StackTraceElement last = tb.get(tb.size() - 1);
            assertEquals(lineno[0], last.getLineNumber(), tb.toString());
            assertTrue(last.getMethodName().startsWith("lambda$"), last.toString());
            for (StackTraceElement e : tb) {
                assertTrue(!e.getClassName().startsWith("aio.") || e.getClassName().equals("aio.DebugModeTest"), e.toString());
            }
        }
    }

    // CPython: test_tasks.py BaseTaskTests.test_log_destroyed_pending_task (asyncio: when the
    // task is collected; aio: when the loop closes and the task still refuses to end)
    @Test
    void destroyedPendingTaskIsReportedWithWhereItWasCreated() {
        LoopTestSupport.Captured c = LoopTestSupport.virtualLoop();
        c.loop.setDebug(true);
        Task<Object> task = c.loop.createTask(() -> {
            while (true) {
                try {
                    Aio.await(Aio.getRunningLoop().createFuture());
                } catch (CancelledError ignored) {
                    // refuses to be cancelled: it is left pending
                }
            }
        });
        int lineno = line(9);
        LoopTestSupport.runBriefly(c.loop);
        List<StackTraceElement> sourceTraceback = task.getSourceTraceback();
        c.loop.close();
        assertEquals(List.of("Task was destroyed but it is pending!"), c.messages());
        ErrorContext ctx = c.errors.get(0);
        assertSame(task, ctx.future());
        assertEquals(sourceTraceback, ctx.sourceTraceback());
        assertFrame(sourceTraceback.get(sourceTraceback.size() - 1), lineno, "destroyedPendingTaskIsReportedWithWhereItWasCreated");
        String report = ctx.describe();
        assertTrue(report.startsWith("Task was destroyed but it is pending!\n"
                + "source_traceback: Object created at (most recent call last):\n"), report);
        assertTrue(report.contains("  File \"DebugModeTest.java\", line " + lineno
                + ", in DebugModeTest.destroyedPendingTaskIsReportedWithWhereItWasCreated\n"
                + "task: <Task cancelling name='Task-1'"), report); // close() asked it to cancel, in vain
    }

    // a finished task waits in the ready queue for its one done callback: logged as that callback
    // (asyncio: the callback's Handle), not as the task
    @Test
    void aSlowDoneCallbackIsLoggedAsTheCallback() {
        List<String> log = new ArrayList<>();
        EventLoop loop = loggingTo(log, Options.defaults().debug(true).slowCallbackSeconds(0.0));
        try {
            Task<Object> t = loop.createTask(() -> 1, "quick");
            t.addDoneCallback(f -> loop.stop());
            loop.runForever();
            String last = log.get(log.size() - 1);
            assertTrue(last.matches("Executing <lambda>\\(<Task finished name='quick'.*>\\) at DebugModeTest\\.java took .* seconds"),
                    last);
        } finally {
            loop.close();
        }
    }
}
