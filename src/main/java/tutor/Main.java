package tutor;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.function.Function;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The aio-tutor command line: reads the arguments, picks a mode, hands over.
 *
 * <p>Exit codes follow BSD sysexits: {@link #EX_OK}, {@link #EX_USAGE},
 * {@link #EX_DATAERR}, {@link #EX_UNAVAILABLE}, {@link #EX_SOFTWARE}; network errors are
 * {@link #EX_NETWORK}.
 */
public final class Main {

    static final String PROGRAM = "aio-tutor";

    static final int EX_OK = 0;
    /** A network error: cannot listen on the address, or cannot connect (not a sysexits code). */
    static final int EX_NETWORK = 2;
    /** The command line was wrong. */
    static final int EX_USAGE = 64;
    /** The input (a lesson, a message) was wrong. */
    static final int EX_DATAERR = 65;
    /** Something needed is missing, or not built yet. */
    static final int EX_UNAVAILABLE = 69;
    /** A bug in aio-tutor itself. */
    static final int EX_SOFTWARE = 70;

    /** Held here: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final java.util.logging.Logger JLINE_LOG = java.util.logging.Logger.getLogger("org.jline");

    private Main() {}

    public static void main(String[] args) {
        LocaleCharset.apply(System.getenv());
        System.exit(run(args, System.out, System.err));
    }

    /** Runs aio-tutor with {@code args}; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        // --lang comes first, before the mode: it is for the whole run.
        Language chosen = null;
        while (args.length > 0 && (args[0].equals("--lang") || args[0].startsWith("--lang="))) {
            String name = args[0].startsWith("--lang=") ? args[0].substring("--lang=".length())
                    : args.length > 1 ? args[1] : null;
            args = Arrays.copyOfRange(args, args[0].startsWith("--lang=") ? 1 : Math.min(2, args.length), args.length);
            if (name == null || name.isBlank()) {
                err.println(PROGRAM + ": " + Messages.get("main.lang-missing", Language.names()));
                return EX_USAGE;
            }
            chosen = Language.named(name).orElse(null);
            if (chosen == null) {
                err.println(PROGRAM + ": " + Messages.get("main.lang-unknown", name, Language.names()));
                return EX_USAGE;
            }
        }
        boolean consoleMode = args.length == 0 || args[0].equals("--plain");
        Messages.use(chooseLanguage(chosen, consoleMode ? StateDir.of(System.getenv()) : null, System.getenv()).locale());
        if (args.length == 0) {
            return console(false, out, err);
        }
        String mode = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (mode) {
            case "-h", "--help" -> noArguments(mode, rest, err) ? help(out) : EX_USAGE;
            case "--version" -> noArguments(mode, rest, err) ? version(out) : EX_USAGE;
            case "--server" -> EchoProgram.server(rest, out, err);
            case "--client" -> EchoProgram.client(rest, out, err);
            case "--plain" -> noArguments(mode, rest, err) ? console(true, out, err) : EX_USAGE;
            case "--play" -> Playback.main(rest, out, err);
            case "bench" -> bench(rest, out, err);
            case "--aot-training" -> AotTraining.run(); // run.sh's, not a learner's: not in --help
            default -> unknown(mode, err);
        };
    }

    /**
     * The run's language: {@code --lang}'s, else (for the console, which has a state folder) the
     * one the learner chose with {@code :lang}, else the locale's (see {@link Language}).
     */
    static Language chooseLanguage(Language option, java.nio.file.Path stateDir, java.util.Map<String, String> env) {
        if (option != null) {
            return option;
        }
        if (stateDir != null) {
            Language saved = Progress.savedLanguage(stateDir);
            if (saved != null) {
                return saved;
            }
        }
        return Language.ofEnvironment(env);
    }

    // --- the modes ---------------------------------------------------------

    /**
     * The tutorial console: the JLine editor on a terminal, plain line-by-line reading from a
     * pipe. Returns 0, or 1 when piped input had a failing snippet or command.
     */
    private static int console(boolean plain, PrintStream out, PrintStream err) {
        // JLine reports through java.util.logging (a history it cannot read, a terminal it cannot
        // open); the console says what matters itself, in one line.
        JLINE_LOG.setLevel(java.util.logging.Level.OFF);
        Function<Console, ConsoleIO> io;
        if (isTerminal()) {
            // Opened inside the console, which starts the agent for snippets first: the two
            // take a while each, and go on at once.
            io = console -> {
                Terminal terminal;
                try {
                    // JNI first: it opens the terminal in half the time FFM takes (about 0.2 s
                    // against 0.4 s), which counts towards a first prompt within 0.5 s. FFM is
                    // switched off, not just put after JNI: JLine loads and probes every provider
                    // that is not switched off, whatever the order says, and setting up FFM's
                    // native linker cost the main thread about 0.15 s before the first prompt even
                    // though JNI won (./run.sh bench). Where JNI's native library cannot load,
                    // exec takes over.
                    // Grapheme clusters (DEC mode 2027) are not asked for: JLine would query the
                    // terminal and wait for the answer, then drain its input, before the first
                    // prompt: 25 ms in tmux, 200 ms (its time-out) where nothing answers. Few
                    // terminals have the mode; without it JLine measures each code point, as the
                    // terminal itself then does.
                    // exec is not even listed beside JNI: JLine checks every provider it lists,
                    // and exec's check runs a process (test -t 1), some 10 ms.
                    terminal = openTerminal("jni");
                    if (terminal == null) {
                        terminal = openTerminal("exec");
                    }
                    if (terminal == null) {
                        terminal = TerminalBuilder.builder().system(true).name(PROGRAM).build(); // JLine's own fallback
                    }
                } catch (IOException | RuntimeException e) {
                    throw new NoTerminal(e.getMessage());
                }
                boolean dumb = terminal.getType() == null || terminal.getType().startsWith("dumb");
                boolean colour = Style.colourWanted(!dumb, plain, System.getenv("NO_COLOR"));
                Path history = StateDir.of(System.getenv()).resolve("history");
                TerminalIO t = new TerminalIO(terminal, console, colour, history).plain(plain);
                if (t.warning() != null) {
                    err.println(PROGRAM + ": " + t.warning());
                }
                return t;
            };
        } else {
            io = console -> new PlainIO(System.in, out, console::needsMore);
        }
        try (Console console = new Console(io, Console.Settings.interactive(StateDir.of(System.getenv())))) {
            return console.run();
        } catch (NoTerminal e) {
            err.println(PROGRAM + ": " + Messages.get("main.no-terminal", e.getMessage()));
            return EX_UNAVAILABLE;
        }
    }

    /** The terminal could not be opened. */
    private static final class NoTerminal extends RuntimeException {
        NoTerminal(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * {@code bench}: the benchmarks are built with the tests, not into the tutorial's jar;
     * {@code ./run.sh bench} puts them on the class path.
     */
    private static int bench(String[] args, PrintStream out, PrintStream err) {
        try {
            return (Integer) Class.forName("bench.Bench").getMethod("main", String[].class, PrintStream.class, PrintStream.class)
                    .invoke(null, args, out, err);
        } catch (ClassNotFoundException e) {
            err.println(PROGRAM + ": " + Messages.get("main.no-bench"));
            return EX_UNAVAILABLE;
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The system terminal through JLine's {@code provider} alone; null when that provider cannot open it. */
    private static Terminal openTerminal(String provider) {
        try {
            return TerminalBuilder.builder().system(true).name(PROGRAM).providers(provider)
                    .jni(provider.equals("jni")).exec(provider.equals("exec")).ffm(false).jna(false)
                    .dumb(false).nativeSignals(true).graphemeCluster(false).build();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** True when both standard input and output are a terminal. */
    static boolean isTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            // JDK 22+ may return a console for redirected streams; it then says so here.
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only for a terminal
        }
    }

    private static int help(PrintStream out) {
        out.print(Messages.get("main.usage"));
        return EX_OK;
    }

    private static int version(PrintStream out) {
        out.println(PROGRAM + " " + version());
        out.println("Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vendor") + ")");
        return EX_OK;
    }

    private static int unknown(String arg, PrintStream err) {
        err.println(PROGRAM + ": " + (arg.startsWith("-") ? Messages.get("main.unknown-option", arg)
                : Messages.get("main.unknown-command", arg)));
        return EX_USAGE;
    }

    // --- helpers -----------------------------------------------------------

    /** True when {@code mode} got no further arguments; otherwise says so on err. */
    private static boolean noArguments(String mode, String[] rest, PrintStream err) {
        if (rest.length == 0) {
            return true;
        }
        err.println(PROGRAM + ": " + Messages.get("main.no-arguments", mode, rest[0]));
        return false;
    }

    /** The version Maven wrote into aio-tutor.properties, or "(unknown version)". */
    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/aio-tutor.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version", "");
                if (!version.isBlank() && !version.contains("${")) {
                    return version.strip();
                }
            }
        } catch (IOException e) {
            // fall through: a missing version is no reason to fail
        }
        return Messages.get("main.unknown-version");
    }
}
