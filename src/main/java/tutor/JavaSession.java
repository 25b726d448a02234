package tutor;

import tutor.agent.Request;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.VarSnippet;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControl.UserException;

/**
 * The learner's Java: JShell compiles it here, in the console, and an agent JVM runs it, each
 * snippet as a task on the agent's loop ({@link JavaEngine}). It takes input as typed, splits
 * it into snippets, evaluates them in order and describes each outcome as {@link Line}s the way
 * the jshell tool would ({@link SnippetReport}).
 *
 * <p>The session outlives its agents. When learner code ends the agent (System.exit, a halt, a
 * dead loop thread) or wedges it past Ctrl-C, a fresh agent starts, the learner's definitions
 * are declared in it again ({@link Definitions}), and one line says what happened, what came
 * back and what was lost. Ctrl-C first cancels the snippet; if the agent has not answered a
 * couple of seconds later and its loop is stuck, the agent is ended and replaced.
 */
final class JavaSession implements AutoCloseable {

    /**
     * What every session imports. aio's classes whose names java.util or
     * java.util.concurrent also use (Queue, PriorityQueue, Future, Semaphore) are imported by
     * name as well, since a single-type import wins over on-demand ones.
     */
    static final List<String> IMPORTS = List.of(
            "import aio.*;",
            "import static aio.Aio.*;",
            "import java.util.*;",
            "import java.util.concurrent.*;",
            "import java.util.concurrent.atomic.*;",
            "import java.util.function.*;",
            "import java.util.stream.*;",
            "import java.time.*;",
            "import java.io.*;",
            "import java.nio.*;",
            "import java.nio.charset.*;",
            "import java.nio.file.*;",
            "import tutor.Check;",
            "import aio.Queue;",
            "import aio.PriorityQueue;",
            "import aio.LifoQueue;",
            "import aio.Future;",
            "import aio.Semaphore;",
            "import aio.Lock;",
            "import aio.Condition;",
            "import aio.Event;");

    /** How long after Ctrl-C a snippet may take to end before the console looks at why it has not. */
    static final long CTRL_C_GRACE_MILLIS = 2_000;
    /** How long the agent may take to answer "are you alive?" before it counts as wedged. */
    static final long PING_MILLIS = 1_500;
    /**
     * The compiler runs on a thread with a stack this large: javac recurses once per operator
     * of an expression, and a 2,000-term sum would overflow a default stack.
     */
    private static final long COMPILER_STACK_BYTES = 512L << 20;

    /** One line of what a snippet did, with its kind so the console can colour it. */
    record Line(Kind kind, String text) {
        enum Kind { VALUE, INFO, ERROR }
    }

    /** Input cut into complete snippets, and what is left over when the input is not finished. */
    record Split(List<String> snippets, String rest) {
        boolean incomplete() {
            return !rest.isBlank();
        }
    }

    /**
     * The outcome of evaluating some input: its lines, whether any snippet failed, and the
     * exception that ended it, if one did.
     */
    record Outcome(List<Line> lines, boolean failed, Failure failure) {
    }

    /** An exception a snippet ended with: its class's full name and its message. */
    record Failure(String type, String message) {
    }

    /**
     * How the session runs its agents.
     *
     * @param agent      the agents' loop: virtual clock, settling (playback), slow-step warnings
     * @param seed       the seed of the {@code random} the session declares; null for an unseeded one
     * @param jvmOptions more options for the agents' JVM (an AOT training run's)
     */
    record Settings(AgentProcess.Options agent, Long seed, List<String> jvmOptions) {
        static Settings interactive() {
            return new Settings(new AgentProcess.Options(false, false, 0), null, List.of());
        }

        /**
         * These settings on the virtual clock (which, as in playback, moves only while an input
         * runs, so each input ends once the loop has settled) or on the real one.
         */
        Settings clock(boolean virtual) {
            return new Settings(new AgentProcess.Options(virtual, virtual, agent.warnSlowSeconds()), seed, jvmOptions);
        }
    }

    /** Replaced by {@link #useClock}: the agents started after that use its clock. */
    private volatile Settings settings;
    private final JavaEngine.Sinks sinks;
    /** Where a restart that happened while nothing ran is announced (above the prompt). */
    private final Consumer<Line> notices;
    private final Definitions definitions = new Definitions();
    private final SnippetReport report = new SnippetReport();
    /** JShell's names for the learner's code, as the console shows them ({@code #24:2}). */
    private final SnippetNames names = new SnippetNames();
    private final ExecutorService compiler = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(null, r, "aio-tutor-compiler", COMPILER_STACK_BYTES);
        t.setDaemon(true);
        return t;
    });

    /** The engine now; replaced when its agent ends. */
    private volatile JavaEngine engine;
    /** A replacement being started, or null. */
    private volatile Restart restart;
    private volatile boolean closed;

    /** Ctrl-C presses while the console waits for the agent now. */
    private final AtomicInteger interrupts = new AtomicInteger();
    /** The engine the console waits for now (a snippet or a request), or null. */
    private volatile JavaEngine busy;
    /**
     * An input is on its way to the agent but not yet waited for (the agent is told a new input
     * begins, which forgets any earlier stop): a Ctrl-C now is kept in {@link #earlyCtrlC} and
     * delivered once the console waits, so the input does not start.
     */
    private volatile boolean preparing;
    private volatile boolean earlyCtrlC;
    /** Counts the console's waits (inputs and requests), so that a late look after Ctrl-C knows its own. */
    private final AtomicInteger waits = new AtomicInteger();

    /**
     * Starts the first agent (half a second or so: call it off the console's thread). Its
     * first snippet ({@code random}) has run when this returns, so both ends are warm.
     */
    JavaSession(Settings settings, JavaEngine.Sinks sinks, Consumer<Line> notices) {
        this(settings, sinks, notices, launch(settings, sinks));
    }

    /** @param agent the first agent, launched already ({@link #launch}): its JVM starts while the console does */
    JavaSession(Settings settings, JavaEngine.Sinks sinks, Consumer<Line> notices, AgentProcess agent) {
        this.settings = settings;
        this.sinks = sinks;
        this.notices = notices;
        for (java.io.OutputStream o : List.of(sinks.out(), sinks.err(), sinks.note(), sinks.info())) {
            if (o instanceof LineSink line) {
                line.rewrite(this::fromAgent);
            }
        }
        use(JavaEngine.start(agent, settings.seed(), sinks));
    }

    /** Starts an agent JVM for a session with these settings. Raises IllegalStateException when it cannot. */
    static AgentProcess launch(Settings settings, JavaEngine.Sinks sinks) {
        return JavaEngine.launch(settings.agent(), settings.jvmOptions(), sinks);
    }

    /** A fresh engine: a new agent, and a JShell for it. */
    private JavaEngine fresh() {
        return JavaEngine.start(launch(settings, sinks), settings.seed(), sinks);
    }

    private void use(JavaEngine e) {
        engine = e;
        names.forget();
        report.use(e.shell());
        e.ended.thenAccept(this::ended);
    }

    /** {@code text} with JShell's names for the learner's code as the console shows them ({@code #24:2}). */
    String named(String text) {
        return names.rewrite(text);
    }

    /** True when the session's loop runs on the virtual clock. */
    boolean virtualClock() {
        return settings.agent().virtualClock();
    }

    /**
     * {@code :clock}: a fresh agent on the other clock (a loop cannot change its clock while
     * tasks wait on it), with the learner's definitions declared again, as after a restart.
     * Returns what came back, in words, for the console's line.
     */
    String useClock(boolean virtual) {
        settings = settings.clock(virtual);
        JavaEngine old = engine();
        boolean server = old.serverPort != 0;
        JavaEngine fresh = fresh();
        Definitions.Restored restored = definitions.restore(fresh);
        old.close();
        use(fresh);
        tellFresh();
        return restored.summary(server);
    }

    /** Forgets every snippet: a fresh agent, with no tasks and no server. */
    void reset() {
        JavaEngine old = engine();
        definitions.clear();
        JavaEngine fresh = fresh();
        old.close();
        use(fresh);
        tellFresh();
    }

    @Override
    public void close() {
        closed = true;
        Restart r = restart;
        if (r != null) {
            r.engine.thenAccept(JavaEngine::close);
        }
        engine.close();
        compiler.shutdownNow();
    }

    // ---- restarts -------------------------------------------------------------------

    /** A replacement agent on its way, and the line that says so, shown by whoever claims it first. */
    private static final class Restart {
        final CompletableFuture<JavaEngine> engine = new CompletableFuture<>();
        volatile String message;
        final AtomicBoolean claimed = new AtomicBoolean();
    }

    /** An agent ended: unless the console ended it on purpose, start another and restore into it. */
    private void ended(JavaEngine e) {
        Restart r;
        synchronized (this) {
            if (closed || e.closing() || e != engine || restart != null) {
                return;
            }
            r = new Restart();
            restart = r;
        }
        Thread.ofPlatform().daemon().name("aio-tutor-restart").start(() -> {
            String why = whyEnded(e);
            try {
                JavaEngine fresh = fresh();
                r.message = definitions.restore(fresh).restartLine(why, e.serverPort != 0);
                synchronized (this) {
                    use(fresh);
                    restart = null;
                }
                tellFresh();
                r.engine.complete(fresh);
            } catch (RuntimeException ex) {
                r.message = Messages.get("restart.failed", why, ex.getMessage());
                synchronized (this) {
                    restart = null;
                }
                r.engine.completeExceptionally(ex);
            }
            // An input that waits for this agent says it in its own lines (restartLine); once
            // none does, the line goes above the prompt.
            while (busy == e) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ex) {
                    break;
                }
            }
            if (r.claimed.compareAndSet(false, true)) {
                notices.accept(new Line(Line.Kind.ERROR, r.message));
            }
        });
    }

    /** Why an agent ended, in a few words; waits a moment for its exit status. */
    private static String whyEnded(JavaEngine e) {
        try {
            e.agent().process().waitFor(500, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return e.agent().endReason();
    }

    /**
     * The engine to use now: the current one, or the replacement being started (waited for).
     * Raises IllegalStateException when no agent could be started.
     */
    private JavaEngine engine() {
        Restart r = restart;
        if (r != null) {
            try {
                return r.engine.get();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(Messages.get("java.interrupted"));
            } catch (ExecutionException ex) {
                throw new IllegalStateException(r.message, ex.getCause());
            }
        }
        return engine;
    }

    /** The engine if it is ready now, else null: completion must never wait for a restart. */
    private JavaEngine engineIfReady() {
        return restart == null ? engine : null;
    }

    /** If {@code e} has ended, waits for its replacement and returns the line about it (once), else null. */
    private Line restartLine(JavaEngine e) {
        if (!e.ended() || e.closing()) {
            return null;
        }
        ended(e); // in case the notice of its end has not come yet
        Restart r = restart;
        JavaEngine now = engine;
        if (r == null && now != e) {
            return null; // replaced already, and announced
        }
        if (r != null) {
            try {
                r.engine.get();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException ex) {
                // the message says so
            }
            if (r.claimed.compareAndSet(false, true)) {
                return new Line(Line.Kind.ERROR, r.message);
            }
        }
        return null;
    }

    // ---- input ----------------------------------------------------------------

    /** Cuts {@code input} into complete snippets; an unfinished tail is returned as the rest. */
    Split split(String input) {
        return split(engine().shell(), input);
    }

    private static Split split(JShell shell, String input) {
        SourceCodeAnalysis sca = shell.sourceCodeAnalysis();
        List<String> snippets = new ArrayList<>();
        String remaining = input;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(remaining);
            Completeness c = info.completeness();
            if (c == Completeness.EMPTY) {
                break;
            }
            if (c == Completeness.DEFINITELY_INCOMPLETE || c == Completeness.CONSIDERED_INCOMPLETE) {
                return new Split(snippets, remaining);
            }
            // COMPLETE, COMPLETE_WITH_SEMI, or UNKNOWN (not Java: let eval report the error).
            // Leading blank lines would shift the line numbers of errors: drop them.
            snippets.add(info.source().replaceFirst("^(\\s*\\n)+", ""));
            if (c == Completeness.UNKNOWN || info.remaining().length() >= remaining.length()) {
                break; // UNKNOWN takes everything; never loop without progress
            }
            remaining = info.remaining();
        }
        return new Split(snippets, "");
    }

    /** True when {@code input} needs more lines before it can run (Python never does: it gets its hint at once). */
    boolean needsMore(String input) {
        return pythonHint(input) == null && split(input).incomplete();
    }

    /** The hint when {@code input} is Python (see {@link PythonHabits}), or null. */
    private String pythonHint(String input) {
        JavaEngine e = engineIfReady();
        return PythonHabits.hint(input, name -> e != null && e.shell().methods()
                .anyMatch(m -> m.name().equals(name) && e.shell().status(m).isActive()));
    }

    /** {@link #needsMore} without waiting for a restart: false (let it run) while none is ready. */
    boolean needsMoreNow(String input) {
        JavaEngine e = engineIfReady();
        try {
            return e != null && pythonHint(input) == null && split(e.shell(), input).incomplete();
        } catch (RuntimeException | StackOverflowError ex) {
            return false;
        }
    }

    /**
     * Evaluates each snippet in {@code input}, in order, stopping at the first that fails;
     * each snippet's lines go to {@code sink} as soon as it has run. Returns false if one failed.
     */
    boolean eval(String input, Consumer<Line> sink) {
        return eval(input, sink, true);
    }

    /** @param learners the learner's input: it resets Ctrl-C and is what :timeline charts */
    private boolean eval(String input, Consumer<Line> sink, boolean learners) {
        try {
            return evalInput(input, sink, learners);
        } finally {
            preparing = false;
            earlyCtrlC = false; // a Ctrl-C kept for this input never reaches the next one
        }
    }

    private boolean evalInput(String input, Consumer<Line> sink, boolean learners) {
        String tooLong = StringConstants.tooLong(input);
        if (tooLong != null) {
            sink.accept(new Line(Line.Kind.ERROR, tooLong));
            return false;
        }
        String python = learners ? pythonHint(input) : null;
        if (python != null) {
            sink.accept(new Line(Line.Kind.ERROR, python));
            return false;
        }
        if (learners && LONE_ELSE.matcher(input).lookingAt()) {
            // The if it belongs to was complete, so it ran when Enter was pressed: the compiler
            // would only say "reached end of file while parsing", twice.
            sink.accept(new Line(Line.Kind.ERROR, Messages.get("java.lone-else")));
            return false;
        }
        JavaEngine e;
        try {
            e = engine();
        } catch (IllegalStateException ex) {
            sink.accept(new Line(Line.Kind.ERROR, Messages.get("java.unavailable", ex.getMessage())));
            return false;
        }
        preparing = true;
        try {
            if (learners) {
                mark(e, Request.INPUT_STARTS);
            }
            startWaiting(e);
            deliverEarlyCtrlC();
            Split split;
            try {
                split = split(e.shell(), input);
            } catch (RuntimeException | StackOverflowError ex) {
                split = new Split(List.of(input), "");
            }
            List<String> snippets = new ArrayList<>(split.snippets());
            if (split.incomplete()) {
                snippets.add(split.rest()); // let the compiler say what is missing
            }
            boolean ok = true;
            for (String source : snippets) {
                List<Line> lines = new ArrayList<>();
                ok = evalOne(e, source, lines);
                if (!e.ended()) {
                    e.reconcileImports();
                }
                Line restarted = restartLine(e);
                if (restarted != null) {
                    // What ended the agent says more than the snippet's own error (its task cancelled).
                    lines.removeIf(l -> l.kind() == Line.Kind.ERROR);
                    lines.add(restarted);
                    ok = false;
                }
                lines.forEach(sink);
                if (!ok) {
                    break;
                }
            }
            if (learners && !e.ended()) {
                mark(e, Request.INPUT_ENDED);
                definitions.remember(e);
            }
            return ok;
        } finally {
            busy = null;
        }
    }

    /** A Ctrl-C that came while the input was on its way (see {@link #preparing}) stops it now. */
    private void deliverEarlyCtrlC() {
        preparing = false;
        if (earlyCtrlC) {
            earlyCtrlC = false;
            interrupt();
        }
    }

    /**
     * An input of the learner's begins (Console calls this before it may wait for Java to start):
     * from now on a Ctrl-C is kept for it, see {@link #preparing}.
     */
    void inputComing() {
        earlyCtrlC = false;
        preparing = true;
    }

    /** An input that begins with else: its if was an input of its own. */
    private static final java.util.regex.Pattern LONE_ELSE = java.util.regex.Pattern.compile("\\s*(?:\\}\\s*)?else\\b");

    /** {@code Type name} or {@code Type name = ...;}: what may declare a variable again. */
    private static final java.util.regex.Pattern DECLARATION = java.util.regex.Pattern.compile(
            "^\\s*(?:final\\s+)?([A-Za-z_$][\\w$.]*(?:<[^=;]*>)?(?:\\[\\])*)\\s+([A-Za-z_$][\\w$]*)\\s*(?:=[\\s\\S]*)?;?\\s*$");

    /**
     * A snippet that fails never destroys what the learner declared: JShell keeps a
     * declaration of a type it does not know ({@code Foo x;}, or Python's {@code await t}, a
     * variable t of type await) and lets it replace the variable of that name. The error line
     * when {@code source} would do that to a variable the learner has, else null.
     */
    private static String keepsVariable(JShell shell, String source) {
        java.util.regex.Matcher m = DECLARATION.matcher(source);
        if (!m.matches()) {
            return null;
        }
        String type = m.group(1);
        String name = m.group(2);
        if (type.equals("var") || type.equals("return") || type.equals("new") || type.equals("throw")
                || java.util.Set.of("int", "long", "short", "byte", "char", "boolean", "double", "float").contains(type)) {
            return null;
        }
        boolean exists = shell.variables().anyMatch(v -> v.name().equals(name) && shell.status(v).isActive());
        if (!exists) {
            return null;
        }
        String probe = "(" + type + ") null";
        if (shell.sourceCodeAnalysis().analyzeType(probe, probe.length()) != null) {
            return null;
        }
        return Messages.get("snippet.variable-kept", type, name);
    }

    /**
     * Whether {@code code} only declares (methods, classes, variables, imports) and some of
     * that is not declared in the session now: a lesson step an exercise builds on, which a
     * learner who came back later, or reset, does not have.
     */
    boolean declaresWhatIsMissing(String code) {
        JShell shell = engine().shell();
        List<Snippet> wanted = new ArrayList<>();
        try {
            // each snippet of the step: sourceToSnippets reads only the first of several
            for (String one : split(shell, code).snippets()) {
                wanted.addAll(shell.sourceCodeAnalysis().sourceToSnippets(one));
            }
        } catch (RuntimeException ex) {
            return false;
        }
        boolean missing = false;
        for (Snippet s : wanted) {
            if (!s.kind().isPersistent() || startsWork(s)) {
                return false; // it also runs something: not to be replayed behind the learner's back
            }
            missing |= shell.snippets().noneMatch(have -> shell.status(have).isActive() && sameDeclaration(have, s));
        }
        return missing;
    }

    /**
     * A variable whose initializer sets something going (a task that runs on, a server, a
     * process): declaring it again would start that again, behind the learner's back.
     */
    private static boolean startsWork(Snippet s) {
        if (s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            return true; // an expression ("1 + 1" is a $N variable to JShell): it runs, it declares nothing
        }
        return s instanceof VarSnippet v && (STARTS_WORK.matcher(v.source()).find()
                || v.typeName().matches(".*\\b(Task|Server|Subprocess|Connection)\\b.*"));
    }

    private static final java.util.regex.Pattern STARTS_WORK = java.util.regex.Pattern.compile(
            "\\b(createTask|startServer|openConnection|createSubprocessExec|createSubprocessShell|toThread|ensureFuture)\\s*\\(");

    private static boolean sameDeclaration(Snippet a, Snippet b) {
        if (a.kind() != b.kind()) {
            return false;
        }
        return switch (a) {
            case jdk.jshell.MethodSnippet m -> b instanceof jdk.jshell.MethodSnippet n && m.name().equals(n.name())
                    && m.parameterTypes().equals(n.parameterTypes());
            case jdk.jshell.DeclarationSnippet d -> d.name().equals(((jdk.jshell.DeclarationSnippet) b).name());
            default -> a.source().strip().equals(b.source().strip());
        };
    }

    /** Tells the agent an input starts or ended; an agent that has ended is found out by the input itself. */
    private static void mark(JavaEngine e, Request which) {
        try {
            request(e, which, null);
        } catch (RequestFailed ended) {
            // the snippet's own evaluation meets the same end and reports it
        }
    }

    /** {@link #eval(String, Consumer)} collecting the lines, and the exception it ended with. */
    Outcome eval(String input) {
        List<Line> lines = new ArrayList<>();
        report.forgetFailure();
        boolean ok = eval(input, lines::add);
        return new Outcome(lines, !ok, ok ? null : report.lastFailure());
    }

    private boolean evalOne(JavaEngine e, String source, List<Line> lines) {
        String kept = keepsVariable(e.shell(), source);
        if (kept != null) {
            lines.add(new Line(Line.Kind.ERROR, kept));
            return false;
        }
        List<SnippetEvent> events;
        java.util.Map<String, String> moved = new java.util.HashMap<>(); // snippets JShell compiled into a new class
        try {
            // On the compiler's thread, with its deep stack; the console's waits.
            events = compiler.submit(() -> {
                names.evaluating(source);
                List<SnippetEvent> evs = e.shell().eval(source);
                moved.putAll(names.named(evs, e.shell().sourceCodeAnalysis()));
                return evs;
            }).get();
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            if (e.ended()) {
                return false; // the agent ended during the snippet: the restart line says so
            }
            lines.add(new Line(Line.Kind.ERROR, cause instanceof StackOverflowError
                    ? Messages.get("snippet.too-deep")
                    : Messages.get("snippet.compiler-failed", cause)));
            return false;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
        boolean ok = true;
        int first = lines.size();
        List<jdk.jshell.MethodSnippet> replaced = new ArrayList<>();
        for (SnippetEvent ev : events) {
            if (ev.causeSnippet() != null && ev.snippet() instanceof VarSnippet v && ev.status() == Snippet.Status.VALID
                    && ev.previousStatus() == Snippet.Status.VALID && moved.containsKey(v.id())) {
                keepValue(e, v, moved.get(v.id()), lines);
            }
            if (ev.causeSnippet() != null) {
                if (ev.snippet() instanceof jdk.jshell.MethodSnippet m && ev.status() == Snippet.Status.OVERWRITTEN) {
                    replaced.add(m);
                }
                Line update = report.update(ev);
                if (update != null) {
                    lines.add(update);
                }
                continue;
            }
            ok &= report.describe(ev, source, lines);
        }
        for (int i = first; i < lines.size(); i++) {
            Line l = lines.get(i);
            lines.set(i, new Line(l.kind(), names.rewrite(l.text())));
        }
        if (!replaced.isEmpty()) {
            stillRunningOldCode(e, replaced, lines);
        }
        if (!ok && report.lastFailure() != null) {
            backgroundTrace = null; // :trace shows this snippet's exception now
        }
        return ok;
    }

    /**
     * JShell compiled variable {@code v}'s declaration again, into a new class, because something
     * it uses was replaced: the variable starts over as null there (jshell says "reset to null").
     * The learner's value (a running task, say) is carried over from the old class instead.
     */
    private void keepValue(JavaEngine e, VarSnippet v, String before, List<Line> lines) {
        Object kept;
        try {
            kept = request(e, Request.CARRY_VALUE, new Request.Carry(before, names.className(v.id()), v.name()));
        } catch (RequestFailed busy) {
            kept = false;
        }
        if (!Boolean.TRUE.equals(kept)) {
            lines.add(new Line(Line.Kind.INFO, Messages.get("update.reset", Messages.get("snippet.variable", v.name()))));
        }
    }

    /**
     * JShell compiles a replaced method into a new class; a task already running code that calls
     * it (or running it) goes on with the old one, where Python would call the new body at the
     * next call. Says so, a line per such task.
     */
    private void stillRunningOldCode(JavaEngine e, List<jdk.jshell.MethodSnippet> replaced, List<Line> lines) {
        List<?> tasks;
        try {
            tasks = (List<?>) request(e, Request.TASK_CODE, null);
        } catch (RequestFailed busy) {
            return; // the loop is busy: no note rather than a wait
        }
        if (tasks == null || tasks.isEmpty()) {
            return;
        }
        JShell shell = e.shell();
        for (jdk.jshell.MethodSnippet old : replaced) {
            String call = java.util.regex.Pattern.quote(old.name()) + "\\s*\\(";
            java.util.regex.Pattern calls = java.util.regex.Pattern.compile("(?<![\\w$])" + call);
            for (Object o : tasks) {
                Request.TaskCode t = (Request.TaskCode) o;
                boolean uses = t.classes().stream().anyMatch(c -> {
                    java.util.regex.Matcher m = SNIPPET_CLASS.matcher(c);
                    if (!m.matches()) {
                        return false;
                    }
                    String id = m.group(1);
                    return id.equals(old.id()) || shell.snippets().anyMatch(s -> s.id().equals(id) && calls.matcher(s.source()).find());
                });
                if (uses) {
                    lines.add(new Line(Line.Kind.INFO, Messages.get("snippet.replaced.running", t.task(),
                            old.name() + "(" + old.parameterTypes() + ")")));
                }
            }
        }
    }

    private static final java.util.regex.Pattern SNIPPET_CLASS = java.util.regex.Pattern.compile("REPL\\.\\$JShell\\$(\\d+)[A-Z]?(?:\\$.*)?");

    // ---- requests ------------------------------------------------------------------

    /** A request that failed: its message is the one line to show. */
    static final class RequestFailed extends RuntimeException {
        RequestFailed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Asks the agent for {@code request} (see {@link Request}), with Ctrl-C stopping it; its
     * result. Raises {@link RequestFailed} with a one-line message when it fails.
     */
    Object request(Request request, Object arg) {
        JavaEngine e;
        try {
            e = engine();
        } catch (IllegalStateException ex) {
            throw new RequestFailed(Messages.get("java.unavailable", ex.getMessage()));
        }
        startWaiting(e);
        try {
            Object result = request(e, request, arg);
            Line restarted = restartLine(e);
            if (restarted != null) {
                throw new RequestFailed(restarted.text());
            }
            return result;
        } finally {
            busy = null;
        }
    }

    /** :tasks rows with the text of the line each task waits at (the agent knows only its number). */
    List<Request.TaskRow> withSources(List<?> rows) {
        List<Request.TaskRow> out = new ArrayList<>();
        for (Object o : rows) {
            Request.TaskRow r = (Request.TaskRow) o;
            SnippetNames.Place where = names.place(r.frameClass(), r.frameLine());
            if (where != null) {
                String text = engine().shell().snippets().filter(sn -> sn.id().equals(where.id())).findFirst()
                        .map(sn -> sn.source().lines().skip(where.line() - 1L).findFirst().orElse("").strip()).orElse("");
                r = r.at(Messages.get("tasks.at.line", where.line(), text));
            }
            out.add(r.createdAt() == null ? r : r.createdAt(names.rewrite(r.createdAt())));
        }
        return out;
    }

    private static Object request(JavaEngine e, Request request, Object arg) {
        try {
            return e.request(request, arg);
        } catch (UserException ex) {
            throw new RequestFailed(ex.causeExceptionClass().equals(Request.Failure.class.getName())
                    ? ex.getMessage()
                    : SnippetReport.shortName(ex.causeExceptionClass()) + (ex.getMessage() == null || ex.getMessage().isEmpty()
                        ? "" : ": " + ex.getMessage()));
        } catch (ExecutionControl.ExecutionControlException ex) {
            throw new RequestFailed(Messages.get("java.no-answer", ex.getMessage()));
        }
    }

    // ---- Ctrl-C --------------------------------------------------------------------

    /**
     * Ctrl-C while the console waits for the agent. The first cancels what runs (the agent
     * stops the snippet); if it has not ended {@link #CTRL_C_GRACE_MILLIS} later and the
     * agent's loop is stuck, the agent is ended and replaced. If the loop is free (the snippet
     * catches its cancellation, or cleans up slowly), a second Ctrl-C stops waiting and leaves
     * it running in the background. Any thread.
     */
    void interrupt() {
        JavaEngine e = busy;
        if (e == null) {
            if (preparing) {
                earlyCtrlC = true;
            }
            return;
        }
        int n = interrupts.incrementAndGet();
        if (n == 1) {
            e.agent().signal("stop");
            int wait = waits.get();
            Thread.ofPlatform().daemon().name("aio-tutor-ctrl-c").start(() -> afterCtrlC(e, wait));
            return;
        }
        String answer = e.agent().ask("detach", PING_MILLIS);
        if (answer == null || answer.startsWith("blocked ")) {
            e.agent().kill(stuck(answer));
        }
    }

    /** The console waits for {@code e} from now on (a new input or request). */
    private void startWaiting(JavaEngine e) {
        interrupts.set(0);
        waits.incrementAndGet();
        busy = e;
    }

    /** True while the console still waits for the same thing as when {@code wait} was read. */
    private boolean stillWaiting(JavaEngine e, int wait) {
        return busy == e && waits.get() == wait;
    }

    private void afterCtrlC(JavaEngine e, int wait) {
        long deadline = System.nanoTime() + CTRL_C_GRACE_MILLIS * 1_000_000;
        while (stillWaiting(e, wait) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException ex) {
                return;
            }
        }
        if (!stillWaiting(e, wait) || interrupts.get() != 1) {
            return;
        }
        String answer = e.agent().ask("ping", PING_MILLIS);
        if (!stillWaiting(e, wait)) {
            return;
        }
        if (answer == null || answer.startsWith("blocked ")) {
            e.agent().kill(stuck(answer));
        } else if (e.control().invoking()) {
            notices.accept(new Line(Line.Kind.INFO, Messages.get("ctrl-c.still-running")));
        }
    }

    private static String stuck(String answer) {
        return answer == null ? Messages.get("ctrl-c.stuck.silent")
                : Messages.get("ctrl-c.stuck", answer.substring("blocked ".length()));
    }

    // ---- introspection, completion ----------------------------------------------

    /** "type name = value" for each variable the learner declared; those not usable yet are marked. */
    List<String> variables() {
        JavaEngine e = engine();
        JShell shell = e.shell();
        List<String> lines = new ArrayList<>();
        for (VarSnippet v : shell.variables().toList()) {
            if (e.isPreamble(v) || !shell.status(v).isActive()) {
                continue;
            }
            if (shell.status(v) != Snippet.Status.VALID) {
                lines.add(v.typeName() + " " + v.name() + " (" + report.whyUnusable(v) + ")");
                continue;
            }
            String value;
            try {
                value = shell.varValue(v);
            } catch (RuntimeException ex) {
                value = Messages.get("vars.unavailable", ex.getMessage());
            }
            lines.add(v.typeName() + " " + v.name() + " = " + names.rewrite(value));
        }
        return lines;
    }

    /**
     * The sources of the learner's snippets still in effect, in the order typed (jshell's
     * {@code /save}): declarations, imports and statements; not the console's own, not those
     * replaced or dropped since, not those that did not compile.
     */
    List<String> activeSources() {
        JavaEngine e = engine();
        JShell shell = e.shell();
        return shell.snippets().filter(sn -> !e.isPreamble(sn) && shell.status(sn).isActive()
                && shell.status(sn) != Snippet.Status.REJECTED).map(Snippet::source).map(String::strip).toList();
    }

    /**
     * The sources of the learner's snippets in effect that declare one of {@code names} (a
     * method, class or variable; or a snippet's id), in the order typed.
     */
    List<String> sourcesDeclaring(java.util.Set<String> names) {
        JavaEngine e = engine();
        JShell shell = e.shell();
        return shell.snippets().filter(sn -> !e.isPreamble(sn) && shell.status(sn).isActive()
                        && shell.status(sn) != Snippet.Status.REJECTED
                        && (names.contains(sn.id()) || sn instanceof jdk.jshell.DeclarationSnippet d && names.contains(d.name())))
                .map(Snippet::source).map(String::strip).toList();
    }

    /** The names {@code code} declares (its methods, classes, variables), read without running it. */
    java.util.Set<String> namesDeclaredBy(String code) {
        try {
            return engine().shell().sourceCodeAnalysis().sourceToSnippets(code).stream()
                    .filter(sn -> sn instanceof jdk.jshell.DeclarationSnippet)
                    .map(sn -> ((jdk.jshell.DeclarationSnippet) sn).name())
                    .collect(java.util.stream.Collectors.toSet());
        } catch (RuntimeException ex) {
            return java.util.Set.of();
        }
    }

    /** The imports in effect, as source lines. */
    List<String> imports() {
        JShell shell = engine().shell();
        return shell.imports().filter(i -> shell.status(i).isActive()).map(ImportSnippet::source).map(String::strip).toList();
    }

    /** Completion candidates for {@code code} at {@code cursor}; {@code anchor[0]} gets where they start. */
    List<SourceCodeAnalysis.Suggestion> complete(String code, int cursor, int[] anchor) {
        JavaEngine e = engineIfReady();
        return e == null ? List.of() : e.shell().sourceCodeAnalysis().completionSuggestions(code, cursor, anchor);
    }

    /** Javadoc-style signatures for what is at {@code cursor} (the second Tab). */
    List<String> documentation(String code, int cursor) {
        JavaEngine e = engineIfReady();
        return e == null ? List.of() : e.shell().sourceCodeAnalysis().documentation(code, cursor, false).stream()
                .map(SourceCodeAnalysis.Documentation::signature).toList();
    }

    /** The full stack trace of the last runtime exception, or "" if there was none. */
    String lastTrace() {
        String background = backgroundTrace;
        return background != null ? background : names.rewrite(report.lastTrace());
    }

    /**
     * The details of the loop's last one-line report ("Task exception was never retrieved"), when
     * it came after the last snippet's error: {@code :trace} shows them. Null otherwise.
     */
    private volatile String backgroundTrace;

    /**
     * A line of the agent's output, as the learner reads it: JShell's names replaced, and a
     * report's details (after LearnerFrames.DETAILS) kept for :trace instead of shown.
     */
    private String fromAgent(String line) {
        int cut = line.indexOf(tutor.agent.LearnerFrames.DETAILS);
        if (cut < 0) {
            return names.rewrite(line);
        }
        backgroundTrace = names.rewrite(line.substring(cut + 1).replace(tutor.agent.LearnerFrames.DETAILS_NEWLINE, '\n'));
        return names.rewrite(line.substring(0, cut));
    }

    /** Ctrl-C: see {@link #interrupt()}. */
    void stop() {
        interrupt();
    }

    /** The console's server listens on {@code port} in the current agent (0: it stopped). */
    void serverListens(int port) {
        JavaEngine e = engine;
        if (e != null) {
            e.serverPort = port;
        }
    }

    /** The port of the console's server in the current agent, or 0 (none, or the agent is new). */
    int serverPort() {
        JavaEngine e = engineIfReady();
        return e == null ? 0 : e.serverPort;
    }

    /**
     * Calls {@code listener} each time a fresh agent takes over (:reset, or a restart once the
     * learner's definitions are back): the lessons declare what an exercise builds on.
     */
    void onFresh(Consumer<JavaSession> listener) {
        freshListeners.add(listener);
    }

    private final List<Consumer<JavaSession>> freshListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private void tellFresh() {
        for (Consumer<JavaSession> l : freshListeners) {
            try {
                l.accept(this);
            } catch (RuntimeException ex) {
                // a listener's trouble is not the session's
            }
        }
    }
}
