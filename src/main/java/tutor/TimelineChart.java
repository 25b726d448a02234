package tutor;

import aio.Timeline;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Timeline.Snapshot} as text: one row a task, time running left to right, so that
 * "three sleeps at once" and "three sleeps one after another" look different at a glance.
 *
 * <pre>
 * main  #=============================#v
 * a     #-----------------------------#v
 * b     #-----------------------------#v
 *       0 s                       1.0 s
 * # running  = waiting  - sleeping  . ready  v finished  x cancelled  ! failed
 * </pre>
 *
 * <p>Each cell is a slice of the snapshot's span. A cell in which the task stepped shows it
 * running, whatever else happened there: on the virtual clock a step takes no time at all,
 * and must still be seen. Otherwise the cell shows what the task was waiting on (another
 * task or future, a sleep, or its turn: ready while other steps held the loop), blank before
 * its record starts and after it ends; its ending is marked right after its last step. The
 * text depends on the snapshot alone: the same events give the same chart.
 */
final class TimelineChart {
    /** The narrowest time bar, however narrow the width asked for. */
    static final int MIN_BAR = 10;

    private TimelineChart() {
    }

    /** The characters of one style of chart. */
    private record Glyphs(char running, char waiting, char sleeping, char ready,
                          char finished, char cancelled, char failed, String ellipsis, String micro) {
        char of(Timeline.After a) {
            return switch (a) {
                case READY -> ready;
                case SLEEP -> sleeping;
                case TASK, FUTURE -> waiting;
                case FINISHED -> finished;
                case CANCELLED -> cancelled;
                case FAILED -> failed;
            };
        }

        String legend() {
            return Messages.get("timeline.legend", running, waiting, sleeping, ready, finished, cancelled, failed);
        }
    }

    private static final Glyphs UNICODE = new Glyphs('█', '▒', '░', '·', '✓', '⊘', '✗', "…", "µs");
    private static final Glyphs ASCII = new Glyphs('#', '=', '-', '.', 'v', 'x', '!', "~", "us");

    /**
     * The chart, about {@code width} columns wide (never less than the names' column and
     * {@value #MIN_BAR} cells of time), one line a task, then the time axis and the legend;
     * each line ends with a newline. Names longer than a third of the width are cut. Unicode
     * block characters if {@code unicode}, else plain ASCII (for pipes and logs).
     */
    static String render(Timeline.Snapshot snapshot, int width, boolean unicode) {
        Glyphs g = unicode ? UNICODE : ASCII;
        List<Timeline.TaskRecord> tasks = snapshot.tasks();
        if (tasks.isEmpty()) {
            return Messages.get("timeline.no-tasks") + "\n";
        }
        int nameWidth = 1;
        for (Timeline.TaskRecord t : tasks) {
            nameWidth = Math.max(nameWidth, t.name().length());
        }
        nameWidth = Math.min(nameWidth, Math.max(4, width / 3));
        int cells = Math.max(MIN_BAR, width - nameWidth - 2); // a space after the names, a column for end marks
        Scale scale = new Scale(snapshot.fromNanos(), snapshot.toNanos(), cells);
        StringBuilder out = new StringBuilder();
        String indent = " ".repeat(nameWidth + 1);
        for (Timeline.TaskRecord t : tasks) {
            out.append(pad(name(t.name(), nameWidth, g), nameWidth)).append(' ');
            out.append(row(t, scale, g)).append('\n');
        }
        out.append((indent + axis(snapshot.toNanos() - snapshot.fromNanos(), cells, g)).stripTrailing()).append('\n');
        out.append(g.legend()).append('\n');
        return out.toString();
    }

    /** Loop time to cells: cell c covers [from + c·span/cells, from + (c+1)·span/cells). */
    private record Scale(long from, long to, int cells) {
        long span() {
            return Math.max(1, to - from);
        }

        /** The cell in which time {@code t} falls; the span's end falls in the last cell. */
        int cell(long t) {
            long c = (Math.clamp(t, from, to) - from) * cells / span();
            return (int) Math.min(c, cells - 1);
        }

        /** The last cell an interval ending (exclusive) at {@code t} reaches. */
        int lastCell(long t) {
            long c = Math.ceilDiv((Math.clamp(t, from, to) - from) * cells, span()) - 1;
            return Math.clamp(c, 0, cells - 1);
        }
    }

    /** One task's cells, trailing blanks removed. */
    private static String row(Timeline.TaskRecord t, Scale s, Glyphs g) {
        char[] row = new char[s.cells() + 1]; // the extra column takes an end mark after the last cell
        Arrays.fill(row, ' ');
        // The waits first, in time order; the steps are drawn over them.
        long waitFrom = t.sinceNanos();
        // Before its first step a task is ready, waiting for its turn; unknown if the record
        // starts at a step (created before the recording, or older steps dropped).
        Timeline.After waiting = t.createdEvent() != 0 && t.droppedSteps() == 0 ? Timeline.After.READY : null;
        long due = -1;
        for (Timeline.Step step : t.steps()) {
            wait(row, s, g, waitFrom, step.beginNanos(), waiting, due);
            waitFrom = step.endNanos();
            waiting = step.after();
            due = step.dueNanos();
        }
        if (waiting != null && !waiting.ended()) {
            wait(row, s, g, waitFrom, s.to(), waiting, due); // still waiting when the span ends
        }
        int last = -1;
        for (Timeline.Step step : t.steps()) {
            if (step.endNanos() < s.from() || step.beginNanos() > s.to()) {
                continue;
            }
            int first = s.cell(step.beginNanos());
            last = Math.max(first, s.lastCell(step.endNanos()));
            Arrays.fill(row, first, last + 1, g.running());
        }
        if (t.done() && last >= 0 && t.lastNanos() <= s.to()) {
            row[last + 1] = g.of(t.ending());
        }
        return new String(row).stripTrailing();
    }

    /** Marks the cells of a wait from {@code a} to {@code b}: a sleep past its due time is the task's turn coming late. */
    private static void wait(char[] row, Scale s, Glyphs g, long a, long b, Timeline.After what, long due) {
        if (what == null) {
            return;
        }
        if (what == Timeline.After.SLEEP && due >= 0 && due < b) {
            fill(row, s, a, due, g.sleeping());
            fill(row, s, Math.max(a, due), b, g.ready());
        } else {
            fill(row, s, a, b, g.of(what));
        }
    }

    private static void fill(char[] row, Scale s, long a, long b, char c) {
        a = Math.max(a, s.from());
        b = Math.min(b, s.to());
        if (b <= a) {
            return;
        }
        int first = s.cell(a);
        Arrays.fill(row, first, Math.max(first, s.lastCell(b)) + 1, c);
    }

    private static String name(String name, int width, Glyphs g) {
        return name.length() <= width ? name : name.substring(0, width - g.ellipsis().length()) + g.ellipsis();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    /** "0 s" under the first cell, the span's length ending under the last (if it has one). */
    private static String axis(long spanNanos, int cells, Glyphs g) {
        String start = "0 s";
        if (spanNanos <= 0) {
            return start;
        }
        String end = duration(spanNanos, g);
        int gap = Math.max(1, cells - start.length() - end.length());
        return start + " ".repeat(gap) + end;
    }

    /** A span as people read it: "3.0 s", "250 ms", "2.5 ms", "40 µs". */
    private static String duration(long nanos, Glyphs g) {
        if (nanos <= 0) {
            return "0 s";
        }
        double s = nanos / 1e9;
        if (s >= 100) {
            return String.format(Locale.ROOT, "%.0f s", s);
        }
        if (s >= 1) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        if (nanos >= 10_000_000) {
            return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
        }
        if (nanos >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.0f %s", nanos / 1e3, g.micro());
    }
}
