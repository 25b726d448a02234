package tutor.agent;

import aio.Timeline;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code :timeline}, in the agent: a chart of what the loop's tasks did while the last Java
 * input ran. The loop records into one {@link Timeline} from the start (bounded, so a long session
 * costs little); the console has the recording marked before and after each input, and the chart
 * covers the tasks created or stepped between the marks: the snippet's own task, the tasks it
 * started, anything else that ran meanwhile (a server serving a client). The marks of an input
 * that ran no task (a method declaration) leave the previous ones in place.
 */
final class TimelineCommand {
    /** More rows than this would scroll the chart away: the rest are counted, not sent. */
    static final int MAX_ROWS = 30;

    private final Timeline timeline;
    /** Where the recording stood when the input now running (or the last one) began. */
    private volatile long inputStart;
    /** The marks around the last input that ran anything, {after, through, iterations before it}, or null. */
    private volatile long[] lastRun;
    /** How many loop iterations there had been when the input now running (or the last one) began. */
    private volatile long iterationsAtStart;

    /** Attaches the timeline to the loop, on the loop's thread. */
    TimelineCommand(Timeline recording) {
        this.timeline = recording;
    }

    /** Java input is about to run. */
    void inputStarts() {
        inputStart = timeline.events();
        iterationsAtStart = timeline.iterationCount();
    }

    /** The tasks that ended with an exception since the last Java input began, in the order they were created. */
    java.util.List<Timeline.TaskRecord> failedSinceInput() {
        return timeline.snapshot().between(inputStart, Long.MAX_VALUE).tasks().stream()
                .filter(t -> t.ending() == Timeline.After.FAILED).toList();
    }

    /** The Java input has run: its tasks are done, or left running in the background. */
    void inputEnded() {
        long end = timeline.events();
        if (end > inputStart) {
            lastRun = new long[] {inputStart, end, iterationsAtStart};
        }
    }

    /**
     * The chart for {@code :timeline args}: every task of the last input, or those whose names
     * match one of the space-separated globs in {@code args} ({@code *} is any text).
     */
    Request.Chart chart(String args) {
        long[] run = lastRun;
        if (run == null) {
            return new Request.Chart(null, 0, Request.Chart.Why.NOTHING_RAN);
        }
        Timeline.Snapshot snap = timeline.snapshot().between(run[0], run[1]);
        if (!args.isBlank()) {
            Predicate<String> wanted = globs(args);
            snap = snap.filter(t -> wanted.test(t.name()));
            if (snap.tasks().isEmpty()) {
                return new Request.Chart(null, 0, Request.Chart.Why.NO_SUCH_TASK);
            }
        }
        if (snap.tasks().isEmpty()) {
            return new Request.Chart(null, 0, Request.Chart.Why.FORGOTTEN);
        }
        int more = snap.tasks().size() - MAX_ROWS;
        if (more > 0) {
            snap = new Timeline.Snapshot(List.copyOf(snap.tasks().subList(0, MAX_ROWS)), snap.fromNanos(), snap.toNanos(),
                    snap.droppedTasks());
        }
        return new Request.Chart(snap, Math.max(0, more), null);
    }

    /** {@code :loop}: the iterations of the last input that ran anything. */
    Request.LoopRun loopRun() {
        long[] run = lastRun;
        if (run == null) {
            return new Request.LoopRun(List.of(), 0, Request.Chart.Why.NOTHING_RAN);
        }
        List<Timeline.Iteration> its = timeline.iterations(run[0] + 1, run[1]);
        if (its.isEmpty()) {
            return new Request.LoopRun(List.of(), 0, Request.Chart.Why.FORGOTTEN);
        }
        // the bound drops the oldest first: iterations 1..dropped are gone, this run's began after run[2]
        return new Request.LoopRun(new java.util.ArrayList<>(its), Math.max(0, timeline.droppedIterations() - run[2]), null);
    }

    /** True for a name that one of the globs matches; {@code *} is any text, the rest is literal. */
    static Predicate<String> globs(String args) {
        Pattern p = Pattern.compile(Arrays.stream(args.strip().split("\\s+"))
                .map(glob -> Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")))
                .collect(Collectors.joining("|")));
        return name -> p.matcher(name).matches();
    }
}
