package tutor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import aio.Timeline;
import tutor.agent.Request;

/**
 * {@code :loop}: the last input's run replayed one event-loop iteration at a time, the Python
 * Tutor of the event loop. Each iteration shows the ready queue, the timers and what waits on
 * I/O when it began, then what each task it resumed did until it gave the thread back. On a
 * terminal keys step through it; in a pipe every iteration is printed.
 */
final class LoopCommand implements CommandFamily {
    private final Console console;

    LoopCommand(Console console) {
        this.console = console;
    }

    @Override
    public void register(MetaCommands table) {
        table.add(":loop", Messages.get("help.loop.summary"), Messages.get("help.loop.text"),
                a -> CommandFamily.noArguments(console, ":loop", a) && loop());
    }

    private boolean loop() {
        Request.LoopRun run = (Request.LoopRun) console.request(Request.LOOP, null);
        JavaSession s = console.session();
        if (run == null || s == null) {
            return false;
        }
        if (run.why() != null) {
            console.print(Style.PLAIN, run.why() == Request.Chart.Why.NOTHING_RAN ? Messages.get("loop.nothing-yet")
                    : Messages.get("loop.forgotten"));
            return true;
        }
        List<Timeline.Iteration> its = run.iterations();
        if (run.skipped() > 0) {
            console.print(Style.INFO, Messages.get("loop.skipped", run.skipped()));
        }
        UnaryOperator<String> named = s::named;
        if (!console.io().steps()) {
            for (int i = 0; i < its.size(); i++) {
                show(its, i, named);
            }
            return true;
        }
        int at = 0;
        show(its, at, named);
        console.print(Style.INFO, Messages.get("loop.keys"));
        while (true) {
            int key = console.io().readKey();
            switch (key) {
                case 'n', ' ', '\r', '\n', 'j', ConsoleIO.KEY_RIGHT -> {
                    if (at + 1 >= its.size()) {
                        console.print(Style.INFO, Messages.get("loop.end"));
                        continue;
                    }
                    show(its, ++at, named);
                }
                case 'p', 'b', 'k', ConsoleIO.KEY_LEFT -> {
                    if (at == 0) {
                        console.print(Style.INFO, Messages.get("loop.start"));
                        continue;
                    }
                    show(its, --at, named);
                }
                case 't' -> {
                    String name = console.io().ask(Messages.get("loop.ask-task"));
                    if (name == null || name.isBlank()) {
                        continue;
                    }
                    int found = next(its, at, name.strip());
                    if (found < 0) {
                        console.print(Style.INFO, Messages.get("loop.no-such-task", name.strip()));
                        continue;
                    }
                    show(its, at = found, named);
                }
                case 'q', 27, -1, 3, 4 -> {
                    return true;
                }
                default -> console.print(Style.INFO, Messages.get("loop.keys"));
            }
        }
    }

    /** The next iteration after {@code at} (from the first again after the last) in which the task {@code name} runs; -1 if none. */
    static int next(List<Timeline.Iteration> its, int at, String name) {
        for (int k = 1; k <= its.size(); k++) {
            int i = (at + k) % its.size();
            if (its.get(i).turns().stream().anyMatch(t -> t.after() != null && t.what().equals(name))) {
                return i;
            }
        }
        return -1;
    }

    private void show(List<Timeline.Iteration> its, int i, UnaryOperator<String> named) {
        for (String line : lines(its.get(i), i + 1, its.size(), named)) {
            console.print(line.startsWith(" ") ? Style.PLAIN : Style.HEADING, line);
        }
    }

    /** One iteration, as lines: a heading, then what was ready, the timers, I/O, and the turns. */
    static List<String> lines(Timeline.Iteration it, int n, int of, UnaryOperator<String> named) {
        List<String> out = new ArrayList<>();
        out.add(Messages.get("loop.heading", n, of, seconds(it.nanos())));
        List<String> ready = it.ready().stream().map(named).toList();
        section(out, Messages.get("loop.ready"), ready, it.moreReady());
        List<String> timers = it.timers().stream()
                .map(t -> Messages.get("loop.timer", named.apply(t.what()), seconds(t.dueNanos()))).toList();
        section(out, Messages.get("loop.timers"), timers, it.moreTimers());
        if (!it.io().isEmpty()) {
            section(out, Messages.get("loop.io"), it.io(), 0);
        }
        List<String> turns = it.turns().stream().map(t -> turn(t, named)).toList();
        section(out, Messages.get("loop.runs"), turns, it.moreTurns());
        return out;
    }

    private static void section(List<String> out, String title, List<String> items, int more) {
        String pad = "  " + " ".repeat(Math.max(0, 16 - title.length()));
        if (items.isEmpty()) {
            out.add("  " + title + pad.substring(2) + Messages.get("loop.none"));
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            out.add("  " + (i == 0 ? title + pad.substring(2) : " ".repeat(Math.max(16, title.length()))) + items.get(i));
        }
        if (more > 0) {
            out.add("  " + " ".repeat(Math.max(16, title.length())) + Messages.get("loop.more", more));
        }
    }

    private static String turn(Timeline.Turn t, UnaryOperator<String> named) {
        String what = named.apply(t.what());
        String detail = t.detail() == null ? null : named.apply(t.detail());
        if (t.after() == null) {
            return Messages.get("loop.after.callback", what);
        }
        return switch (t.after()) {
            case SLEEP -> Messages.get("loop.after.sleep", what, detail);
            case TASK -> Messages.get("loop.after.task", what, detail);
            case FUTURE -> Messages.get("loop.after.future", what, detail);
            case READY -> Messages.get("loop.after.ready", what);
            case FINISHED -> detail == null || detail.equals("null") ? Messages.get("loop.after.finished", what)
                    : Messages.get("loop.after.finished.value", what, detail);
            case FAILED -> Messages.get("loop.after.failed", what, detail);
            case CANCELLED -> Messages.get("loop.after.cancelled", what);
        };
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }
}
