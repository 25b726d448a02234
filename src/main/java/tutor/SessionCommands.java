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

    /** @param quit ends the console's read loop ({@code :quit}) */
    SessionCommands(CommandContext console, MetaCommands commands, Runnable quit) {
        this.console = console;
        this.commands = commands;
        this.quit = quit;
    }

    @Override
    public void register(MetaCommands table) {
        table.add(":help [command]", "list the commands, or explain one", """
                :help lists every command; :help send explains :send. Java typed at the prompt
                runs as a task on the console's event loop, so sleep(1), await(task) and
                openConnection(...) work directly; the loop keeps running between prompts.""", this::help);
        table.add(":tasks", "the loop's tasks: name, state, what each waits on, age", """
                Lists the tasks on the console's loop, like python -m asyncio ps: the server, tasks your
                snippets created, clients being served.""", a -> CommandFamily.noArguments(console, ":tasks", a) && tasks());
        table.add(":timeline [task...]", "chart what the tasks did while the last Java input ran", """
                One row a task, time left to right: when it ran, slept, waited for another task or a
                future, or was ready but waiting for its turn, and how it ended. It covers the tasks
                created or run while the last Java input (that ran any) was running: its snippet-N
                task and those it started. :timeline worker-* shows only the tasks whose names match.""",
                this::timeline);
        table.add(":vars", "the variables you declared", "Lists each variable with its type and value.",
                a -> CommandFamily.noArguments(console, ":vars", a) && list(JavaSession::variables, "no variables yet"));
        table.add(":imports", "the imports in effect", "Lists the imports: aio.*, aio.Aio's statics, java.util and friends, and yours.",
                a -> CommandFamily.noArguments(console, ":imports", a) && list(JavaSession::imports, "no imports"));
        table.add(":reset", "forget every snippet: a fresh Java, with no tasks and no server", """
                Starts a fresh Java process for your snippets: your variables, methods and classes
                are gone, and so are the loop's tasks and the server.""", a -> CommandFamily.noArguments(console, ":reset", a) && reset());
        table.add(":trace", "the full stack trace of the last error", "Prints the last exception's stack trace in full.",
                a -> CommandFamily.noArguments(console, ":trace", a) && trace());
        table.add(":quit", "leave (also Ctrl-D)", "Stops the server and the loop, and leaves.", a -> {
            quit.run();
            return true;
        });
        table.alias(":exit", ":quit");
    }

    private boolean help(String args) {
        if (!args.isEmpty()) {
            Optional<MetaCommands.Command> c = commands.find(args.split("\\s+")[0]);
            if (c.isEmpty()) {
                return console.fail("no command " + args + commands.suggest(args).map(n -> "; did you mean " + n + "?").orElse(""));
            }
            console.print(Style.HEADING, c.get().usage());
            c.get().help().lines().forEach(l -> console.print(Style.PLAIN, "  " + l.strip()));
            return true;
        }
        int width = commands.all().stream().mapToInt(c -> c.usage().length()).max().orElse(10);
        for (MetaCommands.Command c : commands.all()) {
            console.print(Style.PLAIN, "  " + String.format("%-" + width + "s", c.usage()) + "  " + c.summary());
        }
        console.print(Style.INFO, "Anything else is Java, run as a task on the loop. Tab completes; :help CMD explains one.");
        return true;
    }

    @SuppressWarnings("unchecked")
    private boolean tasks() {
        Object rows = console.request(Request.TASKS, null);
        if (rows == null) {
            return false;
        }
        List<String> lines = TaskTable.format((List<Request.TaskRow>) rows);
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
                case NOTHING_RAN -> say("no Java has run yet: type some, then :timeline charts its tasks");
                case FORGOTTEN -> say("the tasks of the last Java input are no longer recorded");
                case NO_SUCH_TASK -> console.fail("no task named " + args.strip() + " ran during the last Java input");
            };
        }
        // width - 1: a full line may wrap
        TimelineChart.render(chart.snapshot(), console.width() - 1, console.unicode()).lines()
                .forEach(l -> console.print(Style.PLAIN, l));
        if (chart.more() > 0) {
            console.print(Style.PLAIN, "and " + chart.more() + " more task" + (chart.more() == 1 ? "" : "s")
                    + ": :timeline NAME... picks some (* matches any text)");
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
            return console.fail("Java is unavailable: " + e.getMessage());
        }
        console.print(Style.INFO, "a fresh Java is running: your snippets, the loop's tasks and the server are gone");
        return true;
    }

    private boolean trace() {
        JavaSession s = console.session();
        if (s == null) {
            return false;
        }
        String trace = s.lastTrace();
        if (trace.isEmpty()) {
            console.print(Style.INFO, "no error so far");
        }
        trace.lines().forEach(l -> console.print(Style.PLAIN, l));
        return true;
    }
}
