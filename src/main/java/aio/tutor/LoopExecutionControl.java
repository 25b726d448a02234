package aio.tutor;

import aio.Aio;
import aio.BackgroundLoop;
import aio.CancelledError;
import aio.Coro;
import aio.Future;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's in-process execution engine, changed so that every snippet runs as a task on the
 * console's {@link BackgroundLoop}: top-level await. A snippet that calls {@code sleep(1)}
 * suspends its task and the loop goes on serving other tasks (the echo server, earlier
 * snippets' tasks) until it resumes.
 *
 * <p>The console thread, which called {@code JShell.eval}, waits for the task. Ctrl-C calls
 * {@link #stop()}: it cancels the task, which ends it at its next await. A snippet that never
 * awaits ({@code while (true) {}}) cannot see a cancellation and holds the loop thread, so
 * after a short grace the stop falls back to JShell's own mechanism: {@link LocalExecutionControl}
 * compiles a check of a static flag into every loop of snippet code, and raising the flag
 * makes the running snippet code throw ThreadDeath, which the task turns into a cancellation.
 */
final class LoopExecutionControl extends LocalExecutionControl {
    /** How long a cancelled snippet may take to end before the stop flag is raised. */
    static final long STOP_GRACE_MILLIS = 500;

    private final BackgroundLoop loop;
    /** The snippet running now, or null. */
    private volatile CompletableFuture<Object> running;
    /** JShell's stop flag ({@code REPL.$Cancel$.allStop}), found after the first snippet. */
    private volatile Field allStop;
    private volatile boolean stopFlagProbed;
    /** The running snippet's task, set on the loop thread while its body runs. */
    private volatile aio.Task<?> runningTask;
    /** Ctrl-C came before the snippet's body started: it ends at once. */
    private volatile boolean cancelRequested;
    private volatile boolean stopRequested;
    private volatile boolean forcedStop;
    private volatile boolean interrupted;
    /** Ctrl-C came before the snippet was handed to invoke(): see {@link #beginInput()}. */
    private volatile boolean stopPending;
    private int snippetNumber;

    /** Playback: a snippet ends only when the loop has settled (see BackgroundLoop.submitAndSettle). */
    private final boolean settle;

    LoopExecutionControl(BackgroundLoop loop, boolean settle) {
        this.loop = loop;
        this.settle = settle;
    }

    /** The provider that hands JShell this engine. */
    static ExecutionControlProvider provider(LoopExecutionControl control) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "aio-loop";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return control;
            }
        };
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        probeStopFlag();
        boolean awaitValue = isExpression(doit);
        cancelRequested = stopPending; // Ctrl-C while JShell was still compiling the snippet
        stopRequested = stopPending;
        forcedStop = false;
        interrupted = false;
        Coro<Object> body = () -> {
            runningTask = Aio.currentTask();
            try {
                if (cancelRequested) {
                    throw new CancelledError();
                }
                return runSnippet(doit, awaitValue);
            } finally {
                runningTask = null;
                // On the loop thread, before any other task runs: the stop flag would kill
                // every task running snippet code (they are all instrumented).
                setStopFlag(false);
            }
        };
        String name = "snippet-" + (++snippetNumber);
        CompletableFuture<Object> task = settle ? loop.submitAndSettle(body, name) : loop.submit(body, name);
        running = task;
        try {
            // Completes only when the task is done: then no snippet code runs on the loop any more.
            return valueString(task.get());
        } catch (ExecutionException e) {
            throw new InvocationTargetException(e.getCause());
        } catch (CancellationException e) {
            throw new InvocationTargetException(e.getCause() instanceof CancelledError ce ? ce : new CancelledError());
        } catch (InterruptedException e) {
            task.cancel(true);
            throw new InvocationTargetException(new CancelledError("interrupted"));
        } finally {
            running = null;
            setStopFlag(false);
        }
    }

    /** A new input from the learner begins: a Ctrl-C from before it no longer counts. */
    void beginInput() {
        stopPending = false;
    }

    /** Whether the last snippet ignored its cancellation and had to be stopped by the stop flag. */
    boolean forcedStop() {
        return forcedStop;
    }

    /**
     * An expression's Future is awaited, as if the learner had typed await(...) around it. A
     * declaration or assignment keeps it (var t = createTask(...) leaves t running in the
     * background), and a variable's bare name shows the task itself. JShell keeps an
     * expression's value in a temporary variable named $N, a field of the snippet's class:
     * that tells an expression from the rest without compiling the source a second time.
     */
    private static boolean isExpression(Method doit) {
        Field[] fields = doit.getDeclaringClass().getDeclaredFields();
        return fields.length == 1 && fields[0].getName().startsWith("$");
    }

    /** Whether the last snippet blocked the loop thread and had to be interrupted. */
    boolean interrupted() {
        return interrupted;
    }

    /** Whether the last snippet was stopped by {@link #stop()} (Ctrl-C). */
    boolean stopRequested() {
        return stopRequested;
    }

    /** The snippet's body, on the loop thread, inside its task. */
    private static Object runSnippet(Method doit, boolean awaitValue) {
        Object value;
        try {
            value = doit.invoke(null);
        } catch (InvocationTargetException e) {
            if (isThreadDeath(e.getCause())) {
                throw new CancelledError("stopped: the snippet never awaited, so it was stopped where it ran");
            }
            throw Sneaky.raise(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        if (awaitValue && value instanceof Future<?> f) {
            return Aio.await(f);
        }
        return value;
    }

    /** JShell's stop check throws ThreadDeath (named, not referred to: the class is deprecated for removal). */
    private static boolean isThreadDeath(Throwable e) {
        return e != null && e.getClass().getName().equals("java.lang.ThreadDeath");
    }

    /**
     * Ctrl-C: cancels the running snippet's task; if the loop does not come back within
     * {@link #STOP_GRACE_MILLIS}, raises the stop flag until the snippet has ended. Any thread.
     */
    @Override
    public void stop() {
        CompletableFuture<Object> task = running;
        if (task == null) {
            stopPending = true; // not running yet (being compiled): it will not start
            return;
        }
        stopRequested = true;
        cancelRequested = true;
        try {
            // Cancel the task itself, not the CompletableFuture: that one must complete only
            // when the task has really ended.
            loop.loop().callSoonThreadsafe(() -> {
                aio.Task<?> t = runningTask;
                if (t != null) {
                    t.cancel();
                }
            });
        } catch (IllegalStateException closed) {
            return;
        }
        Thread.ofPlatform().daemon().name("aio-tutor-stop").start(() -> escalate(task));
    }

    /**
     * The stop's fallbacks, each after a grace: raise the stop flag (ends snippet code that
     * loops), then interrupt the loop thread if it is blocked inside snippet code
     * ({@code Thread.sleep} in a snippet ends with InterruptedException).
     */
    private void escalate(CompletableFuture<Object> task) {
        if (endsWithin(task)) {
            return;
        }
        forcedStop = true;
        setStopFlag(true); // cleared by invoke() when the snippet ends
        if (endsWithin(task)) {
            return;
        }
        Thread loopThread = loop.thread();
        if (inSnippetCode(loopThread)) {
            interrupted = true;
            loopThread.interrupt();
            endsWithin(task);
            // If the interrupt landed after the snippet had ended, it would make every later
            // select() return at once: clear it on the loop thread.
            try {
                loop.loop().callSoonThreadsafe(Thread::interrupted);
            } catch (IllegalStateException closed) {
                // nothing to clear
            }
        }
    }

    private static boolean endsWithin(CompletableFuture<Object> task) {
        try {
            task.get(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stuck) {
            return false;
        } catch (Exception ended) {
            return true;
        }
    }

    /** True when the thread is blocked with a snippet's code (JShell puts it in package REPL) on its stack. */
    private static boolean inSnippetCode(Thread t) {
        Thread.State state = t.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING && state != Thread.State.BLOCKED) {
            return false;
        }
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith("REPL.")) {
                return true;
            }
            if (e.getClassName().equals("aio.EventLoop")) {
                return false; // the loop itself waiting in select(): nothing of the snippet's is blocked
            }
        }
        return false;
    }

    /** Whether a runaway snippet can be stopped on this JDK (JShell's stop flag was found). */
    boolean canForceStop() {
        return allStop != null;
    }

    /**
     * LocalExecutionControl defines its stop-flag class the first time it runs a snippet
     * itself; this engine runs snippets on the loop instead, so it lets the base class run one
     * no-op method once, then looks the flag up.
     */
    private void probeStopFlag() {
        if (stopFlagProbed) {
            return;
        }
        stopFlagProbed = true;
        try {
            Method noOp = LoopExecutionControl.class.getDeclaredMethod("noOp");
            noOp.setAccessible(true);
            super.invoke(noOp);
        } catch (Throwable e) {
            // the flag class may be defined all the same: look for it
        }
        try {
            Field flag = findClass("REPL.$Cancel$").getDeclaredField("allStop");
            flag.setAccessible(true);
            allStop = flag;
        } catch (Throwable e) {
            allStop = null; // an older or different JDK: Ctrl-C still cancels snippets that await
        }
    }

    @SuppressWarnings("unused") // run by probeStopFlag
    private static void noOp() {
    }

    private void setStopFlag(boolean on) {
        Field f = allStop;
        if (f != null) {
            try {
                f.setBoolean(null, on);
            } catch (IllegalAccessException e) {
                allStop = null;
            }
        }
    }

    /** Rethrows any exception unchanged: snippet code may throw checked exceptions. */
    private static final class Sneaky {
        @SuppressWarnings("unchecked")
        static <E extends Throwable> RuntimeException raise(Throwable e) throws E {
            throw (E) e;
        }
    }
}
