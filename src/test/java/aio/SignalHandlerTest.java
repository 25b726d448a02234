package aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@link EventLoop#addSignalHandler} and {@link EventLoop#removeSignalHandler}: CPython 3.13's
 * test_unix_events.py SelectorEventLoopSignalTests and the signal tests of test_events.py,
 * those that do not only check how asyncio drives the mocked {@code signal} module.
 *
 * <p>The signals raised are sent to this JVM (surefire's fork), so they are ones whose default
 * action is to be ignored, SIGWINCH and SIGURG, where CPython uses SIGINT, SIGHUP, SIGALRM and
 * SIGCHLD: a handler missing at the wrong moment cannot end the test run. SIGHUP's handler is
 * only replaced, never raised. Every test checks that the handlers it touched are the ones it
 * found, afterwards.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SignalHandlerTest {
    private static final int SIGHUP = 1;
    private static final int SIGKILL = 9;
    private static final int SIGURG = new Signal("URG").getNumber();
    private static final int SIGWINCH = new Signal("WINCH").getNumber();
    private static final int NSIG = 65; // Linux: signal.NSIG

    private LoopTestSupport.Captured c;
    private EventLoop loop;
    private final Map<String, String> before = new java.util.LinkedHashMap<>();

    @BeforeEach
    void setUp() {
        for (String name : List.of("HUP", "URG", "WINCH")) {
            before.put(name, installed(name));
        }
        c = LoopTestSupport.virtualLoop();
        loop = c.loop;
    }

    @AfterEach
    void tearDown() {
        loop.close();
        for (var e : before.entrySet()) {
            assertEquals(e.getValue(), installed(e.getKey()), "SIG" + e.getKey() + "'s handler is the one the test found");
        }
    }

    /**
     * The handler the JVM has for a signal now, described: sun.misc.Signal hands out a new
     * wrapper of the JVM's handler at each call ("sun.misc.Signal$SunMiscHandler@1a2b<inner>"),
     * so it is the inner handler that says which it is. Puts it straight back (a no-op handler
     * is there meanwhile).
     */
    private static String installed(String name) {
        Signal s = new Signal(name);
        SignalHandler h = Signal.handle(s, sig -> { });
        Signal.handle(s, h);
        String d = String.valueOf(h);
        var m = java.util.regex.Pattern.compile("^sun\\.misc\\.Signal\\$SunMiscHandler@\\p{XDigit}+<(.*)>$").matcher(d);
        return m.matches() ? m.group(1) : d;
    }

    /** Sends the signal to this JVM the way another process would: with kill(1). */
    private static void kill(String name) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + name, Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "kill finished");
        assertEquals(0, p.exitValue());
    }

    // ('boom' is a TypeError there: here a String is a name, and not one of a signal)
    // CPython: test_events.py EventLoopTestsMixin.test_add_signal_handler
    @Test
    void test_add_signal_handler() throws Exception {
        int[] caught = {0};
        Runnable myHandler = () -> caught[0]++;

        // Check error behavior first.
        assertEquals("invalid signal name 'boom'",
                assertThrows(IllegalArgumentException.class, () -> loop.addSignalHandler("boom", myHandler)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> loop.removeSignalHandler("boom"));
        assertEquals("invalid signal number 66",
                assertThrows(IllegalArgumentException.class, () -> loop.addSignalHandler(NSIG + 1, myHandler)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> loop.removeSignalHandler(NSIG + 1));
        assertThrows(IllegalArgumentException.class, () -> loop.addSignalHandler(0, myHandler));
        assertThrows(IllegalArgumentException.class, () -> loop.removeSignalHandler(0));
        assertThrows(IllegalArgumentException.class, () -> loop.addSignalHandler(-1, myHandler));
        assertThrows(IllegalArgumentException.class, () -> loop.removeSignalHandler(-1));
        assertEquals("sig 9 cannot be caught",
                assertThrows(IllegalStateException.class, () -> loop.addSignalHandler(SIGKILL, myHandler)).getMessage());
        // Removing SIGKILL doesn't raise, since we don't call signal().
        assertFalse(loop.removeSignalHandler(SIGKILL));
        // Now set a handler and handle it.
        loop.addSignalHandler(SIGWINCH, myHandler);

        kill("WINCH");
        runUntil(() -> caught[0] > 0);

        // Removing it should restore the handler there was before.
        assertTrue(loop.removeSignalHandler(SIGWINCH));
        assertEquals(before.get("WINCH"), installed("WINCH"));
        // Removing again returns False.
        assertFalse(loop.removeSignalHandler(SIGWINCH));
        assertEquals(1, caught[0]);
    }

    /** Replaces the test's loop by one on the real clock: what waits in select() for the signal. */
    private void useRealClock() {
        loop.close();
        c = LoopTestSupport.capture(Aio.newEventLoop());
        loop = c.loop;
    }

    /** test_utils.run_until, for a virtual-clock loop with a signal handler: polls every 10 ms of loop time. */
    private void runUntil(java.util.function.BooleanSupplier pred) {
        loop.runUntilComplete(() -> {
            while (!pred.getAsBoolean()) {
                Aio.sleep(0.01);
            }
        });
    }

    // (SIGALRM from setitimer there: here a thread raises SIGWINCH 10 ms later)
    // CPython: test_events.py EventLoopTestsMixin.test_signal_handling_while_selecting
    @Test
    void test_signal_handling_while_selecting() throws Exception {
        useRealClock();
        int[] caught = {0};
        loop.addSignalHandler(SIGWINCH, () -> {
            caught[0]++;
            loop.stop();
        });
        Thread raiser = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
            Signal.raise(new Signal("WINCH")); // Send SIGWINCH once.
        });
        loop.callLater(60, loop::stop);
        loop.runForever();
        raiser.join();
        assertEquals(1, caught[0]);
    }

    // (asyncio passes *args to the callback: here the lambda holds them)
    // CPython: test_events.py EventLoopTestsMixin.test_signal_handling_args
    @Test
    void test_signal_handling_args() {
        useRealClock();
        List<Object> someArgs = List.of(42);
        List<List<Object>> calls = new ArrayList<>();
        loop.addSignalHandler("SIGWINCH", () -> {
            calls.add(someArgs);
            loop.stop();
        });
        loop.callSoon(() -> Signal.raise(new Signal("WINCH")));
        loop.callLater(60, loop::stop);
        loop.runForever();
        assertEquals(List.of(List.of(42)), calls);
    }

    // (its add_signal_handler part; the rest is in EventLoopTest)
    // CPython: test_events.py EventLoopTestsMixin.test_close
    @Test
    void test_close() {
        loop.close();
        assertEquals("Event loop is closed",
                assertThrows(IllegalStateException.class, () -> loop.addSignalHandler(SIGWINCH, () -> { })).getMessage());
    }

    // ('1' is a TypeError there: here a String is a name)
    // CPython: test_unix_events.py SelectorEventLoopSignalTests.test_check_signal
    @Test
    void test_check_signal() {
        assertEquals("invalid signal name '1'",
                assertThrows(IllegalArgumentException.class, () -> loop.removeSignalHandler("1")).getMessage());
        assertEquals("invalid signal number 66",
                assertThrows(IllegalArgumentException.class, () -> loop.removeSignalHandler(NSIG + 1)).getMessage());
    }

    // asyncio raises TypeError "coroutines cannot be used with add_signal_handler()": here the
    // callback is a Runnable, and a Coro or a VoidCoro is not one, so passing one does not compile.
    // CPython: test_unix_events.py SelectorEventLoopSignalTests.test_add_signal_handler_coroutine_error
    @Test
    void test_add_signal_handler_coroutine_error() throws Exception {
        assertFalse(Runnable.class.isAssignableFrom(Coro.class));
        assertFalse(Runnable.class.isAssignableFrom(VoidCoro.class));
        assertFalse(Runnable.class.isAssignableFrom(Task.class));
        assertEquals(Runnable.class, EventLoop.class.getMethod("addSignalHandler", int.class, Runnable.class).getParameterTypes()[1]);
    }

    // CPython: test_unix_events.py SelectorEventLoopSignalTests.test_add_signal_handler
    @Test
    void test_add_signal_handler_registers() {
        Runnable cb = () -> { };
        loop.addSignalHandler(SIGWINCH, cb);
        assertSame(cb, loop.signalHandlers.get(SIGWINCH));
    }

    // (there signal.signal is mocked to fail with EINVAL: here the JVM refuses SIGKILL; the loop
    // keeps no callback for it, and its other handlers stay)
    // CPython: test_unix_events.py SelectorEventLoopSignalTests.test_add_signal_handler_install_error2
    // CPython: test_unix_events.py SelectorEventLoopSignalTests.test_add_signal_handler_install_error3
    @Test
    void aSignalThatCannotBeCaughtLeavesTheLoopAsItWas() {
        assertThrows(IllegalStateException.class, () -> loop.addSignalHandler(SIGKILL, () -> { }));
        assertEquals(Map.of(), loop.signalHandlers);
        Runnable cb = () -> { };
        loop.addSignalHandler(SIGWINCH, cb);
        assertThrows(IllegalStateException.class, () -> loop.addSignalHandler("SIGSTOP", () -> { }));
        assertThrows(IllegalStateException.class, () -> loop.addSignalHandler("QUIT", () -> { }), "the JVM's thread dumps");
        assertEquals(Map.of(SIGWINCH, cb), loop.signalHandlers);
        assertFalse(before.get("WINCH").equals(installed("WINCH")), "SIGWINCH still handled");
    }

    // CPython: test_unix_events.py SelectorEventLoopSignalTests.test_remove_signal_handler
    @Test
    void test_remove_signal_handler() {
        loop.addSignalHandler(SIGWINCH, () -> { });
        assertFalse(before.get("WINCH").equals(installed("WINCH")));
        assertTrue(loop.removeSignalHandler(SIGWINCH));
        assertEquals(before.get("WINCH"), installed("WINCH"));
    }

    // (SIGINT there, whose handler goes back to default_int_handler, not SIG_DFL: here SIGHUP,
    // which the JVM, like SIGINT and SIGTERM, handles by running the shutdown hooks; its handler
    // goes back, not SIG_DFL, which would end the JVM without them. Not raised.)
    // CPython: test_unix_events.py SelectorEventLoopSignalTests.test_remove_signal_handler_2
    @Test
    void test_remove_signal_handler_2() {
        String jvms = before.get("HUP");
        assertTrue(jvms.startsWith("java.lang.Terminator"), "the JVM handles SIGHUP: " + jvms);
        loop.addSignalHandler(SIGHUP, () -> { });
        loop.addSignalHandler(SIGWINCH, () -> { });
        assertTrue(loop.removeSignalHandler(SIGHUP));
        assertEquals(jvms, installed("HUP"));
        assertFalse(before.get("WINCH").equals(installed("WINCH")), "the other handler stays");
        assertTrue(loop.removeSignalHandler("WINCH"));
    }

    // (SIGHUP and SIGCHLD there)
    // CPython: test_unix_events.py SelectorEventLoopSignalTests.test_close
    @Test
    void test_close_removes_the_handlers() {
        loop.addSignalHandler(SIGWINCH, () -> { });
        loop.addSignalHandler(SIGURG, () -> { });
        assertEquals(2, loop.signalHandlers.size());
        loop.close();
        assertEquals(0, loop.signalHandlers.size());
        assertEquals(before.get("WINCH"), installed("WINCH"));
        assertEquals(before.get("URG"), installed("URG"));
    }

    // Not in CPython's tests: the callback runs on the loop's thread, in a plain callback
    // (currentTask() is null), whichever thread the JVM delivered the signal on.
    @Test
    void theCallbackRunsOnTheLoopThread() {
        List<String> seen = new ArrayList<>();
        Event done = new Event();
        Thread loopThread = Thread.currentThread();
        loop.addSignalHandler("winch", () -> {
            seen.add(Thread.currentThread() == loopThread ? "loop thread" : Thread.currentThread().getName());
            seen.add(Aio.currentTask() == null ? "no task" : "in a task");
            done.set();
        });
        loop.runUntilComplete(() -> {
            Signal.raise(new Signal("WINCH"));
            done.await(); // on the virtual clock too: the loop waits for the signal, it is no deadlock
        });
        assertEquals(List.of("loop thread", "no task"), seen);
    }

    // Not in CPython's tests (asyncio allows signal handlers on the main thread's loop only):
    // a signal is handed to every loop that has a callback for it, and the handler there was
    // before comes back when the last one is removed.
    @Test
    void everyLoopWithACallbackGetsTheSignal() throws Exception {
        try (var other = LoopTestSupport.virtualLoop()) {
            Event a = new Event();
            Event b = new Event();
            loop.addSignalHandler(SIGURG, a::set);
            other.loop.addSignalHandler(SIGURG, b::set);
            kill("URG");
            loop.runUntilComplete(() -> { a.await(); });
            other.loop.runUntilComplete(() -> { b.await(); });
            assertTrue(loop.removeSignalHandler(SIGURG));
            assertFalse(before.get("URG").equals(installed("URG")), "the other loop's callback is still there");
            other.loop.close();
            assertEquals(before.get("URG"), installed("URG"));
        }
    }

    // Not in CPython's tests: a callback that raises goes to the exception handler, as any callback's.
    @Test
    void aFailingCallbackIsReported() {
        Event done = new Event();
        loop.addSignalHandler(SIGWINCH, () -> {
            done.set();
            throw new ArithmeticException("boom");
        });
        loop.runUntilComplete(() -> {
            Signal.raise(new Signal("WINCH"));
            done.await();
        });
        assertEquals(1, c.errors.size());
        assertTrue(c.errors.get(0).message().startsWith("Exception in callback"), c.errors.get(0).message());
        assertInstanceOf(ArithmeticException.class, c.errors.get(0).exception());
    }

    // Not in CPython's tests: with a signal handler, the virtual clock still jumps to the next timer.
    @Test
    void timersStillFireOnTheVirtualClock() {
        loop.addSignalHandler(SIGWINCH, () -> { });
        assertEquals(3600.0, loop.runUntilComplete(() -> {
            Aio.sleep(3600);
            return Aio.time();
        }));
    }

    // Not in CPython's tests: as every loop method, from another thread while the loop runs it
    // raises and changes nothing.
    @Test
    void addFromAnotherThreadIsRefused() {
        String msg = loop.runUntilComplete(() -> Aio.toThread(() -> {
            try {
                loop.addSignalHandler(SIGWINCH, () -> { });
                return "added";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }));
        assertTrue(msg.startsWith("Non-thread-safe operation"), msg);
        assertEquals(Map.of(), loop.signalHandlers);
        assertEquals(before.get("WINCH"), installed("WINCH"));
    }
}
