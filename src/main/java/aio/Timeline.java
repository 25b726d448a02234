package aio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A recording of what a loop's tasks do over time, to make concurrency visible: when each task
 * was created, each of its steps (the loop resuming it until it suspends again), what it waited
 * on between steps, and how it ended. the console's :timeline chart draws it.
 *
 * <pre>{@code
 * Timeline tl = new Timeline();
 * run(() -> { ... }, Options.virtual().timeline(tl));
 * for (Timeline.TaskRecord t : tl.snapshot().tasks()) System.out.println(t.name() + ": " + t.steps().size() + " steps");
 * }</pre>
 *
 * <p>A loop records only while a timeline is attached, through {@link Options#timeline(Timeline)}
 * or {@link EventLoop#setTimeline}; without one, recording costs the loop a null check per
 * step. Times are the loop's clock in nanoseconds ({@link EventLoop#time()} times 1e9), virtual
 * or real; attach a timeline to one loop at a time.
 *
 * <p>The loop records on its own thread; any thread may take a {@link #snapshot()}, an
 * immutable copy. Both synchronize on the timeline, so a snapshot is one consistent moment.
 *
 * <p>Memory is bounded, so that a loop that runs for hours (the console's) can keep one
 * attached: at most {@code maxTasks} tasks are kept (beyond that the task that ended longest
 * ago is dropped, or the oldest one if none has ended), and at most {@code maxStepsPerTask}
 * steps of each (its oldest are dropped; its record then starts at its first kept step).
 */
public final class Timeline {
    public static final int DEFAULT_MAX_TASKS = 1_000;
    public static final int DEFAULT_MAX_STEPS_PER_TASK = 500;

    /** What a task did right after a step: waited, and on what; or ended, and how. */
    public enum After {
        /** Ready to run, waiting only for its turn: a bare yield ({@code sleep(0)}). */
        READY,
        /** Sleeping: waiting on the future of {@link Aio#sleep}. */
        SLEEP,
        /** Waiting for another task to finish. */
        TASK,
        /** Waiting on any other future: a gather, a queue, a lock, an event, I/O. */
        FUTURE,
        FINISHED,
        CANCELLED,
        /** Ended with an exception. */
        FAILED;

        /** True for the endings: after such a step the task is done. */
        public boolean ended() {
            return compareTo(FINISHED) >= 0;
        }
    }

    /**
     * One step: the loop resumed the task at {@code beginNanos}, and at {@code endNanos} it
     * suspended or ended. On the virtual clock the two are equal: time moves only between steps.
     *
     * @param event    the step's number in the recording, given when it began: the order of
     *                 steps even when the virtual clock gives them equal times; the tasks a
     *                 step creates get the numbers after it
     * @param after    what the task did next
     * @param dueNanos for {@link After#SLEEP}, when the sleep was due to end: from then until
     *                 the task's next step it was ready but waiting for its turn (another step
     *                 was holding the loop); -1 otherwise
     */
    public record Step(long event, long beginNanos, long endNanos, After after, long dueNanos) implements java.io.Serializable {
    }

    /**
     * One task's history, in the order it happened.
     *
     * @param name         the task's name when last seen (a name set later shows once it ends)
     * @param createdEvent the event number of its creation, or 0 if it was created before the
     *                     timeline was attached
     * @param createdNanos when the task was created, recorded or not
     * @param sinceNanos   where the record starts: the creation, or the first kept step when the
     *                     creation was not recorded or older steps were dropped
     * @param steps        its steps, oldest first; the last says how it ended, if it has
     * @param droppedSteps how many of its oldest steps the memory bound dropped
     * @param failure      for a task that ended with an exception, the exception as asyncio's
     *                     repr shows it ({@code ValueError('boom')}); else null
     */
    public record TaskRecord(String name, long createdEvent, long createdNanos, long sinceNanos,
                             List<Step> steps, int droppedSteps, String failure) implements java.io.Serializable {
        public TaskRecord {
            steps = List.copyOf(steps);
        }

        /** A record of a task that did not fail (or has not ended). */
        public TaskRecord(String name, long createdEvent, long createdNanos, long sinceNanos, List<Step> steps,
                int droppedSteps) {
            this(name, createdEvent, createdNanos, sinceNanos, steps, droppedSteps, null);
        }

        /** How the task ended, or null while it is not done. */
        public After ending() {
            return done() ? steps.getLast().after() : null;
        }

        public boolean done() {
            return !steps.isEmpty() && steps.getLast().after().ended();
        }

        /** When its last step ended, which is when it ended if it is done; {@code createdNanos} if it never ran. */
        public long lastNanos() {
            return steps.isEmpty() ? createdNanos : steps.getLast().endNanos();
        }
    }

    /**
     * One turn of the loop (asyncio's {@code _run_once}), for stepping through a run: what was
     * in its ready queue when it began (in order), its timers (soonest first), what waited on
     * I/O, and, a turn each, what it ran and what that did until it gave the thread back.
     *
     * @param number    the loop's iteration count since the timeline was attached, from 1
     * @param event     where the recording stood when it began (see {@link Timeline#events()})
     * @param nanos     the loop's time when it began
     * @param ready     the ready queue, a line each ("Task-1", a callback), at most {@link #SHOWN}
     * @param moreReady how many more were ready
     * @param timers    the timers not due yet, soonest first, at most {@link #SHOWN}
     * @param moreTimers how many more there were
     * @param io        what waits on I/O (readers and writers of sockets and pipes), at most {@link #SHOWN}
     * @param turns     what ran, in order, at most {@link #SHOWN} ({@code moreTurns}: how many more)
     */
    public record Iteration(long number, long event, long nanos, List<String> ready, int moreReady,
            List<Timer> timers, int moreTimers, List<String> io, List<Turn> turns, int moreTurns) implements java.io.Serializable {
        /** How many items of each list an iteration keeps: enough to read, few enough to stay small. */
        public static final int SHOWN = 12;

        public Iteration {
            ready = List.copyOf(ready);
            timers = List.copyOf(timers);
            io = List.copyOf(io);
            turns = List.copyOf(turns);
        }
    }

    /** A timer: what it will run (a task's sleep, a callback) and when it is due. */
    public record Timer(String what, long dueNanos) implements java.io.Serializable {
    }

    /**
     * One thing an iteration ran: a task's step ({@code after} says how it ended: waiting, on
     * what ({@code detail}), or done) or a callback ({@code after} null).
     */
    public record Turn(String what, After after, String detail) implements java.io.Serializable {
    }

    /**
     * What a timeline held at one moment, in the order it first saw the tasks (creation order
     * for tasks created while it recorded), over the time span a chart of it shows.
     *
     * @param fromNanos    the start of the span: the earliest record's start
     * @param toNanos      the end: the latest recorded time, where pending tasks' waits are cut
     * @param droppedTasks how many tasks the memory bound dropped since recording began
     */
    public record Snapshot(List<TaskRecord> tasks, long fromNanos, long toNanos, int droppedTasks) implements java.io.Serializable {
        public Snapshot {
            tasks = List.copyOf(tasks);
        }

        /** The first task with this name. */
        public Optional<TaskRecord> task(String name) {
            return tasks.stream().filter(t -> t.name().equals(name)).findFirst();
        }

        /** The tasks {@code which} accepts, over the same span (so that charts line up). */
        public Snapshot filter(Predicate<TaskRecord> which) {
            return new Snapshot(tasks.stream().filter(which).toList(), fromNanos, toNanos, droppedTasks);
        }

        /**
         * The tasks that were created or stepped between two marks from {@link Timeline#events()}
         * (events after {@code afterEvent}, up to and including {@code throughEvent}), over the
         * span of those events only: "what happened while that snippet ran". Empty, over an empty
         * span, if nothing happened.
         */
        public Snapshot between(long afterEvent, long throughEvent) {
            List<TaskRecord> kept = new ArrayList<>();
            long from = Long.MAX_VALUE;
            long to = Long.MIN_VALUE;
            for (TaskRecord t : tasks) {
                boolean in = false;
                if (t.createdEvent() > afterEvent && t.createdEvent() <= throughEvent) {
                    in = true;
                    from = Math.min(from, t.createdNanos());
                    to = Math.max(to, t.createdNanos());
                }
                for (Step s : t.steps()) {
                    if (s.event() > afterEvent && s.event() <= throughEvent) {
                        in = true;
                        from = Math.min(from, s.beginNanos());
                        to = Math.max(to, s.endNanos());
                    }
                }
                if (in) {
                    kept.add(t);
                }
            }
            return kept.isEmpty() ? new Snapshot(kept, 0, 0, droppedTasks) : new Snapshot(kept, from, to, droppedTasks);
        }
    }

    /** A task's history while it is being recorded: mutable, loop thread only (under the lock). */
    private static final class Track {
        final long order;         // the event at which the timeline first saw it: rows are in this order
        final long createdEvent;
        final long createdNanos;
        String name;
        long sinceNanos;
        final ArrayDeque<Step> steps = new ArrayDeque<>(4);
        int droppedSteps;
        String failure;

        Track(long order, long createdEvent, long createdNanos, String name, long sinceNanos) {
            this.order = order;
            this.createdEvent = createdEvent;
            this.createdNanos = createdNanos;
            this.name = name;
            this.sinceNanos = sinceNanos;
        }

        TaskRecord record() {
            return new TaskRecord(name, createdEvent, createdNanos, sinceNanos, new ArrayList<>(steps), droppedSteps, failure);
        }
    }

    private final int maxTasks;
    private final int maxStepsPerTask;
    /** How many iterations are kept (the last ones). */
    public static final int MAX_ITERATIONS = 2_000;
    private final ArrayDeque<IterationDraft> iterations = new ArrayDeque<>();
    private long iterationCount;
    private long droppedIterations;
    private IterationDraft current;
    /** Tasks not done yet, in the order first seen (the oldest is dropped first if none has ended). */
    private final Map<Task<?>, Track> live = new LinkedHashMap<>();
    /** Tasks done, in the order they ended (the first is dropped first). */
    private final ArrayDeque<Track> ended = new ArrayDeque<>();
    /** Events recorded so far (creations and steps): the last event's number. */
    private long events;
    private int droppedTasks;
    /** The step running now (steps never overlap): its event number, numbered when it begins, and its start. */
    private long stepEvent;
    private long stepBegan;

    /** A timeline keeping {@value #DEFAULT_MAX_TASKS} tasks, {@value #DEFAULT_MAX_STEPS_PER_TASK} steps each. */
    public Timeline() {
        this(DEFAULT_MAX_TASKS, DEFAULT_MAX_STEPS_PER_TASK);
    }

    /** A timeline keeping at most {@code maxTasks} tasks and {@code maxStepsPerTask} steps of each (both at least 1). */
    public Timeline(int maxTasks, int maxStepsPerTask) {
        if (maxTasks < 1 || maxStepsPerTask < 1) {
            throw new IllegalArgumentException("a timeline keeps at least 1 task and 1 step: " + maxTasks + ", " + maxStepsPerTask);
        }
        this.maxTasks = maxTasks;
        this.maxStepsPerTask = maxStepsPerTask;
    }

    /** An immutable copy of what is recorded now. Any thread. */
    public synchronized Snapshot snapshot() {
        List<Track> all = new ArrayList<>(live.values());
        all.addAll(ended);
        all.sort(Comparator.comparingLong(t -> t.order));
        List<TaskRecord> records = new ArrayList<>(all.size());
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (Track t : all) {
            TaskRecord r = t.record();
            records.add(r);
            from = Math.min(from, r.sinceNanos());
            to = Math.max(to, r.lastNanos());
        }
        return records.isEmpty() ? new Snapshot(records, 0, 0, droppedTasks) : new Snapshot(records, from, to, droppedTasks);
    }

    /**
     * The number of events (task creations and steps) recorded so far. Taken before and after
     * some work, it marks the work for {@link Snapshot#between}. Any thread.
     */
    public synchronized long events() {
        return events;
    }

    /**
     * The iterations recorded since mark {@code afterEvent} ({@link #events()}), up to
     * {@code throughEvent}, oldest first; the memory bound keeps only the last
     * {@link #MAX_ITERATIONS} of all. Any thread.
     */
    public synchronized List<Iteration> iterations(long afterEvent, long throughEvent) {
        List<Iteration> out = new ArrayList<>();
        for (IterationDraft d : iterations) {
            if (d.event >= afterEvent && d.event <= throughEvent && !d.turns.isEmpty()) {
                out.add(d.freeze());
            }
        }
        return out;
    }

    /** How many iterations have been recorded since recording began (kept or not). Any thread. */
    public synchronized long iterationCount() {
        return iterationCount;
    }

    /** How many iterations the memory bound has dropped since recording began. Any thread. */
    public synchronized long droppedIterations() {
        return droppedIterations;
    }

    /** An iteration being recorded: its turns are added as they run. */
    private static final class IterationDraft {
        final long number;
        final long event;
        final long nanos;
        final List<String> ready;
        final int moreReady;
        final List<Timer> timers;
        final int moreTimers;
        final List<String> io;
        final List<Turn> turns = new ArrayList<>(4);
        int moreTurns;

        IterationDraft(long number, long event, long nanos, List<String> ready, int moreReady, List<Timer> timers,
                int moreTimers, List<String> io) {
            this.number = number;
            this.event = event;
            this.nanos = nanos;
            this.ready = ready;
            this.moreReady = moreReady;
            this.timers = timers;
            this.moreTimers = moreTimers;
            this.io = io;
        }

        Iteration freeze() {
            return new Iteration(number, event, nanos, ready, moreReady, timers, moreTimers, io, turns, moreTurns);
        }

        void add(Turn t) {
            if (turns.size() < Iteration.SHOWN) {
                turns.add(t);
            } else {
                moreTurns++;
            }
        }
    }

    // ---- recording: called by the loop and Task on the loop thread ----

    /** An iteration begins: the loop has gathered what is ready, and runs it next. */
    synchronized void iterationBegins(long nanos, List<String> ready, int moreReady, List<Timer> timers, int moreTimers,
            List<String> io) {
        current = new IterationDraft(++iterationCount, events + 1, nanos, ready, moreReady, timers, moreTimers, io);
        iterations.addLast(current);
        if (iterations.size() > MAX_ITERATIONS) {
            iterations.removeFirst();
            droppedIterations++;
        }
    }

    /** A callback (not a task's step) ran in the current iteration. */
    synchronized void callbackRan(String what) {
        if (current != null) {
            current.add(new Turn(what, null, null));
        }
    }

    /** A result as a turn shows it: its repr, cut short. */
    private static String shortRepr(Object value) {
        String r = Aio.repr(value);
        return r.length() <= 60 ? r : r.substring(0, 59) + "…";
    }

    private void turn(Task<?> t, After after, String detail) {
        if (current != null) {
            current.add(new Turn(t.getName(), after, detail));
        }
    }

    synchronized void created(Task<?> t) {
        long e = ++events;
        live.put(t, new Track(e, e, t.createdNanos, t.getName(), t.createdNanos));
        bound();
    }

    /** A step begins: it is numbered now, so that the tasks it creates come after it. */
    synchronized void stepBegins(long nowNanos) {
        stepEvent = ++events;
        stepBegan = nowNanos;
    }

    /** The step in progress, saved while a task created in it runs its eager first step. */
    synchronized long[] saveStep() {
        return new long[] {stepEvent, stepBegan};
    }

    /** Back to the step {@link #saveStep} saved, once the eager step is over. */
    synchronized void restoreStep(long[] saved) {
        stepEvent = saved[0];
        stepBegan = saved[1];
    }

    /** The step ended with {@code t} waiting on {@code waitingOn} (null: it is ready again). */
    synchronized void suspended(Task<?> t, long endedNanos, Future<?> waitingOn) {
        After after;
        long due = -1;
        if (waitingOn == null) {
            after = After.READY;
        } else if (waitingOn instanceof SleepFuture<?> sleep) {
            after = After.SLEEP;
            due = sleep.deadlineNanos();
        } else {
            after = waitingOn instanceof Task<?> ? After.TASK : After.FUTURE;
        }
        Track track = live.get(t);
        if (track == null) {
            track = firstSeen(t);
            live.put(t, track);
        }
        add(track, endedNanos, after, due);
        turn(t, after, waitingOn == null ? null : waitingOn instanceof Task<?> w ? w.getName() : waitingOn.toString());
        bound();
    }

    /** The step ended {@code t}, which is done now; {@code thrown} is what its body threw, or null. */
    synchronized void ended(Task<?> t, long endedNanos, Throwable thrown) {
        After after = t.cancelled() ? After.CANCELLED : thrown != null ? After.FAILED : After.FINISHED;
        Track track = live.remove(t);
        if (track == null) {
            track = firstSeen(t);
        }
        add(track, endedNanos, after, -1);
        track.name = t.getName();
        if (after == After.FAILED) {
            track.failure = Aio.repr(thrown);
        }
        turn(t, after, after == After.FAILED ? track.failure
                : after == After.FINISHED && !t.cancelled() ? shortRepr(t.rawResult()) : null);
        ended.addLast(track);
        bound();
    }

    /** A task created before the timeline was attached (or dropped by the bound), seen at the running step. */
    private Track firstSeen(Task<?> t) {
        return new Track(stepEvent, 0, t.createdNanos, t.getName(), stepBegan);
    }

    private void add(Track track, long endedNanos, After after, long due) {
        if (track.steps.size() >= maxStepsPerTask) {
            track.steps.removeFirst();
            track.droppedSteps++;
            track.sinceNanos = track.steps.isEmpty() ? stepBegan : track.steps.getFirst().beginNanos();
        }
        track.steps.addLast(new Step(stepEvent, stepBegan, endedNanos, after, due));
    }

    private void bound() {
        while (live.size() + ended.size() > maxTasks) {
            if (!ended.isEmpty()) {
                ended.removeFirst();
            } else {
                Iterator<Track> oldest = live.values().iterator();
                oldest.next();
                oldest.remove(); // should it step again, it comes back as first seen there
            }
            droppedTasks++;
        }
    }

    @Override
    public synchronized String toString() {
        return "<Timeline " + (live.size() + ended.size()) + " tasks, " + events + " events>";
    }
}
