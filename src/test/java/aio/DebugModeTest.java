package aio;

import static aio.Aio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /** Runs {@code body} as a task named "slow" on a fresh loop with {@code options}; returns the loop's log. */
    private static List<String> logOf(Options options, Coro<Object> body) {
        EventLoop loop = Aio.newEventLoop(options);
        List<String> log = new ArrayList<>();
        loop.setLogger(log::add);
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
        EventLoop loop = Aio.newEventLoop(Options.defaults().debug(true).slowCallbackSeconds(0.0));
        List<String> log = new ArrayList<>();
        loop.setLogger(log::add);
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
}
