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
    private static final int STATE_COLUMN = 10;
    private static final int WAIT_COLUMN = 44;

    private TaskTable() {
    }

    /**
     * The table as lines: a heading, then one row a task ("no tasks" when there are none); then
     * the tasks that failed since the last input, one line each.
     */
    static List<String> format(List<TaskRow> all) {
        List<TaskRow> rows = all.stream().filter(r -> !r.failed()).toList();
        List<TaskRow> failed = all.stream().filter(TaskRow::failed).toList();
        List<String> lines = new ArrayList<>(table(rows));
        if (!failed.isEmpty()) {
            lines.add(Messages.get("tasks.failed"));
            for (TaskRow r : failed) {
                lines.add("  " + Messages.get("tasks.failed.row", r.name(), r.waitingOn(), age(r.age())));
            }
            lines.add("  " + Messages.get("tasks.failed.hint"));
        }
        return lines;
    }

    private static List<String> table(List<TaskRow> rows) {
        if (rows.isEmpty()) {
            return List.of(Messages.get("tasks.none"));
        }
        String name = Messages.get("tasks.name");
        String state = Messages.get("tasks.state");
        String waitingOn = Messages.get("tasks.waiting-on");
        int nameWidth = name.length();
        for (TaskRow r : rows) {
            nameWidth = Math.max(nameWidth, r.name().length());
        }
        String ageHeading = Messages.get("tasks.age");
        int ageWidth = ageHeading.length();
        for (TaskRow r : rows) {
            ageWidth = Math.max(ageWidth, age(r.age()).length());
        }
        // in debug mode, where each task was created, before "at" (whose text may be long)
        boolean created = rows.stream().anyMatch(r -> r.createdAt() != null);
        String createdHeading = Messages.get("tasks.created");
        int createdWidth = createdHeading.length();
        for (TaskRow r : rows) {
            createdWidth = Math.max(createdWidth, r.createdAt() == null ? 0 : r.createdAt().length());
        }
        String fmt = "%-" + nameWidth + "s  %-" + Math.max(STATE_COLUMN, state.length()) + "s  %-"
                + Math.max(WAIT_COLUMN, waitingOn.length()) + "s  %-" + ageWidth + "s  "
                + (created ? "%-" + createdWidth + "s  " : "%s") + "%s";
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, fmt, name, state, waitingOn, ageHeading, created ? createdHeading : "",
                Messages.get("tasks.at")).stripTrailing());
        for (TaskRow r : rows) {
            lines.add(String.format(Locale.ROOT, fmt, r.name(), r.state(), r.waitingOn(), age(r.age()),
                    created && r.createdAt() != null ? r.createdAt() : "", r.at() == null ? "" : r.at()).stripTrailing());
        }
        return lines;
    }

    static String age(double seconds) {
        if (seconds < 60) {
            return Messages.get("tasks.age.seconds", String.format(Locale.ROOT, "%.1f", seconds));
        }
        long s = (long) seconds;
        return Messages.get("tasks.age.minutes", s / 60, s % 60);
    }
}
