package aio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Helpers shared by the runtime tests: CPython's test_utils, ported. */
final class LoopTestSupport {
    private LoopTestSupport() {
    }

    /**
     * test_utils.run_briefly: runs the loop for a couple of iterations (a trivial task and the
     * callback that stops the loop when it is done), so that everything ready now gets one step.
     * Uses up one "Task-N" name.
     */
    static void runBriefly(EventLoop loop) {
        loop.runUntilComplete(loop.createTask(() -> null));
    }

    /**
     * test_utils.run_once: one iteration of the loop, as the idiom {@code loop.call_soon(loop.stop);
     * loop.run_forever()} gives it (the callbacks ready now run, those they schedule wait).
     */
    static void runOnce(EventLoop loop) {
        loop.callSoon(loop::stop);
        loop.runForever();
    }

    /** A loop on the virtual clock whose log lines and error reports are collected, not printed. */
    static Captured virtualLoop() {
        return capture(Aio.newEventLoop(Options.virtual()));
    }

    /** Sends {@code loop}'s log lines and exception-handler calls to lists. */
    static Captured capture(EventLoop loop) {
        Captured c = new Captured(loop);
        loop.setLogger(c.log::add);
        loop.setExceptionHandler((l, ctx) -> c.errors.add(ctx));
        return c;
    }

    /** A loop with what it logged and what its exception handler received. */
    static final class Captured implements AutoCloseable {
        final EventLoop loop;
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final List<ErrorContext> errors = Collections.synchronizedList(new ArrayList<>());

        Captured(EventLoop loop) {
            this.loop = loop;
        }

        /** The messages of the error reports, in order. */
        List<String> messages() {
            synchronized (errors) {
                return errors.stream().map(ErrorContext::message).toList();
            }
        }

        @Override
        public void close() {
            loop.close();
        }
    }
}
