package tutor.agent;

import aio.Aio;
import aio.BackgroundLoop;
import aio.CancelledError;
import aio.ExceptionGroup;
import aio.Coro;
import tutor.Messages;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl.RunException;
import jdk.jshell.spi.ExecutionControl.UserException;

/**
 * JShell's execution engine in the agent, changed so that every snippet runs as a task on the
 * agent's {@link BackgroundLoop}: top-level await. A snippet that calls {@code sleep(1)}
 * suspends its task and the loop goes on serving other tasks (the echo server, earlier
 * snippets' tasks) until it resumes.
 *
 * <p>JShell's command thread, which received the invoke, waits for the task. Ctrl-C reaches
 * {@link #stop()} through the signal channel: it cancels the task, which ends it at its next
 * await. A snippet that never awaits ({@code while (true) {}}) cannot see a cancellation and
 * holds the loop thread, so after a short grace the stop falls back to JShell's own mechanism:
 * {@link LocalExecutionControl} compiles a check of a static flag into every loop of snippet
 * code, and raising the flag makes the running snippet code throw ThreadDeath, which the task
 * turns into a cancellation. A snippet blocked in a JDK call ({@code Thread.sleep}) is
 * interrupted. Whatever survives all that (a JDK computation, a monitor) the console ends by
 * ending this JVM.
 */
final class LoopExecutionControl extends LocalExecutionControl {
    /** How long a cancelled snippet may take to end before the stop flag is raised. */
    static final long STOP_GRACE_MILLIS = 500;
    /** A value longer than this is shown cut (a 10 MB string need not cross to the console). */
    static final int MAX_VALUE_CHARS = 10_000;

    private final BackgroundLoop loop;
    /** Playback: a snippet ends only when the loop has settled (see BackgroundLoop.submitAndSettle). */
    private final boolean settle;
    private final AgentStreams streams;
    private final AgentCommands commands;
    private final LoopWatch watch;

    /** What Ctrl-C stops now (the running snippet, or a request's work), or null. */
    private volatile Runnable onStop;
    /** Ctrl-C came while nothing was running yet (JShell was compiling): the next snippet does not start. */
    private volatile boolean stopPending;
    /**
     * Held while Ctrl-C finds nothing to stop and keeps it ({@link #stopPending}), and while a
     * snippet puts its stop in {@link #onStop} and looks for a kept one: without it, a Ctrl-C
     * could see no snippet, the snippet then see no Ctrl-C, and the snippet run on.
     */
    private final Object stopLock = new Object();
    /** A second Ctrl-C: stop waiting for the snippet, leave it running. */
    private volatile CompletableFuture<Void> detached = new CompletableFuture<>();
    /** JShell's stop flag ({@code REPL.$Cancel$.allStop}), found before the first snippet. */
    private volatile Field allStop;
    private boolean stopFlagProbed;
    /**
     * Snippets are named for :tasks and :timeline: the learner's are snippet-1, snippet-2, ...
     * from their first input on; what the console runs before it (its {@code random}) is setup.
     */
    private int snippetNumber;
    private volatile boolean learnerStarted;

    /**
     * {@link Request#CARRY_VALUE}: the old class's value of a variable put into the new class
     * JShell compiled it into, where it would otherwise start as null (or 0). Only into a field
     * still at its default, and only a value its new type accepts.
     */
    boolean carryValue(Request.Carry c) {
        try {
            Field from = findClass(c.from()).getDeclaredField(c.field());
            Field to = findClass(c.to()).getDeclaredField(c.field());
            from.setAccessible(true);
            to.setAccessible(true);
            Object value = from.get(null);
            Class<?> type = to.getType();
            boolean fits = type.isPrimitive() ? type == from.getType() : value == null || type.isInstance(value);
            Object now = to.get(null);
            boolean untouched = now == null || (type.isPrimitive() && now.equals(java.lang.reflect.Array.get(
                    java.lang.reflect.Array.newInstance(type, 1), 0)));
            if (!fits || !untouched) {
                return false;
            }
            to.set(null, value);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** True in playback, where what a snippet prints must not depend on timing. */
    boolean settles() {
        return settle;
    }

    LoopExecutionControl(BackgroundLoop loop, boolean settle, AgentStreams streams, AgentCommands commands) {
        this.loop = loop;
        this.settle = settle;
        this.streams = streams;
        this.commands = commands;
        this.watch = new LoopWatch(loop);
        commands.attach(this);
    }

    AgentCommands commands() {
        return commands;
    }

    LoopWatch watch() {
        return watch;
    }

    /** A new input from the learner begins: a Ctrl-C from before it no longer counts. */
    void beginInput() {
        stopPending = false;
        learnerStarted = true;
    }

    // ---- running a snippet ------------------------------------------------------

    /** How the last snippet was stopped, for its message; set on the loop and signal threads. */
    private static final class Stop {
        volatile boolean requested;
        volatile boolean forced;
        volatile boolean interrupted;
        volatile aio.Task<?> task;
        /** The CancelledError the snippet's code let out, message and all (its task keeps none). */
        volatile CancelledError raised;
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        streams.install(); // whatever the last snippet did to System.out
        probeStopFlag();
        Stop stop = new Stop();
        stop.requested = stopPending;
        Coro<Value> body = new SnippetBody(doit.getDeclaringClass(), () -> {
            stop.task = Aio.currentTask();
            try {
                if (stop.requested) {
                    throw new CancelledError();
                }
                Object value;
                try {
                    value = runSnippet(doit);
                } catch (CancelledError e) {
                    stop.raised = e;
                    throw e;
                }
                // Its text is made here, on the loop's thread, while the task still runs: a
                // snippet's value may be the task itself (currentTask(), allTasks()), which is
                // running, and a loop's objects are not to be read from another thread.
                return new Value(value, LearnerFrames.protect(shorten(display(value))), value == Aio.currentTask());
            } finally {
                stop.task = null;
                // On the loop thread, before any other task runs: the stop flag would kill
                // every task running snippet code (they are all instrumented).
                setStopFlag(false);
            }
        });
        String name = learnerStarted ? "snippet-" + (++snippetNumber) : "setup";
        CompletableFuture<Value> task = settle ? loop.submitAndSettle(body, name) : loop.submit(body, name);
        CompletableFuture<Void> detach = detached = new CompletableFuture<>();
        Runnable stopThis = () -> stop(task, stop);
        boolean keptStop;
        synchronized (stopLock) {
            onStop = stopThis;
            keptStop = stopPending && !stop.requested; // Ctrl-C came while the task was being submitted
        }
        if (keptStop) {
            stopThis.run();
        }
        try {
            try {
                CompletableFuture.anyOf(task, detach).get();
            } catch (ExecutionException | CancellationException ended) {
                // the task's own outcome is read below
            }
            if (!task.isDone()) {
                throw new InvocationTargetException(new Detached(name));
            }
            if (watch.ended()) {
                watch.died(); // the snippet ended the loop: the agent ends before it answers
            }
            // Completes only when the task is done: then no snippet code runs on the loop any more.
            return task.get().shown(loop);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (stop.requested && (cause instanceof CancelledError || stop.interrupted)) {
                throw new InvocationTargetException(new StoppedByCtrlC(stop.interrupted, stop.forced));
            }
            throw new InvocationTargetException(cause);
        } catch (CancellationException e) {
            throw new InvocationTargetException(stop.requested ? new StoppedByCtrlC(stop.interrupted, stop.forced)
                    : e.getCause() instanceof CancelledError ce ? ce
                    : stop.raised != null ? stop.raised : new CancelledError());
        } finally {
            onStop = null;
            if (task.isDone()) {
                setStopFlag(false);
            }
        }
    }

    /**
     * A snippet's task's coroutine, named as Python's REPL names its input's
     * ({@code coro=<<module>() running at <console>:1>}): {@code <snippet>() running at #24:1}
     * once the console has put its names in (the agent knows the snippet only as the class
     * JShell wrapped it in).
     */
    private static final class SnippetBody implements Coro<Value> {
        private final Class<?> snippet;
        private final Coro<Value> body;
        private volatile boolean done;

        SnippetBody(Class<?> snippet, Coro<Value> body) {
            this.snippet = snippet;
            this.body = body;
        }

        @Override
        public Value call() throws Exception {
            try {
                return body.call();
            } finally {
                done = true;
            }
        }

        @Override
        public String toString() {
            String file = snippet.getSimpleName() + ".java";
            return done ? "<snippet>() done, defined at " + file : "<snippet>() running at " + file;
        }
    }

    /**
     * A snippet's value and its text as the snippet ended. A Future or Task (not the snippet's
     * own) is shown again once the snippet has finished, as the learner meets it at the next
     * prompt: a task the snippet created has begun by then ({@code wait_for=<sleep 1 s ...>}).
     */
    private record Value(Object value, String text, boolean own) {
        /** As a snippet's task's result shows (:loop): the value's text, as the prompt shows it. */
        @Override
        public String toString() {
            return text == null ? "null" : text;
        }

        /** The text to show: read again on the loop's thread for a Future, if the loop answers at once. */
        String shown(BackgroundLoop loop) {
            if (!(value instanceof aio.Future<?>) || own) {
                return text;
            }
            CompletableFuture<String> again = new CompletableFuture<>();
            try {
                loop.loop().callSoonThreadsafe(() -> again.complete(LearnerFrames.protect(shorten(display(value)))));
                return again.get(LoopWatch.RESPONSIVE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RuntimeException | InterruptedException | ExecutionException | TimeoutException busy) {
                return text;
            }
        }
    }

    /**
     * The snippet was ended by Ctrl-C; the console words it ("cancelled (Ctrl-C): it never
     * awaited, so it was stopped where it ran"). Its class name is the console's cue.
     */
    static final class StoppedByCtrlC extends RuntimeException {
        StoppedByCtrlC(boolean interrupted, boolean forced) {
            super(interrupted ? "interrupted" : forced ? "forced" : "cancelled", null, false, false);
        }
    }

    /** A second Ctrl-C: the console stopped waiting; the snippet's task goes on. */
    static final class Detached extends RuntimeException {
        Detached(String task) {
            super(task, null, false, false);
        }
    }

    /** The snippet's body, on the loop thread, inside its task. */
    private static Object runSnippet(Method doit) {
        Object value;
        try {
            value = doit.invoke(null);
        } catch (InvocationTargetException e) {
            if (isThreadDeath(e.getCause())) {
                throw new CancelledError(Messages.get("ctrl-c.never-awaited"));
            }
            throw Sneaky.raise(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return value; // a Future is shown, not awaited: only await(...) waits, as in python -m asyncio
    }

    /** JShell's stop check throws ThreadDeath (named, not referred to: the class is deprecated for removal). */
    private static boolean isThreadDeath(Throwable e) {
        return e != null && e.getClass().getName().equals("java.lang.ThreadDeath");
    }

    /**
     * A value's text as JShell writes it, but a double with floating-point noise in its last
     * digits shown rounded to three decimals: a time measured on the real clock reads
     * {@code 3.006}, not {@code 3.0058845809999997}.
     */
    static String display(Object value) {
        if ((value instanceof Double || value instanceof Float) && !Double.isNaN(((Number) value).doubleValue())) {
            String plain = value.toString();
            int dot = plain.indexOf('.');
            if (dot >= 0 && !plain.contains("E") && plain.length() - dot - 1 > 4) {
                String rounded = String.format(java.util.Locale.ROOT, "%.3f", ((Number) value).doubleValue())
                        .replaceAll("0+$", "");
                return rounded.endsWith(".") ? rounded + "0" : rounded;
            }
        }
        if (value != null && value.getClass().isHidden()) {
            // a lambda or method reference: JShell would show its hidden class ($Lambda/0x…@5284d7f2)
            return "<lambda>() at " + value.getClass().getNestHost().getSimpleName() + ".java";
        }
        return valueString(value);
    }

    /** A value's text, cut to {@link #MAX_VALUE_CHARS}. */
    static String shorten(String value) {
        if (value == null || value.length() <= MAX_VALUE_CHARS) {
            return value;
        }
        return Messages.get("value.cut", value.substring(0, MAX_VALUE_CHARS), value.length() - MAX_VALUE_CHARS);
    }

    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException, InternalException {
        return LearnerFrames.protect(shorten(super.varValue(className, varName)));
    }

    // ---- Ctrl-C -------------------------------------------------------------------

    /** Ctrl-C, from the signal channel: stops whatever the console is waiting for. */
    @Override
    public void stop() {
        Runnable now;
        synchronized (stopLock) {
            now = onStop;
            if (now == null) {
                stopPending = true; // not running yet (being compiled): it will not start
                return;
            }
        }
        now.run();
    }

    /** A second Ctrl-C: the waiting invoke returns, the snippet's task goes on. */
    void detach() {
        detached.complete(null);
    }

    /** Runs a request's work with Ctrl-C cancelling it; returns its result. */
    <T> T foreground(CompletableFuture<T> work) throws InterruptedException, ExecutionException {
        onStop = () -> work.cancel(true);
        try {
            return work.get();
        } finally {
            onStop = null;
        }
    }

    /**
     * Cancels the snippet's task; if the loop does not come back within
     * {@link #STOP_GRACE_MILLIS}, raises the stop flag (ends snippet code that loops), then
     * interrupts the loop thread if it is blocked inside snippet code ({@code Thread.sleep} in a
     * snippet ends with InterruptedException).
     */
    private void stop(CompletableFuture<Value> task, Stop stop) {
        stop.requested = true;
        try {
            // Cancel the task itself, not the CompletableFuture: that one must complete only
            // when the task has really ended.
            loop.loop().callSoonThreadsafe(() -> {
                aio.Task<?> t = stop.task;
                if (t != null) {
                    t.cancel();
                }
            });
        } catch (IllegalStateException closed) {
            return;
        }
        Thread.ofPlatform().daemon().name("aio-agent-stop").start(() -> {
            if (endsWithin(task)) {
                return;
            }
            // Still not done: what holds the loop's thread? Snippet code that never awaits
            // meets the stop flag; snippet code blocked in a JDK call (Thread.sleep) is
            // interrupted. A snippet that is merely awaiting (it caught its cancellation) is left
            // alone: raising the flag then would kill whatever snippet code ran next.
            Thread loopThread = loop.thread();
            // A lesson's check may run the learner's code on a loop of its own ("aio-check").
            if (inSnippetCode(loopThread, Thread.State.RUNNABLE) || checkThreads().anyMatch(t -> inSnippetCode(t, Thread.State.RUNNABLE))) {
                stop.forced = true;
                setStopFlag(true); // cleared when the snippet ends
                if (endsWithin(task)) {
                    return;
                }
            }
            if (inSnippetCode(loopThread, Thread.State.WAITING, Thread.State.TIMED_WAITING, Thread.State.BLOCKED)) {
                stop.interrupted = true;
                loopThread.interrupt(); // the loop clears a stray interrupt before it waits again
            }
        });
    }

    private static boolean endsWithin(CompletableFuture<?> task) {
        try {
            task.get(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stuck) {
            return false;
        } catch (Exception ended) {
            return true;
        }
    }

    /** The threads of lesson checks running now (see tutor.Check). */
    private static java.util.stream.Stream<Thread> checkThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("aio-check"));
    }

    /** True when the thread is in one of {@code states} with a snippet's code on its stack. */
    private static boolean inSnippetCode(Thread t, Thread.State... states) {
        if (!java.util.Arrays.asList(states).contains(t.getState())) {
            return false;
        }
        for (StackTraceElement e : t.getStackTrace()) {
            if (LoopWatch.isSnippet(e)) {
                return true;
            }
        }
        return false;
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

    // ---- the console's requests -----------------------------------------------------

    @Override
    public Object extensionCommand(String command, Object arg) throws RunException, NotImplementedException {
        return commands.run(command, arg);
    }

    /** A task group's failure crosses with its sub-exceptions listed (see {@link GroupedFailure}). */
    @Override
    protected String throwConvertedInvocationException(Throwable cause) throws RunException, InternalException {
        if (cause instanceof ExceptionGroup group) {
            throw GroupedFailure.of(group);
        }
        String message = cause.getMessage();
        if (message != null && message.contains("$JShell$")) {
            // a task's repr in the message ("Task cannot await on itself: <Task ...>"): kept from JShell's stripping
            UserException protectedCopy = new UserException(LearnerFrames.protect(message), cause.getClass().getName(),
                    cause.getStackTrace());
            if (cause.getCause() != null) {
                try {
                    super.throwConvertedInvocationException(cause.getCause());
                } catch (UserException c) {
                    protectedCopy.initCause(c);
                } catch (RunException other) {
                    // the cause is left out, as JShell leaves out what it cannot send
                }
            }
            throw protectedCopy;
        }
        return super.throwConvertedInvocationException(cause);
    }

    /** Rethrows any exception unchanged: snippet code may throw checked exceptions. */
    private static final class Sneaky {
        @SuppressWarnings("unchecked")
        static <E extends Throwable> RuntimeException raise(Throwable e) throws E {
            throw (E) e;
        }
    }
}
