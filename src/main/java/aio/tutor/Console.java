package aio.tutor;

import aio.echo.ReverseEcho;
import aio.tutor.agent.Request;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The tutorial console: reads input from a {@link ConsoleIO}, runs meta-commands itself and
 * hands Java to a {@link JavaSession}, whose snippets run in an agent JVM as tasks on its event
 * loop, which keeps running between prompts (the echo server lives there too). What the agent
 * prints comes back here and is shown above the prompt.
 *
 * <p>The agent and the JShell that compiles for it take a second or so to start, so they are
 * started and warmed up on another thread while the first prompt is already showing; Java
 * typed before they are ready waits for them, meta-commands do not.
 */
final class Console implements AutoCloseable {

    /**
     * How the console runs.
     *
     * @param stateDir     where progress is kept; null keeps it in memory only
     * @param playback     lessons played by a script: steps end only when the loop has settled,
     *                     and the server's real port is shown as 9996 (see lessons/README.md)
     * @param virtualClock the loop's clock is virtual (playback only)
     * @param seed         the seed of the session's {@code random}; null for an unseeded one
     * @param agentJvm     more options for the agent's JVM (an AOT training run's)
     */
    record Settings(java.nio.file.Path stateDir, boolean playback, boolean virtualClock, Long seed,
            java.nio.file.Path lessonsDir, List<String> agentJvm) {
        static Settings interactive(java.nio.file.Path stateDir) {
            return new Settings(stateDir, false, false, null, LessonLibrary.folder(), List.of());
        }

        static Settings playback(boolean virtualClock, long seed) {
            return new Settings(null, true, virtualClock, seed, LessonLibrary.folder(), List.of());
        }

        /** The same settings with the lessons read from {@code dir}. */
        Settings lessons(java.nio.file.Path dir) {
            return new Settings(stateDir, playback, virtualClock, seed, dir, agentJvm);
        }

        /** The same settings with more options for the agent's JVM. */
        Settings agentJvm(List<String> options) {
            return new Settings(stateDir, playback, virtualClock, seed, lessonsDir, List.copyOf(options));
        }

        /** How the session's agents run: playback settles each step; interactively slow steps are named. */
        JavaSession.Settings session() {
            return new JavaSession.Settings(new AgentProcess.Options(virtualClock, playback, playback ? 0 : SLOW_STEP_SECONDS),
                    seed, agentJvm);
        }
    }

    /** A step of a task that holds the loop longer than this is reported (interactive only). */
    static final double SLOW_STEP_SECONDS = 1.0;

    private final Settings settings;
    private final CompletableFuture<JavaSession> session;
    private final Tutor tutor;
    /** The port of the server :start-server started, or 0: :send's default. */
    private volatile int serverPort;
    /** Playback: the server's real port, shown as the lesson's 9996; 0 when none. */
    private volatile int aliasedPort;
    private final MetaCommands commands = new MetaCommands();
    private final ConsoleIO io;
    private final PrintStream savedErr = System.err;
    /** The agent's output channels: its System.out and System.err, and the console's own lines from there. */
    private final LineSink outSink;
    private final LineSink errSink;
    private final LineSink noteSink;
    private final LineSink infoSink;

    /** What Ctrl-C cancels now: the running snippet or command, or nothing. */
    private volatile Runnable onInterrupt = () -> { };
    private boolean failed;
    private boolean quit;

    /** Builds the console; {@code ioFactory} makes its input/output, which may ask the console for completion. */
    Console(Function<Console, ConsoleIO> ioFactory) {
        this(ioFactory, Settings.interactive(null));
    }

    Console(Function<Console, ConsoleIO> ioFactory, Settings settings) {
        this.settings = settings;
        session = new CompletableFuture<>();
        tutor = new Tutor(this, () -> LessonLibrary.load(settings.lessonsDir()),
                Progress.load(settings.stateDir(), warning -> savedErr.println(Main.PROGRAM + ": " + warning)));
        defineCommands();
        // Output from snippets and tasks goes through the IO: above the prompt on a terminal.
        outSink = new LineSink(line -> print(Style.PLAIN, line));
        errSink = new LineSink(line -> print(Style.ERROR, line));
        noteSink = new LineSink(line -> print(Style.NOTE, line));
        infoSink = new LineSink(line -> print(Style.INFO, line));
        // The agent's JVM starts while the terminal opens (each takes a while); JShell, which
        // competes with the line editor for the CPU, once the prompt is about to show.
        CompletableFuture<AgentProcess> agent = CompletableFuture.supplyAsync(
                () -> JavaSession.launch(settings.session(), sinks()), r -> Thread.ofPlatform().daemon().name("aio-tutor-launch").start(r));
        io = ioFactory.apply(this);
        io.onInterrupt(() -> onInterrupt.run());
        startJShell(agent);
    }

    private JavaEngine.Sinks sinks() {
        return new JavaEngine.Sinks(outSink, errSink, noteSink, infoSink, line -> print(Style.ERROR, "java: " + line));
    }

    /** True for a line the console runs itself rather than as Java. */
    static boolean isMetaCommand(String input) {
        String s = input.strip();
        return s.startsWith(":") && !s.startsWith("::");
    }

    /** Reads and runs input until :quit or its end. Returns the exit code: non-zero when piped input failed. */
    int run() {
        if (io.interactive()) {
            print(Style.INFO, "aio-tutor " + Main.version() + ": asyncio for Java, one loop on one thread.");
            print(Style.INFO, "Type Java to run it as a task on the loop (sleep(1) and await(...) work here),");
            print(Style.INFO, ":help for commands, :lessons to begin, Ctrl-D to leave.");
        }
        if (io.interactive()) {
            // Reading 16 lessons would delay the first prompt: on a thread of its own. Its
            // line shows above the prompt, or at the next one if the learner is already busy
            // (never between an input and its answer).
            Thread.ofPlatform().daemon().name("aio-tutor-greet").start(() -> {
                String line;
                try {
                    line = tutor.greeting();
                } catch (RuntimeException e) {
                    line = "lessons unavailable: " + e.getMessage();
                }
                greeting.set(line);
                synchronized (this) {
                    if (!busy) {
                        showGreeting();
                    }
                }
            });
        }
        while (!quit) {
            showGreeting();
            String input = io.read();
            if (input == null) {
                break;
            }
            if (input.isBlank()) {
                continue;
            }
            execute(input);
        }
        if (io instanceof PlainIO plain && !plain.unfinished().isEmpty()) {
            failed = true; // the compiler has reported what is missing
        }
        return failed && !io.interactive() ? 1 : 0; // a learner's mistakes are no failure of the session
    }

    // ---- Java -------------------------------------------------------------------

    /**
     * Starts the JShell that compiles for the agent, on a thread of its own; Java typed before
     * it is ready waits for it.
     */
    private void startJShell(CompletableFuture<AgentProcess> agent) {
        Thread.ofPlatform().daemon().name("aio-tutor-jshell").start(() -> {
            try {
                JavaSession s = new JavaSession(settings.session(), sinks(), line -> {
                    flushOutput();
                    print(style(line.kind()), line.text());
                }, agent.join());
                try {
                    tutor.sessionStarted(s);
                } catch (RuntimeException e) {
                    // no lessons to resume: nothing to declare
                }
                session.complete(s);
            } catch (Throwable e) {
                session.completeExceptionally(e);
            }
        });
    }

    /**
     * Runs one input as typed at the prompt: a meta-command line, or Java. Returns false if it
     * failed. In playback, 9996 in the input means the server's real port.
     */
    boolean execute(String input) {
        String in = aliasedPort != 0 ? ReverseEchoPort.replace(input, ReverseEchoPort.LESSON, aliasedPort) : input;
        synchronized (this) {
            busy = true;
        }
        io.busy(true);
        try {
            return isMetaCommand(in) ? command(in.strip()) : java(in);
        } finally {
            io.busy(false);
            synchronized (this) {
                busy = false;
            }
        }
    }

    /** The greeting, once it is ready and not shown yet. */
    private final java.util.concurrent.atomic.AtomicReference<String> greeting = new java.util.concurrent.atomic.AtomicReference<>();
    /** An input is running: lines from elsewhere (the greeting) wait for the prompt. */
    private boolean busy;

    private void showGreeting() {
        String line = greeting.getAndSet(null);
        if (line != null) {
            print(line.startsWith("New here") || line.startsWith("Welcome") ? Style.INFO : Style.ERROR, line);
        }
    }

    /** Whether {@code code} declares what the session lacks (see {@link JavaSession#declaresWhatIsMissing}). */
    boolean lacks(String code) {
        JavaSession s = session();
        return s != null && s.declaresWhatIsMissing(code);
    }

    /** Runs Java as typed at the prompt, printing what it does; false if a snippet failed. */
    boolean java(String input) {
        if (SnippetParser.abandoned(input) && needsMore(input.strip())) {
            print(Style.INFO, "(gave up the unfinished snippet; Ctrl-C at ...> clears one too)");
            return true;
        }
        String notJava = notJava(input);
        if (notJava != null) {
            return error(notJava);
        }
        JavaSession s = session();
        if (s == null) {
            return false;
        }
        onInterrupt = s::interrupt;
        boolean ok;
        try {
            ok = s.eval(input, line -> {
                flushOutput(); // what the snippet printed comes before its value
                print(style(line.kind()), line.text());
            });
        } finally {
            onInterrupt = () -> { };
            flushOutput();
        }
        failed |= !ok;
        return ok;
    }

    private static Style style(JavaSession.Line.Kind kind) {
        return switch (kind) {
            case VALUE -> Style.VALUE;
            case INFO -> Style.INFO;
            case ERROR -> Style.ERROR;
        };
    }

    /** Shows what the agent printed without a newline yet: a snippet's output ends with it. */
    private void flushOutput() {
        outSink.flushPartial();
        errSink.flushPartial();
        noteSink.flushPartial();
        infoSink.flushPartial();
    }

    /**
     * Why {@code input} cannot be Java before any compiler looks at it (control characters,
     * bytes that were not UTF-8), or null. Cheap: piped garbage must not cost a compile a line.
     */
    static String notJava(String input) {
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c == '\uFFFD') {
                return "error: that is not Java: it has bytes that are not UTF-8";
            }
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
                return "error: that is not Java: it has a control character (U+"
                        + String.format("%04X", (int) c) + ")";
            }
        }
        return null;
    }

    /** Runs Java without printing its values or errors (a lesson's check): the outcome, or null if JShell is unavailable. */
    JavaSession.Outcome evalQuietly(String code) {
        JavaSession s = session();
        if (s == null) {
            return null;
        }
        onInterrupt = s::interrupt;
        try {
            return s.eval(code);
        } finally {
            onInterrupt = () -> { };
            flushOutput();
        }
    }

    /**
     * Runs a lesson's check on the learner's session, quietly, through {@link Check#run}: on a
     * virtual clock of its own (so that it answers at once) unless the lesson needs real time
     * (sockets, processes) or the whole session is on a virtual clock already (playback). A
     * check still going after a second says so. The outcome, or null if Java is unavailable.
     */
    JavaSession.Outcome runCheck(Lesson lesson) {
        boolean ownClock = !settings.playback() && !lesson.realTime();
        String code = "Check.run(" + ownClock + ", () -> {\n" + lesson.exercise().check() + "\n});";
        java.util.concurrent.ScheduledFuture<?> note = io.interactive()
                ? CHECKING.schedule(() -> print(Style.INFO, "checking… (Ctrl-C stops the check)"), 1, java.util.concurrent.TimeUnit.SECONDS)
                : null;
        try {
            return evalQuietly(code);
        } finally {
            if (note != null) {
                note.cancel(false);
            }
        }
    }

    /** Says "checking…" when a check takes a while. */
    private static final java.util.concurrent.ScheduledExecutorService CHECKING =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                    .name("aio-tutor-checking").unstarted(r));

    /** The JShell session, waiting for its warm-up; null (after one error line) if it could not start. */
    JavaSession session() {
        try {
            return session.join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            error("Java snippets are unavailable: JShell could not start (" + cause + ")");
            return null;
        }
    }

    /** The session if it is ready now, else null: completion must not wait for the warm-up. */
    JavaSession sessionIfReady() {
        return session.isDone() && !session.isCompletedExceptionally() ? session.join() : null;
    }

    /** True when {@code input} is Java that needs more lines (meta-command lines never do). */
    boolean needsMore(String input) {
        if (isMetaCommand(input)) {
            return false;
        }
        JavaSession s = session();
        return s != null && s.needsMore(input);
    }

    /**
     * {@link #needsMore} for the line editor, which must not wait: it asks while holding the
     * editor's lock, and a task printing above the prompt needs that lock, so waiting there for
     * a JShell still warming up (whose warm-up runs on the loop) could deadlock. Until JShell is
     * ready, open brackets and quotes decide.
     */
    boolean needsMoreNow(String input) {
        if (isMetaCommand(input)) {
            return false;
        }
        JavaSession s = sessionIfReady();
        return s != null ? s.needsMoreNow(input) : JavaHighlighter.unbalanced(input);
    }

    ConsoleIO io() {
        return io;
    }

    MetaCommands commands() {
        return commands;
    }

    /** The lessons' names ("03-sleep-and-concurrency"), for completing :lesson. */
    List<String> lessonNames() {
        return tutor.lessonNames();
    }

    // ---- meta-commands ----------------------------------------------------------

    /** Runs one meta-command line; false if it failed (after one error line). */
    boolean command(String line) {
        String[] parts = line.split("\\s+", 2);
        String args = parts.length > 1 ? parts[1].strip() : "";
        Optional<MetaCommands.Command> c = commands.find(parts[0]);
        if (c.isEmpty()) {
            String hint = commands.suggest(parts[0]).map(n -> "; did you mean " + n + "?").orElse("; :help lists them");
            return error("unknown command " + parts[0] + hint);
        }
        try {
            if (!c.get().action().run(args)) {
                failed = true;
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            return error(c.get().name() + " failed: " + e);
        }
    }

    private void defineCommands() {
        commands.add(":help [command]", "list the commands, or explain one", """
                :help lists every command; :help send explains :send. Java typed at the prompt
                runs as a task on the console's event loop, so sleep(1), await(task) and
                openConnection(...) work directly; the loop keeps running between prompts.""", this::help);
        commands.add(":lessons", "list the lessons (✓ solved, ▶ current)",
                "Lists the course's lessons; ✓ marks those whose exercise you solved, ▶ the one you are in.", tutor::lessons);
        commands.add(":lesson N|name", "open a lesson at its first step", """
                Opens a lesson by number (:lesson 3) or by a word of its name (:lesson gather) and shows
                its first step. The console remembers where you are, across restarts.""", tutor::open);
        commands.add(":next", "show the next step (at the end: the next lesson)", "Shows the next step: its text and its code.", tutor::next);
        commands.add(":back", "show the previous step", "Shows the previous step again.", tutor::back);
        commands.add(":run", "run the current step's code", """
                Runs the code of the step on screen, exactly as if you had typed it. Typing it yourself
                (and changing it) is even better.""", tutor::run);
        commands.add(":hint", "a hint for the exercise (ask again for a stronger one)", """
                Shows a hint for the lesson's exercise; each :hint shows the next, more specific one.""", tutor::hint);
        commands.add(":check", "check your solution to the exercise", """
                Runs the lesson's check against what you declared in this session: it calls your methods,
                awaits your tasks and looks at what they did, then says ✓ or what is not right yet.""", tutor::check);
        commands.add(":start-server [port]", "start the reverse-echo server on the loop", """
                Starts the lecture's reverse-echo server on 127.0.0.1 (port 9996 unless given; 0 picks
                a free one) as a task on the console's loop. It answers each connection's message
                reversed; its "client: ..." lines print above the prompt while you type.""", this::startServer);
        commands.add(":stop-server", "stop the server", """
                Stops accepting connections, lets open ones finish (up to 5 s), then closes the server.""",
                a -> noArguments(":stop-server", a) && stopServer());
        commands.add(":send MESSAGE [port]", "send MESSAGE to the server, print the reply", """
                Runs the lecture's client as a task: connects to 127.0.0.1 (the console's server port,
                else 9996, unless a port from 1024 up is given last), sends MESSAGE and prints
                sent [MESSAGE] => received: [EGASSEM]. Quote a message that ends in such a
                number: :send "room 1010".""", this::send);
        commands.add(":tasks", "the loop's tasks: name, state, what each waits on, age", """
                Lists the tasks on the console's loop, like python -m asyncio ps: the server, tasks your
                snippets created, clients being served.""", a -> noArguments(":tasks", a) && tasks());
        commands.add(":timeline [task...]", "chart what the tasks did while the last Java input ran", """
                One row a task, time left to right: when it ran, slept, waited for another task or a
                future, or was ready but waiting for its turn, and how it ended. It covers the tasks
                created or run while the last Java input (that ran any) was running: its snippet-N
                task and those it started. :timeline worker-* shows only the tasks whose names match.""",
                this::timeline);
        commands.add(":vars", "the variables you declared", "Lists each variable with its type and value.",
                a -> noArguments(":vars", a) && list(s -> s.variables(), "no variables yet"));
        commands.add(":imports", "the imports in effect", "Lists the imports: aio.*, aio.Aio's statics, java.util and friends, and yours.",
                a -> noArguments(":imports", a) && list(JavaSession::imports, "no imports"));
        commands.add(":reset", "forget every snippet: a fresh Java, with no tasks and no server", """
                Starts a fresh Java process for your snippets: your variables, methods and classes
                are gone, and so are the loop's tasks and the server.""", a -> noArguments(":reset", a) && reset());
        commands.add(":trace", "the full stack trace of the last error", "Prints the last exception's stack trace in full.",
                a -> noArguments(":trace", a) && trace());
        commands.add(":quit", "leave (also Ctrl-D)", "Stops the server and the loop, and leaves.", a -> {
            quit = true;
            return true;
        });
        commands.alias(":exit", ":quit");
    }

    private boolean help(String args) {
        if (!args.isEmpty()) {
            Optional<MetaCommands.Command> c = commands.find(args.split("\\s+")[0]);
            if (c.isEmpty()) {
                return error("no command " + args + commands.suggest(args).map(n -> "; did you mean " + n + "?").orElse(""));
            }
            print(Style.HEADING, c.get().usage());
            c.get().help().lines().forEach(l -> print(Style.PLAIN, "  " + l.strip()));
            return true;
        }
        int width = commands.all().stream().mapToInt(c -> c.usage().length()).max().orElse(10);
        for (MetaCommands.Command c : commands.all()) {
            print(Style.PLAIN, "  " + String.format("%-" + width + "s", c.usage()) + "  " + c.summary());
        }
        print(Style.INFO, "Anything else is Java, run as a task on the loop. Tab completes; :help CMD explains one.");
        return true;
    }

    private boolean startServer(String args) {
        Integer port = args.isEmpty() ? Integer.valueOf(ReverseEcho.PORT) : port(args, true);
        if (port == null) {
            return false;
        }
        boolean alias = settings.playback() && port == ReverseEchoPort.LESSON;
        Request.Started started = (Request.Started) request(Request.START_SERVER, alias ? 0 : port);
        if (started == null) {
            return false;
        }
        serverPort = started.port();
        if (alias) {
            aliasedPort = started.port(); // a free port, shown as 9996 (see print)
        }
        session().serverRunning(true);
        started.lines().forEach(line -> print(Style.NOTE, line));
        return true;
    }

    private boolean stopServer() {
        if (request(Request.STOP_SERVER, null) == null && serverPort == 0) {
            return false;
        }
        serverPort = 0;
        session().serverRunning(false);
        return true;
    }

    private boolean send(String args) {
        if (args.isEmpty()) {
            return error("usage: :send MESSAGE [port]");
        }
        String message = args;
        int port = serverPort != 0 ? serverPort : ReverseEcho.PORT;
        int space = args.lastIndexOf(' ');
        // A number at the end is the port only from 1024 up: ":send 2 + 2" sends "2 + 2".
        if (space > 0 && args.substring(space + 1).matches("\\d{4,5}") && Integer.parseInt(args.substring(space + 1)) >= 1024) {
            Integer p = port(args.substring(space + 1), false);
            if (p == null) {
                return false;
            }
            port = p;
            message = args.substring(0, space).strip();
        }
        if (message.length() >= 2 && message.startsWith("\"") && message.endsWith("\"")) {
            message = message.substring(1, message.length() - 1);
        }
        return request(Request.SEND, new Request.Message(message, port)) != null;
    }

    /** A port number from the learner, or null after an error line. */
    private Integer port(String text, boolean zeroAllowed) {
        try {
            int p = Integer.parseInt(text.strip());
            if (p >= (zeroAllowed ? 0 : 1) && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        error("not a port: " + text.strip() + " (a number from " + (zeroAllowed ? 0 : 1) + " to 65535)");
        return null;
    }

    @SuppressWarnings("unchecked")
    private boolean tasks() {
        Object rows = request(Request.TASKS, null);
        if (rows == null) {
            return false;
        }
        List<String> lines = TaskTable.format((List<Request.TaskRow>) rows);
        for (int i = 0; i < lines.size(); i++) {
            print(i == 0 && lines.size() > 1 ? Style.HEADING : Style.PLAIN, lines.get(i));
        }
        return true;
    }

    private boolean timeline(String args) {
        // width - 1: a full line may wrap
        Request.Chart chart = (Request.Chart) request(Request.TIMELINE, new Request.ChartRequest(args, io.width() - 1, io.unicode()));
        if (chart == null) {
            return false;
        }
        chart.lines().forEach(l -> print(Style.PLAIN, l));
        return chart.error() == null || error(chart.error());
    }

    private boolean list(Function<JavaSession, List<String>> what, String none) {
        JavaSession s = session();
        if (s == null) {
            return false;
        }
        List<String> lines = what.apply(s);
        if (lines.isEmpty()) {
            print(Style.INFO, none);
        }
        lines.forEach(l -> print(Style.PLAIN, "  " + l));
        return true;
    }

    private boolean reset() {
        JavaSession s = session();
        if (s == null) {
            return false;
        }
        try {
            s.reset();
        } catch (IllegalStateException e) {
            return error("Java is unavailable: " + e.getMessage());
        }
        serverPort = 0;
        aliasedPort = 0;
        print(Style.INFO, "a fresh Java is running: your snippets, the loop's tasks and the server are gone");
        tutor.sessionStarted(s);
        return true;
    }

    private boolean trace() {
        JavaSession s = session();
        if (s == null) {
            return false;
        }
        String trace = s.lastTrace();
        if (trace.isEmpty()) {
            print(Style.INFO, "no error so far");
        }
        trace.lines().forEach(l -> print(Style.PLAIN, l));
        return true;
    }

    private boolean noArguments(String name, String args) {
        return args.isEmpty() || error(name + " takes no arguments");
    }

    /**
     * Asks the agent for {@code request}, with Ctrl-C stopping it; returns its result
     * ({@code Boolean.TRUE} for none), or null after one error line if it failed.
     */
    private Object request(Request request, Object arg) {
        JavaSession s = session();
        if (s == null) {
            return null;
        }
        onInterrupt = s::interrupt;
        try {
            Object result = s.request(request, arg);
            return result == null ? Boolean.TRUE : result;
        } catch (JavaSession.RequestFailed e) {
            error(e.getMessage());
            return null;
        } finally {
            onInterrupt = () -> { };
            flushOutput();
        }
    }

    // ---- output -----------------------------------------------------------------

    /** Prints a line in a style, from any thread. */
    void print(Style style, String text) {
        if (settings.playback()) {
            text = ReverseEchoPort.replace(text, aliasedPort, ReverseEchoPort.LESSON);
        }
        ConsoleIO out = io;
        if (out == null) {
            savedErr.println(text); // before the IO exists: only a loop error could come this early
        } else {
            out.print(style, text);
        }
    }

    /** Prints one error line and marks the session failed; returns false for use in actions. */
    boolean fail(String message) {
        return error(message);
    }

    private boolean error(String message) {
        failed = true;
        print(Style.ERROR, message);
        return false;
    }

    /** Ends the session's agent (its server, tasks and processes with it) and the IO. */
    @Override
    public void close() {
        // A session still warming up is closed when it is ready (it would otherwise leak).
        session.thenAccept(JavaSession::close);
        flushOutput();
        io.close();
    }
}
