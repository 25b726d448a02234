package tutor.agent;

import aio.BackgroundLoop;
import tutor.Messages;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Watches the loop's thread from outside: whether it still answers ({@link #blocked()}), what
 * holds it when it does not, and whether it has died, in which case the agent tells the
 * console why and ends (the console starts a fresh one): a loop whose thread is gone can run
 * nothing more.
 */
final class LoopWatch {
    /** The loop counts as responsive when it runs a callback within this time. */
    static final long RESPONSIVE_MILLIS = 500;

    private final BackgroundLoop loop;
    /** What ended the loop's thread, if an exception did. */
    private volatile Throwable death;

    LoopWatch(BackgroundLoop loop) {
        this.loop = loop;
        loop.thread().setUncaughtExceptionHandler((t, e) -> death = e);
    }

    private Predicate<String> say = line -> true;
    private Agent.Shutdown shutdown;
    private boolean dead;

    /** How long the loop's thread may wait for a monitor before the learner is told why it is stuck. */
    static final long MONITOR_WARNING_MILLIS = 1_000;

    /**
     * Starts watching for the loop thread's end (then {@code say("dying ...")} and
     * {@code shutdown}), and for a loop thread stuck on a monitor, which {@code warn} explains.
     */
    void start(Predicate<String> say, Agent.Shutdown shutdown, java.util.function.Consumer<String> warn) {
        this.say = say;
        this.shutdown = shutdown;
        Thread monitors = new Thread(() -> watchMonitors(warn), "aio-agent-monitor-watch");
        monitors.setDaemon(true);
        monitors.start();
        Thread watcher = new Thread(() -> {
            try {
                loop.thread().join();
            } catch (InterruptedException e) {
                return;
            }
            died();
        }, "aio-agent-loop-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Whether the loop has ended. A snippet that ended it (stop(), a logger that throws) sees
     * its task cancelled as the loop closes; before its answer reaches the console, the agent
     * says why it is ending and ends ({@link #died()}), so the console's next input does not
     * meet a dying agent.
     */
    boolean ended() {
        return !loop.loop().isRunning() || loop.loop().isClosed() || !loop.thread().isAlive();
    }

    /** The loop's thread has ended, or is ending: tell the console why, and end. Never returns. */
    void died() {
        try {
            loop.thread().join(1_000); // its uncaught exception, if any, is recorded as it ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (!dead) {
                dead = true;
                Throwable e = death;
                say.test("dying " + (e == null ? Messages.get("loop.stopped")
                        : e.getMessage() == null ? Messages.get("loop.died", e.getClass().getSimpleName())
                        : Messages.get("loop.died.message", e.getClass().getSimpleName(), e.getMessage())));
            }
        }
        shutdown.now(Agent.EXIT_LOOP_DIED);
    }

    /**
     * A task that awaits inside {@code synchronized} keeps the monitor while it is suspended
     * (JDK 24 and later), so the next task to enter that block blocks the loop's only thread,
     * and no task, the holder included, can run again. Nothing cheap can tell at the await, so
     * this watches for the consequence and says, once per stall, what happened and what to do.
     */
    private void watchMonitors(java.util.function.Consumer<String> warn) {
        long blockedSince = 0;
        boolean warned = false;
        while (loop.thread().isAlive()) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            if (loop.thread().getState() != Thread.State.BLOCKED) {
                blockedSince = 0;
                warned = false;
                continue;
            }
            long now = System.nanoTime();
            if (blockedSince == 0) {
                blockedSince = now;
            } else if (!warned && now - blockedSince > MONITOR_WARNING_MILLIS * 1_000_000) {
                warned = true;
                String method = method(loop.thread());
                warn.accept(method == null ? Messages.get("loop.stuck-in-synchronized")
                        : Messages.get("loop.stuck-in-synchronized.in", method));
            }
        }
    }

    /** "guarded": the learner's method the thread is in, when it is one with a name; else null. */
    private static String method(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (isSnippet(e) && !e.getMethodName().startsWith("lambda$") && !e.getMethodName().startsWith("do_it$")) {
                return e.getMethodName();
            }
        }
        return null;
    }

    /** Null when the loop runs a callback within {@link #RESPONSIVE_MILLIS}; else what holds its thread. */
    String blocked() {
        CountDownLatch ran = new CountDownLatch(1);
        try {
            loop.loop().callSoonThreadsafe(ran::countDown);
            if (ran.await(RESPONSIVE_MILLIS, TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (IllegalStateException closed) {
            return Messages.get("loop.closed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return describe(loop.thread());
    }

    /**
     * What a stuck loop thread is doing, in a few words: the call a snippet made that has not
     * returned ("in Thread.sleep"), and for a monitor, who holds it.
     */
    static String describe(Thread t) {
        if (!t.isAlive()) {
            return Messages.get("loop.thread-ended");
        }
        StackTraceElement[] stack = t.getStackTrace();
        String called = null;
        for (int i = 0; i < stack.length; i++) {
            if (isSnippet(stack[i])) {
                called = i == 0 ? Messages.get("loop.snippet-code") : simple(stack[i - 1]);
                break;
            }
        }
        if (called == null && stack.length > 0) {
            called = simple(stack[0]);
        }
        Thread.State state = t.getState();
        if (state == Thread.State.BLOCKED) {
            ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(t.threadId());
            if (info != null && info.getLockOwnerName() != null && info.getLockOwnerId() != t.threadId()) {
                return called == null ? Messages.get("loop.blocked.held", info.getLockOwnerName())
                        : Messages.get("loop.blocked.held.in", called, info.getLockOwnerName());
            }
            // Since JDK 24 a task may be suspended inside synchronized: it keeps the monitor,
            // and the next task to want it blocks the loop's only thread.
            return called == null ? Messages.get("loop.blocked.suspended") : Messages.get("loop.blocked.suspended.in", called);
        }
        if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
            return called == null ? Messages.get("loop.waiting") : Messages.get("loop.waiting.in", called);
        }
        return called == null ? Messages.get("loop.busy") : Messages.get("loop.busy.in", called);
    }

    /** JShell compiles snippets into classes of the package REPL. */
    static boolean isSnippet(StackTraceElement e) {
        return e.getClassName().startsWith("REPL.");
    }

    private static String simple(StackTraceElement e) {
        String c = e.getClassName();
        return c.substring(c.lastIndexOf('.') + 1) + "." + e.getMethodName();
    }
}
