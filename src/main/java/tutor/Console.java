package tutor;

import tutor.agent.Request;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
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
final class Console implements CommandContext, AutoCloseable {

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
    /** Playback: the server's real port shown as the lesson's 9996, and 9996 typed meaning it. */
    private final PortAlias alias;
    private final MetaCommands commands = new MetaCommands();
    /** The families of commands, kept to register them again in another language. */
    private final List<CommandFamily> families;
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
        tutor = new Tutor(this, () -> LessonLibrary.load(settings.lessonsDir(), Language.of(Messages.locale())),
                Progress.load(settings.stateDir(), warning -> savedErr.println(Main.PROGRAM + ": " + warning)),
                settings.playback());
        alias = new PortAlias(settings.playback());
        // The families, in the order :help lists them.
        families = List.of(new SessionCommands(this, commands, () -> quit = true, this::speak),
                new EditCommand(this, tutor::currentExercise), new LoopCommand(this), tutor,
                new ServerCommands(this, alias));
        families.forEach(f -> f.register(commands));
        // Output from snippets and tasks goes through the IO: above the prompt on a terminal.
        outSink = new LineSink(line -> print(Style.PLAIN, line));
        errSink = new LineSink(line -> print(Style.ERROR, line));
        noteSink = new LineSink(line -> print(Style.NOTE, line));
        infoSink = new LineSink(line -> print(Style.INFO, line));
        for (LineSink sink : List.of(outSink, errSink, noteSink, infoSink)) {
            sink.onUnfinished(this::unfinishedOutput);
        }
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
            Messages.get("console.banner", Main.version()).lines().forEach(line -> print(Style.INFO, line));
        }
        if (io.interactive()) {
            // Reading 16 lessons would delay the first prompt: on a thread of its own. Its
            // line shows above the prompt, or at the next one if the learner is already busy
            // (never between an input and its answer).
            Thread.ofPlatform().daemon().name("aio-tutor-greet").start(() -> {
                Greeting line;
                try {
                    // No lessons: the line says why, as an error.
                    line = new Greeting(tutor.hasLessons() ? Style.INFO : Style.ERROR, tutor.greeting());
                } catch (RuntimeException e) {
                    line = new Greeting(Style.ERROR, Messages.get("console.no-lessons", e.getMessage()));
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
        if (io.endedUnfinished()) {
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
                s.onFresh(fresh -> {
                    alias.clear(); // its server is gone
                    tutor.sessionStarted(fresh);
                });
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
        String in = alias.input(input);
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

    /** The first words of a session (where to start, or where the learner was) and how they show. */
    private record Greeting(Style style, String text) {
    }

    /** The greeting, once it is ready and not shown yet. */
    private final java.util.concurrent.atomic.AtomicReference<Greeting> greeting = new java.util.concurrent.atomic.AtomicReference<>();
    /** An input is running: lines from elsewhere (the greeting) wait for the prompt. */
    private boolean busy;

    private void showGreeting() {
        Greeting line = greeting.getAndSet(null);
        if (line != null) {
            print(line.style(), line.text());
        }
    }

    @Override
    public boolean java(String input) {
        if (SnippetParser.abandoned(input) && needsMore(input.strip())) {
            print(Style.INFO, Messages.get("console.snippet-abandoned"));
            return true;
        }
        String notJava = notJava(input);
        if (notJava != null) {
            return fail(notJava);
        }
        // Ctrl-C while Java is still starting is kept, and stops this input once it reaches Java.
        AtomicBoolean earlyCtrlC = new AtomicBoolean();
        onInterrupt = () -> earlyCtrlC.set(true);
        JavaSession s = session();
        if (s == null) {
            onInterrupt = () -> { };
            return false;
        }
        s.inputComing();
        onInterrupt = s::interrupt;
        if (earlyCtrlC.get()) {
            s.interrupt();
        }
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

    /** Shows a line a background task printed without its newline, once nothing more came for a moment. */
    private static final long UNFINISHED_LINE_MILLIS = 150;
    private final AtomicBoolean unfinishedPending = new AtomicBoolean();

    /**
     * A write left a line unfinished. While a snippet runs, its end shows it (the snippet may
     * finish the line); at the prompt, a background task's {@code print("...")} shows after
     * {@link #UNFINISHED_LINE_MILLIS} of quiet, above the prompt, instead of waiting for some
     * later newline.
     */
    private void unfinishedOutput() {
        if (!unfinishedPending.compareAndSet(false, true)) {
            return; // one look is on its way
        }
        Thread.ofVirtual().name("aio-tutor-unfinished-line").start(() -> {
            try {
                Thread.sleep(UNFINISHED_LINE_MILLIS);
            } catch (InterruptedException e) {
                return;
            } finally {
                unfinishedPending.set(false);
            }
            boolean atPrompt;
            synchronized (this) {
                atPrompt = !busy;
            }
            if (atPrompt) {
                flushOutput();
            }
        });
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
                return Messages.get("console.not-utf8");
            }
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
                return Messages.get("console.control-character", String.format("%04X", (int) c));
            }
        }
        return null;
    }

    @Override
    public JavaSession.Outcome evalQuietly(String code) {
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

    @Override
    public JavaSession session() {
        try {
            return session.join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            fail(Messages.get("console.no-jshell", cause));
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

    @Override
    public boolean interactive() {
        return io.interactive();
    }

    @Override
    public int width() {
        return io.width();
    }

    @Override
    public boolean unicode() {
        return io.unicode();
    }

    /** Whether output is coloured (a terminal, no NO_COLOR, no --plain). */
    boolean colour() {
        return io.colour();
    }

    /**
     * Lesson Markdown as this console shows it: reflowed to one column less than the terminal
     * (a line that fills the last column makes some terminals wrap), coloured when output is.
     */
    @Override
    public LessonText lessonText() {
        return new LessonText(io.width() - 1, io.colour(), io.unicode());
    }

    MetaCommands commands() {
        return commands;
    }

    /** The lessons' names ("03-sleep-and-concurrency"), for completing :lesson. */
    List<String> lessonNames() {
        return tutor.lessonNames();
    }

    // ---- meta-commands ----------------------------------------------------------

    @Override
    public boolean command(String line) {
        String[] parts = line.split("\\s+", 2);
        String args = parts.length > 1 ? parts[1].strip() : "";
        Optional<MetaCommands.Command> c = commands.find(parts[0]);
        if (c.isEmpty()) {
            return fail(commands.suggest(parts[0]).map(n -> Messages.get("command.unknown.suggest", parts[0], n))
                    .orElse(Messages.get("command.unknown", parts[0])));
        }
        try {
            if (!c.get().action().run(args)) {
                failed = true;
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            return fail(Messages.get("command.failed", c.get().name(), e));
        }
    }

    @Override
    public Object request(Request request, Object arg) {
        JavaSession s = session();
        if (s == null) {
            return null;
        }
        onInterrupt = s::interrupt;
        try {
            Object result = s.request(request, arg);
            return result == null ? Boolean.TRUE : result;
        } catch (JavaSession.RequestFailed e) {
            fail(e.getMessage());
            return null;
        } finally {
            onInterrupt = () -> { };
            flushOutput();
        }
    }

    /**
     * {@code :lang}: speaks {@code language} from now on: the messages, the commands' help (added
     * again), the lessons (read again; the learner stays at the same lesson and step), the
     * agent's lines, and the next consoles (the choice is saved with the progress).
     */
    private void speak(Language language) {
        Messages.use(language.locale());
        commands.clear();
        families.forEach(f -> f.register(commands));
        tutor.languageChanged(language);
        JavaSession s = session.getNow(null);
        if (s != null) {
            try {
                s.request(Request.LANGUAGE, language.tag);
            } catch (JavaSession.RequestFailed e) {
                // an agent that cannot answer now is started again in the new language
            }
        }
    }

    // ---- output -----------------------------------------------------------------

    @Override
    public void print(Style style, String text) {
        text = alias.output(text);
        ConsoleIO out = io;
        if (out == null) {
            savedErr.println(text); // before the IO exists: only a loop error could come this early
        } else {
            out.print(style, text);
        }
    }

    @Override
    public boolean fail(String message) {
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
