package tutor;

import tutor.agent.Request.TaskRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code :tasks}: the agent loop's tasks, one a line, like {@code python -m asyncio ps}: name,
 * state, what it waits on, age. The agent reads the rows on its loop's thread (one consistent
 * moment); this lays them out.
 */
final class TaskTable {
    private static final int WAIT_COLUMN = 44;

    private TaskTable() {
    }

    /** The table as lines: a heading, then one row a task; "no tasks" when there are none. */
    static List<String> format(List<TaskRow> rows) {
        if (rows.isEmpty()) {
            return List.of("no tasks are running on the loop");
        }
        int nameWidth = "name".length();
        for (TaskRow r : rows) {
            nameWidth = Math.max(nameWidth, r.name().length());
        }
        String fmt = "%-" + nameWidth + "s  %-10s  %-" + WAIT_COLUMN + "s  %s";
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, fmt, "name", "state", "waiting on", "age").stripTrailing());
        for (TaskRow r : rows) {
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
