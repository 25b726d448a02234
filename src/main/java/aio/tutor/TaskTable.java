package aio.tutor;

import aio.Aio;
import aio.BackgroundLoop;
import aio.Future;
import aio.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code :tasks}: the background loop's tasks, one a line, like {@code python -m asyncio ps}:
 * name, state, what it waits on, age. Collected on the loop thread, so the picture is one
 * consistent moment.
 */
final class TaskTable {
    private static final int WAIT_COLUMN = 44;

    private TaskTable() {
    }

    record Row(String name, String state, String waitingOn, double age) {
    }

    /** The rows, read on the loop's thread. */
    static List<Row> rows(BackgroundLoop loop) {
        return loop.call(() -> {
            List<Row> rows = new ArrayList<>();
            for (Task<?> t : Aio.allTasks()) {
                rows.add(new Row(t.getName(), t.state(), describe(t.waitingOn()), t.age()));
            }
            return rows;
        });
    }

    /** What a task waits on: another task by name, a sleep, or the future's own description. */
    static String describe(Future<?> f) {
        if (f == null) {
            return "-";
        }
        if (f instanceof Task<?> t) {
            return "task " + t.getName();
        }
        String s = f.toString();
        return s.length() > WAIT_COLUMN ? s.substring(0, WAIT_COLUMN - 1) + "…" : s;
    }

    /** The table as lines: a heading, then one row a task; "no tasks" when there are none. */
    static List<String> format(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of("no tasks are running on the loop");
        }
        int nameWidth = "name".length();
        for (Row r : rows) {
            nameWidth = Math.max(nameWidth, r.name().length());
        }
        String fmt = "%-" + nameWidth + "s  %-10s  %-" + WAIT_COLUMN + "s  %s";
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, fmt, "name", "state", "waiting on", "age").stripTrailing());
        for (Row r : rows) {
            lines.add(String.format(Locale.ROOT, fmt, r.name(), r.state(), r.waitingOn(), age(r.age())));
        }
        return lines;
    }

    static String age(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = (long) seconds;
        return s / 60 + " min " + s % 60 + " s";
    }
}
