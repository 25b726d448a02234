package tutor.agent;

import aio.Aio;
import aio.BackgroundLoop;
import aio.Future;
import aio.Task;
import aio.Timeline;
import tutor.Messages;
import tutor.agent.Request.Failure;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jdk.jshell.spi.ExecutionControl.NotImplementedException;
import jdk.jshell.spi.ExecutionControl.RunException;
import jdk.jshell.spi.ExecutionControl.UserException;

/**
 * The agent's side of the console's {@link Request}s: each is answered on JShell's command
 * thread, from what it reads on the loop's thread, and never waits longer than
 * {@link Request#LOOP_ANSWER_MILLIS} for a loop that does not answer (it says what holds it).
 * Work that takes time ({@code :send}, {@code :stop-server}) is cancelled by Ctrl-C.
 */
final class AgentCommands {
    private static final int WAIT_COLUMN = 44;

    private final BackgroundLoop loop;
    private final EchoService echo;
    private final TimelineCommand timeline;
    private LoopExecutionControl control;

    /** @param recording what the loop records (it was made with it), for :timeline and the tasks' ages */
    AgentCommands(BackgroundLoop loop, AgentStreams streams, Timeline recording) {
        this.loop = loop;
        this.echo = new EchoService(loop, line -> streams.note().println(line),
                line -> streams.info().println(Messages.get("server.log", line)));
        this.timeline = new TimelineCommand(recording);
    }

    void attach(LoopExecutionControl control) {
        this.control = control;
    }

    /** Answers one request; a failure becomes a UserException the console shows as one line. */
    Object run(String command, Object arg) throws RunException, NotImplementedException {
        Request request;
        try {
            request = Request.valueOf(command);
        } catch (IllegalArgumentException e) {
            throw new NotImplementedException(Messages.get("agent.no-such-request", command));
        }
        try {
            return switch (request) {
                case INPUT_STARTS -> {
                    control.beginInput();
                    timeline.inputStarts();
                    yield null;
                }
                case INPUT_ENDED -> {
                    timeline.inputEnded();
                    collectSoon();
                    yield null;
                }
                case TASKS -> onLoop(this::tasks);
                case TASK_CODE -> onLoop(AgentCommands::taskCode);
                case CARRY_VALUE -> control.carryValue((Request.Carry) arg);
                case LANGUAGE -> {
                    Messages.use(java.util.Locale.forLanguageTag((String) arg));
                    yield null;
                }
                case TIMELINE -> timeline.chart((String) arg);
                case LOOP -> timeline.loopRun();
                case START_SERVER -> foreground(echo.start((Integer) arg));
                case STOP_SERVER -> foreground(echo.stop());
                case SEND -> {
                    Request.Message m = (Request.Message) arg;
                    yield foreground(echo.send(m.text(), m.port()));
                }
            };
        } catch (Failure f) {
            throw new UserException(f.getMessage(), Failure.class.getName(), new StackTraceElement[0]);
        } catch (RuntimeException e) {
            throw new UserException(e.getMessage() == null ? "" : e.getMessage(), e.getClass().getName(), e.getStackTrace());
        }
    }

    /**
     * After each input: a collection, so that the loop can report "Task exception was never
     * retrieved" for a failed task that nothing refers to any more (asyncio reports it when
     * CPython frees the task, at once, by reference counting; Java's collector runs when it
     * likes). Only while some failure is unretrieved; in the background, so the prompt does not
     * wait for it; in playback before the input ends, so that the report is part of its output.
     */
    private void collectSoon() {
        if (!loop.loop().hasUnretrievedExceptions()) {
            return; // nothing a collection could report: no pause for the next input
        }
        if (control.settles()) {
            collectUnreachable();
        } else {
            Thread.ofVirtual().name("aio-tutor-collect").start(this::collectUnreachable);
        }
    }

    private void collectUnreachable() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        System.gc();
        try {
            // the JVM enqueues cleared references on a thread of its own: wait until it has
            // (exactly, where the JDK lets us ask; else until the sentinel is there, which the
            // others of the same collection are very nearly always with)
            if (!REFERENCES.waitAll()) {
                queue.remove(500);
            }
            CompletableFuture<Void> looked = new CompletableFuture<>();
            loop.loop().callSoonThreadsafe(() -> looked.complete(null)); // its iteration reports them
            looked.get(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // the loop is busy, blocked or closed: it reports them when it next runs
        }
        java.lang.ref.Reference.reachabilityFence(sentinel);
    }

    /** For each task not done, the learner's classes on its stack (JShell's "REPL." ones). */
    private static ArrayList<Request.TaskCode> taskCode() {
        ArrayList<Request.TaskCode> out = new ArrayList<>();
        for (Task<?> t : Aio.allTasks()) {
            List<String> classes = java.util.Arrays.stream(t.getStack()).map(StackTraceElement::getClassName)
                    .filter(c -> c.startsWith("REPL.")).distinct().toList();
            if (!classes.isEmpty()) {
                out.add(new Request.TaskCode(t.getName(), new ArrayList<>(classes)));
            }
        }
        return out;
    }

    /** The JDK's own wait for reference processing (what direct buffers use), when it is exported to us. */
    private static final class REFERENCES {
        private static final java.lang.invoke.MethodHandle WAIT = find();

        private static java.lang.invoke.MethodHandle find() {
            try {
                Class<?> secrets = Class.forName("jdk.internal.access.SharedSecrets");
                Object access = secrets.getMethod("getJavaLangRefAccess").invoke(null);
                java.lang.reflect.Method m = access.getClass().getMethod("waitForReferenceProcessing");
                m.setAccessible(true);
                return java.lang.invoke.MethodHandles.lookup().unreflect(m).bindTo(access);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }

        /** Waits until every reference the last collection cleared is enqueued; false when it cannot ask. */
        static boolean waitAll() throws InterruptedException {
            if (WAIT == null) {
                return false;
            }
            try {
                for (int i = 0; i < 100 && (boolean) WAIT.invoke(); i++) {
                    // it waited: more may have become pending meanwhile
                }
                return true;
            } catch (InterruptedException e) {
                throw e;
            } catch (Throwable e) {
                return false;
            }
        }
    }

    /** The tasks, one row each, read on the loop's thread (one consistent moment). */
    private ArrayList<Request.TaskRow> tasks() {
        ArrayList<Request.TaskRow> rows = new ArrayList<>();
        boolean debug = Aio.getRunningLoop().getDebug();
        double now = Aio.getRunningLoop().time();
        for (Task<?> t : Aio.allTasks()) {
            StackTraceElement[] newest = t.getStack(1);
            StackTraceElement where = newest.length == 1 ? newest[0] : null;
            List<StackTraceElement> created = t.getSourceTraceback();
            rows.add(new Request.TaskRow(t.getName(), t.state(), describe(t.waitingOn(), t.suspendedIn()), t.age(),
                    where == null ? null : where.getClassName(), where == null ? -1 : where.getLineNumber(), null,
                    debug && !created.isEmpty() ? created.getLast().toString() : null));
        }
        for (Timeline.TaskRecord failed : timeline.failedSinceInput()) {
            rows.add(new Request.TaskRow(failed.name(), Request.TaskRow.FAILED, failed.failure(),
                    Math.max(0, now - failed.lastNanos() / 1e9), null, -1, null, null));
        }
        return rows;
    }

    /**
     * What a task waits on: another task by name, a sleep, or for a plain future the runtime
     * call it waits in ({@code Lock.acquire}, {@code Queue.get}, ...), else the future's own
     * description.
     */
    static String describe(Future<?> f, StackTraceElement in) {
        if (f == null) {
            return "-";
        }
        if (f instanceof Task<?> t) {
            return Messages.get("tasks.waiting-on.task", t.getName());
        }
        String s = f.toString();
        if (in != null && s.startsWith("<Future ")) {
            String cls = in.getClassName().substring(in.getClassName().lastIndexOf('.') + 1);
            boolean plainAwait = (cls.equals("Aio") || cls.equals("Future")) && in.getMethodName().equals("await");
            if (!plainAwait) {
                return cls + "." + in.getMethodName();
            }
        }
        return s.length() > WAIT_COLUMN ? s.substring(0, WAIT_COLUMN - 1) + "…" : s;
    }

    /** Runs {@code what} on the loop's thread; a loop that does not answer in time is a Failure saying why. */
    private <T> T onLoop(java.util.concurrent.Callable<T> what) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            loop.loop().callSoonThreadsafe(() -> {
                try {
                    result.complete(what.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
            return result.get(Request.LOOP_ANSWER_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new Failure(Messages.get("loop.no-answer", Request.LOOP_ANSWER_MILLIS / 1000,
                    LoopWatch.describe(loop.thread())));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            throw new Failure(Messages.get("java.interrupted"));
        } catch (IllegalStateException closed) {
            throw new Failure(Messages.get("loop.closed"));
        }
    }

    /** Waits for work on the loop, with Ctrl-C cancelling it; its result, or a Failure. */
    private <T> T foreground(CompletableFuture<T> work) {
        try {
            return control.foreground(work);
        } catch (CancellationException e) {
            throw new Failure(Messages.get("request.cancelled"));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            throw new Failure(Messages.get("java.interrupted"));
        }
    }

    /** The agent is ending: stop the server at once (bounded: the loop may be stuck). */
    void shutdown() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            loop.loop().callSoonThreadsafe(() -> {
                echo.shutdown();
                done.complete(null);
            });
            done.get(500, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // the loop is stuck or gone: the process ends anyway, and its sockets with it
        }
    }

}
