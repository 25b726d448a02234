package tutor;

import tutor.agent.Request;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The session's commands: {@code :help}, {@code :tasks}, {@code :timeline}, {@code :vars},
 * {@code :imports}, {@code :reset}, {@code :trace}, {@code :quit}.
 */
final class SessionCommands implements CommandFamily {
    private final CommandContext console;
    private final MetaCommands commands;
    private final Runnable quit;
    private final java.util.function.Consumer<Language> speak;

    /**
     * @param quit  ends the console's read loop ({@code :quit})
     * @param speak switches the console to a language ({@code :lang})
     */
    SessionCommands(CommandContext console, MetaCommands commands, Runnable quit, java.util.function.Consumer<Language> speak) {
        this.console = console;
        this.commands = commands;
        this.quit = quit;
        this.speak = speak;
    }

    @Override
    public void register(MetaCommands table) {
        table.add(":help " + Messages.get("help.help.args"), Messages.get("help.help.summary"),
                Messages.get("help.help.text"), this::help);
        table.add(":tasks", Messages.get("help.tasks.summary"),
                Messages.get("help.tasks.text"), a -> CommandFamily.noArguments(console, ":tasks", a) && tasks());
        table.add(":timeline " + Messages.get("help.timeline.args"), Messages.get("help.timeline.summary"),
                Messages.get("help.timeline.text"), this::timeline);
        table.add(":vars", Messages.get("help.vars.summary"), Messages.get("help.vars.text"),
                a -> CommandFamily.noArguments(console, ":vars", a)
                        && list(JavaSession::variables, Messages.get("vars.none")));
        table.add(":imports", Messages.get("help.imports.summary"), Messages.get("help.imports.text"),
                a -> CommandFamily.noArguments(console, ":imports", a)
                        && list(JavaSession::imports, Messages.get("imports.none")));
        table.add(":reset", Messages.get("help.reset.summary"),
                Messages.get("help.reset.text"), a -> CommandFamily.noArguments(console, ":reset", a) && reset());
        table.add(":open " + Messages.get("help.open.args"), Messages.get("help.open.summary"),
                Messages.get("help.open.text"), this::open);
        table.add(":save " + Messages.get("help.save.args"), Messages.get("help.save.summary"),
                Messages.get("help.save.text"), this::save);
        table.add(":clock " + Messages.get("help.clock.args"), Messages.get("help.clock.summary"),
                Messages.get("help.clock.text"), this::clock);
        table.add(":trace", Messages.get("help.trace.summary"), Messages.get("help.trace.text"),
                a -> CommandFamily.noArguments(console, ":trace", a) && trace());
        table.add(":lang " + Messages.get("help.lang.args"), Messages.get("help.lang.summary"),
                Messages.get("help.lang.text"), this::lang);
        table.add(":quit", Messages.get("help.quit.summary"),
                Messages.get("help.quit.text"), a -> {
            quit.run();
            return true;
        });
        table.alias(":exit", ":quit");
    }

    /** {@code :lang}: the language now, or {@code :lang ru|en} to switch. */
    private boolean lang(String args) {
        Language now = Language.of(Messages.locale());
        if (args.isBlank()) {
            console.print(Style.INFO, now == Language.RU ? Messages.get("lang.now.ru") : Messages.get("lang.now.en"));
            return true;
        }
        Optional<Language> wanted = Language.named(args);
        if (wanted.isEmpty()) {
            return console.fail(Messages.get("lang.unknown", args.strip(), Language.names()));
        }
        speak.accept(wanted.get());
        console.print(Style.INFO, wanted.get() == Language.RU ? Messages.get("lang.switched.ru") : Messages.get("lang.switched.en"));
        return true;
    }

    /**
     * A command's help, its lines stripped; reflowed to {@code width} when a line is wider (the
     * catalogue breaks its lines for about 90 columns, and a translation runs longer), so that a
     * narrow terminal does not break words.
     */
    static List<String> fit(String help, int width) {
        List<String> lines = help.lines().map(String::strip).toList();
        if (lines.stream().allMatch(l -> l.length() <= width)) {
            return lines;
        }
        List<String> out = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : String.join(" ", lines).split(" +")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        if (!line.isEmpty()) {
            out.add(line.toString());
        }
        return out;
    }

    private boolean help(String args) {
        if (!args.isEmpty()) {
            Optional<MetaCommands.Command> c = commands.find(args.split("\\s+")[0]);
            if (c.isEmpty()) {
                return console.fail(commands.suggest(args).map(n -> Messages.get("help.unknown.suggest", args, n))
                        .orElse(Messages.get("help.unknown", args)));
            }
            console.print(Style.HEADING, c.get().usage());
            fit(c.get().help(), console.width() - 3).forEach(l -> console.print(Style.PLAIN, "  " + l));
            return true;
        }
        int width = commands.all().stream().mapToInt(c -> c.usage().length()).max().orElse(10);
        for (MetaCommands.Command c : commands.all()) {
            console.print(Style.PLAIN, "  " + String.format("%-" + width + "s", c.usage()) + "  " + c.summary());
        }
        console.print(Style.INFO, Messages.get("help.footer"));
        return true;
    }

    private boolean tasks() {
        Object rows = console.request(Request.TASKS, null);
        JavaSession session = rows == null ? null : console.session();
        if (session == null) {
            return false;
        }
        List<String> lines = TaskTable.format(session.withSources((List<?>) rows));
        for (int i = 0; i < lines.size(); i++) {
            console.print(i == 0 && lines.size() > 1 ? Style.HEADING : Style.PLAIN, lines.get(i));
        }
        return true;
    }

    private boolean timeline(String args) {
        Request.Chart chart = (Request.Chart) console.request(Request.TIMELINE, args);
        if (chart == null) {
            return false;
        }
        if (chart.why() != null) {
            return switch (chart.why()) {
                case NOTHING_RAN -> say(Messages.get("timeline.nothing-yet"));
                case FORGOTTEN -> say(Messages.get("timeline.forgotten"));
                case NO_SUCH_TASK -> console.fail(Messages.get("timeline.no-such-task", args.strip()));
            };
        }
        // width - 1: a full line may wrap
        TimelineChart.render(chart.snapshot(), console.width() - 1, console.unicode()).lines()
                .forEach(l -> console.print(Style.PLAIN, l));
        if (chart.more() > 0) {
            console.print(Style.PLAIN, Messages.get("timeline.more", chart.more()));
        }
        return true;
    }

    private boolean say(String line) {
        console.print(Style.PLAIN, line);
        return true;
    }

    private boolean list(Function<JavaSession, List<String>> what, String none) {
        JavaSession s = console.session();
        if (s == null) {
            return false;
        }
        List<String> lines = what.apply(s);
        if (lines.isEmpty()) {
            console.print(Style.INFO, none);
        }
        lines.forEach(l -> console.print(Style.PLAIN, "  " + l));
        return true;
    }

    private boolean reset() {
        JavaSession s = console.session();
        if (s == null) {
            return false;
        }
        try {
            s.reset();
        } catch (IllegalStateException e) {
            return console.fail(Messages.get("java.unavailable", e.getMessage()));
        }
        console.print(Style.INFO, Messages.get("reset.done"));
        return true;
    }

    /** A file named at the prompt: "~/" is the home folder; a relative name is from where the console started. */
    static java.nio.file.Path file(String name) {
        String n = name.strip();
        if (n.startsWith("~/")) {
            String home = System.getenv("HOME");
            return java.nio.file.Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), n.substring(2));
        }
        return java.nio.file.Path.of(n);
    }

    /** {@code :open FILE}: runs the Java in FILE as if it were typed (jshell's /open). */
    private boolean open(String args) {
        if (args.isBlank()) {
            return console.fail(Messages.get("open.usage"));
        }
        String text;
        try {
            text = java.nio.file.Files.readString(file(args));
        } catch (java.nio.file.NoSuchFileException e) {
            return console.fail(Messages.get("open.no-such-file", args.strip()));
        } catch (java.io.IOException | RuntimeException e) {
            return console.fail(Messages.get("open.failed", args.strip(), StateDir.why(e instanceof java.io.IOException io ? io
                    : new java.io.IOException(e.getMessage()))));
        }
        if (text.isBlank()) {
            console.print(Style.INFO, Messages.get("open.empty", args.strip()));
            return true;
        }
        return console.java(text);
    }

    /** {@code :save FILE}: writes the sources of the snippets in effect to FILE (jshell's /save). */
    private boolean save(String args) {
        if (args.isBlank()) {
            return console.fail(Messages.get("save.usage"));
        }
        JavaSession s = console.session();
        if (s == null) {
            return false;
        }
        List<String> sources = s.activeSources();
        java.nio.file.Path target = file(args);
        try {
            java.nio.file.Files.writeString(target, sources.isEmpty() ? "" : String.join("\n", sources) + "\n");
        } catch (java.io.IOException e) {
            return console.fail(Messages.get("save.failed", args.strip(), StateDir.why(e)));
        }
        console.print(Style.INFO, Messages.get("save.done", sources.size(), target));
        return true;
    }

    /** {@code :clock [virtual|real]}: says which clock runs, or starts a fresh Java on the other. */
    private boolean clock(String args) {
        JavaSession s = console.session();
        if (s == null) {
            return false;
        }
        String want = args.strip().toLowerCase(java.util.Locale.ROOT);
        if (want.isEmpty()) {
            console.print(Style.INFO, s.virtualClock() ? Messages.get("clock.now.virtual") : Messages.get("clock.now.real"));
            return true;
        }
        if (!want.equals("virtual") && !want.equals("real")) {
            return console.fail(Messages.get("clock.usage"));
        }
        boolean virtual = want.equals("virtual");
        if (virtual == s.virtualClock()) {
            console.print(Style.INFO, Messages.get("clock.already", want));
            return true;
        }
        try {
            String restored = s.useClock(virtual);
            console.print(Style.INFO, virtual ? Messages.get("clock.switched.virtual", restored)
                    : Messages.get("clock.switched.real", restored));
        } catch (IllegalStateException e) {
            return console.fail(Messages.get("java.unavailable", e.getMessage()));
        }
        return true;
    }

    private boolean trace() {
        JavaSession s = console.session();
        if (s == null) {
            return false;
        }
        String trace = s.lastTrace();
        if (trace.isEmpty()) {
            console.print(Style.INFO, Messages.get("trace.none"));
        }
        trace.lines().forEach(l -> console.print(Style.PLAIN, l));
        return true;
    }
}
