package aio;

import static aio.Aio.await;
import static aio.Aio.createTask;
import static aio.Aio.gather;
import static aio.Aio.getRunningLoop;
import static aio.Aio.run;
import static aio.Aio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aio.Timeline.After;
import aio.Timeline.Step;
import aio.Timeline.TaskRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Timeline}: what the loop records about its tasks, on the virtual clock unless said otherwise. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimelineTest {
    private static final long S = 1_000_000_000L;

    private static TaskRecord task(Timeline tl, String name) {
        return tl.snapshot().task(name).orElseThrow(() -> new AssertionError("no task " + name + " in " + tl.snapshot()));
    }

    private static List<After> afters(TaskRecord t) {
        return t.steps().stream().map(Step::after).toList();
    }

    /** Each step as "begin-end:AFTER" in whole seconds: short enough to compare at a glance. */
    private static List<String> steps(TaskRecord t) {
        return t.steps().stream().map(s -> s.beginNanos() / S + "-" + s.endNanos() / S + ":" + s.after()).toList();
    }

    @Test
    void creationStepsSleepsAndEndingsAreRecorded() {
        Timeline tl = new Timeline();
        run(() -> {
            var a = createTask(() -> sleep(1), "a");
            var b = createTask(() -> sleep(2), "b");
            await(gather(a, b));
        }, Options.virtual().timeline(tl));

        Timeline.Snapshot snap = tl.snapshot();
        assertEquals(List.of("Task-1", "a", "b"), snap.tasks().stream().map(TaskRecord::name).toList(),
                "in creation order");
        assertEquals(0, snap.fromNanos());
        assertEquals(2 * S, snap.toNanos());
        assertEquals(0, snap.droppedTasks());

        TaskRecord b = task(tl, "b");
        assertEquals(List.of("0-0:SLEEP", "2-2:FINISHED"), steps(b));
        assertEquals(2 * S, b.steps().get(0).dueNanos(), "when the sleep was due to end");
        assertEquals(-1, b.steps().get(1).dueNanos());
        assertTrue(b.createdEvent() > 0, "its creation was recorded");
        assertEquals(0, b.createdNanos());
        assertEquals(0, b.sinceNanos());
        assertTrue(b.done());
        assertEquals(After.FINISHED, b.ending());
        assertEquals(2 * S, b.lastNanos());

        TaskRecord main = task(tl, "Task-1");
        assertEquals(List.of("0-0:FUTURE", "2-2:FINISHED"), steps(main), "a gather is a future, not a task");
        assertEquals(List.of("0-0:SLEEP", "1-1:FINISHED"), steps(task(tl, "a")));
    }

    @Test
    void eventNumbersGiveTheOrderOfStepsAtEqualTimes() {
        Timeline tl = new Timeline();
        run(() -> {
            var a = createTask(() -> sleep(1), "a");
            var b = createTask(() -> sleep(1), "b");
            await(gather(a, b));
        }, Options.virtual().timeline(tl));
        List<Long> order = new ArrayList<>();
        for (TaskRecord t : tl.snapshot().tasks()) {
            assertTrue(t.createdEvent() < t.steps().get(0).event(), "created before its first step");
            t.steps().forEach(s -> order.add(s.event()));
        }
        assertEquals(order.stream().distinct().count(), order.size(), "every event has its own number");
        assertTrue(task(tl, "a").steps().get(0).event() < task(tl, "b").steps().get(0).event(), "a ran first at 0 s");
        assertTrue(task(tl, "a").steps().get(1).event() < task(tl, "b").steps().get(1).event(), "and first at 1 s");
        assertEquals(order.stream().mapToLong(Long::longValue).max().orElseThrow(), tl.events());
    }

    @Test
    void waitingForAnotherTaskIsTask() {
        Timeline tl = new Timeline();
        run(() -> {
            await(createTask(() -> sleep(1), "child"));
            sleep(0);
        }, Options.virtual().timeline(tl));
        assertEquals(List.of("0-0:TASK", "1-1:READY", "1-1:FINISHED"), steps(task(tl, "Task-1")),
                "the task, then sleep(0): ready again at once");
    }

    @Test
    void cancelledAndFailedEndings() {
        Timeline tl = new Timeline();
        run(() -> {
            var sleeper = createTask(() -> sleep(10), "sleeper");
            var crasher = createTask(() -> {
                sleep(1);
                throw new IllegalStateException("boom");
            }, "crasher");
            sleep(2);
            sleeper.cancel();
            await(gather(List.of(sleeper, crasher), true));
        }, Options.virtual().timeline(tl));
        assertEquals(List.of("0-0:SLEEP", "2-2:CANCELLED"), steps(task(tl, "sleeper")));
        assertEquals(After.CANCELLED, task(tl, "sleeper").ending());
        assertEquals(List.of("0-0:SLEEP", "1-1:FAILED"), steps(task(tl, "crasher")));
        assertEquals(After.FAILED, task(tl, "crasher").ending());
        assertEquals(After.FINISHED, task(tl, "Task-1").ending());
    }

    @Test
    void tasksLeftPendingByRunAreRecordedCancelled() {
        Timeline tl = new Timeline();
        run(() -> {
            createTask(() -> sleep(100), "forgotten");
            sleep(1);
        }, Options.virtual().timeline(tl));
        assertEquals(List.of("0-0:SLEEP", "1-1:CANCELLED"), steps(task(tl, "forgotten")));
    }

    @Test
    void aTaskRenamedWhileRunningShowsItsLastName() {
        Timeline tl = new Timeline();
        run(() -> {
            Aio.currentTask().setName("main");
            sleep(1);
        }, Options.virtual().timeline(tl));
        assertEquals(List.of("main"), tl.snapshot().tasks().stream().map(TaskRecord::name).toList());
    }

    @Test
    void aPendingTaskHasNoEnding() {
        Timeline tl = new Timeline();
        run(() -> {
            var waiter = createTask(() -> new Event().await(), "waiter");
            sleep(1);
            Timeline.Snapshot snap = tl.snapshot();
            TaskRecord w = snap.task("waiter").orElseThrow();
            assertFalse(w.done());
            assertNull(w.ending());
            assertEquals(List.of("0-0:FUTURE"), steps(w));
            waiter.cancel();
        }, Options.virtual().timeline(tl));
    }

    @Test
    void memoryIsBoundedTheTasksThatEndedFirstGoFirst() {
        Timeline tl = new Timeline(3, 100);
        run(() -> {
            for (int i = 1; i <= 10; i++) {
                await(createTask(() -> sleep(1), "w" + i));
            }
        }, Options.virtual().timeline(tl));
        Timeline.Snapshot snap = tl.snapshot();
        assertEquals(List.of("Task-1", "w9", "w10"), snap.tasks().stream().map(TaskRecord::name).toList(),
                "the three that ended last, in the order first seen");
        assertEquals(8, snap.droppedTasks());
        assertEquals(8 * S, task(tl, "w9").sinceNanos());
        assertEquals(0, snap.fromNanos(), "the span starts where the earliest kept record does: main's");
    }

    @Test
    void memoryIsBoundedWithNothingEndedTheOldestGoes() {
        Timeline tl = new Timeline(2, 100);
        run(() -> {
            var a = createTask(() -> sleep(1), "a");
            var b = createTask(() -> sleep(1), "b"); // main, a, b: main goes
            assertEquals(List.of("a", "b"), tl.snapshot().tasks().stream().map(TaskRecord::name).toList());
            await(gather(a, b));
        }, Options.virtual().timeline(tl));
        TaskRecord main = task(tl, "Task-1");
        assertEquals(0, main.createdEvent(), "seen again at its next step, as if created before the recording");
        assertEquals(List.of("1-1:FINISHED"), steps(main));
        assertEquals(S, main.sinceNanos());
    }

    @Test
    void memoryIsBoundedAtMostSoManyStepsATask() {
        Timeline tl = new Timeline(10, 2);
        run(() -> {
            for (int i = 0; i < 5; i++) {
                sleep(1);
            }
        }, Options.virtual().timeline(tl));
        TaskRecord main = task(tl, "Task-1");
        assertEquals(List.of("4-4:SLEEP", "5-5:FINISHED"), steps(main), "the newest two of six");
        assertEquals(4, main.droppedSteps());
        assertEquals(4 * S, main.sinceNanos(), "the record starts at its first kept step");
        assertEquals(0, main.createdNanos());
    }

    @Test
    void boundsMustKeepSomething() {
        assertThrows(IllegalArgumentException.class, () -> new Timeline(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Timeline(1, 0));
    }

    @Test
    void nothingIsRecordedWithoutATimeline() {
        assertNull(Options.defaults().timeline());
        assertNull(Options.virtual().timeline());
        EventLoop loop = Aio.newEventLoop(Options.virtual());
        try {
            assertNull(loop.getTimeline());
        } finally {
            loop.close();
        }
    }

    @Test
    void attachingAndDetachingOnTheLoopRecordsOnlyWhatHappensInBetween() {
        Timeline tl = new Timeline();
        run(() -> {
            var before = createTask(() -> sleep(3), "before");
            getRunningLoop().setTimeline(tl); // this step itself began unrecorded
            sleep(1);
            createTask(() -> sleep(1), "during");
            sleep(1);
            getRunningLoop().setTimeline(null); // this step is recorded: it began recorded
            var after = createTask(() -> sleep(1), "after");
            await(gather(before, after));
            assertNull(getRunningLoop().getTimeline());
        }, Options.virtual());
        assertEquals(List.of("before", "Task-1", "during"), tl.snapshot().tasks().stream().map(TaskRecord::name).toList());
        TaskRecord before = task(tl, "before");
        assertEquals(0, before.createdEvent(), "created before the recording");
        assertEquals(List.of("0-0:SLEEP"), steps(before), "its ending came after");
        TaskRecord main = task(tl, "Task-1");
        assertEquals(List.of("1-1:SLEEP", "2-2:FUTURE"), steps(main));
        assertEquals(S, main.sinceNanos());
        assertEquals(List.of("1-1:SLEEP"), steps(task(tl, "during")),
                "its last step came at 2 s just after main's, which had detached the timeline");
    }

    @Test
    void optionsCarryTheTimelineThroughEveryWither() {
        Timeline tl = new Timeline();
        Options o = Options.defaults().timeline(tl).debug(true).virtualClock(true).slowCallbackSeconds(0.5);
        assertSame(tl, o.timeline());
        assertEquals(new Options(true, true, 0.5, tl, false), o);
        assertNull(new Options(false, true, 0.1).timeline(), "the three-component constructor still works");
        assertEquals(Options.virtual(), new Options(false, true, 0.1));
        EventLoop loop = Aio.newEventLoop(o);
        try {
            assertSame(tl, loop.getTimeline());
        } finally {
            loop.close();
        }
    }

    @Test
    void betweenTwoMarksKeepsTheTasksOfThatStretchOverItsSpan() {
        Timeline tl = new Timeline();
        long[] marks = new long[2];
        run(() -> {
            var idle = createTask(() -> new Event().await(), "idle");
            await(createTask(() -> sleep(1), "x"));
            marks[0] = tl.events();
            await(createTask(() -> sleep(2), "y"));
            marks[1] = tl.events();
            await(createTask(() -> sleep(1), "z"));
            idle.cancel();
        }, Options.virtual().timeline(tl));
        Timeline.Snapshot all = tl.snapshot();
        Timeline.Snapshot mid = all.between(marks[0], marks[1]);
        assertEquals(List.of("Task-1", "y"), mid.tasks().stream().map(TaskRecord::name).toList(),
                "main stepped, y was created; idle did nothing then");
        assertEquals(S, mid.fromNanos());
        assertEquals(3 * S, mid.toNanos());
        assertEquals(List.of(), all.between(marks[1], marks[1]).tasks());
        assertEquals(all.tasks(), all.between(0, Long.MAX_VALUE).tasks());
    }

    @Test
    void filterKeepsTheSpan() {
        Timeline tl = new Timeline();
        run(() -> {
            await(createTask(() -> sleep(1), "x"));
            await(createTask(() -> sleep(1), "y"));
        }, Options.virtual().timeline(tl));
        Timeline.Snapshot y = tl.snapshot().filter(t -> t.name().equals("y"));
        assertEquals(1, y.tasks().size());
        assertEquals(0, y.fromNanos());
        assertEquals(2 * S, y.toNanos());
    }

    @Test
    void setTimelineFromAnotherThreadIsRefused() {
        try (BackgroundLoop bg = new BackgroundLoop()) {
            bg.call(() -> { }); // the loop is running now: before that, no thread is "the loop's"
            assertThrows(IllegalStateException.class, () -> bg.loop().setTimeline(new Timeline()));
            Timeline tl = new Timeline();
            bg.call(() -> bg.loop().setTimeline(tl));
            assertSame(tl, bg.call(() -> bg.loop().getTimeline()));
        }
    }

    @Test
    void snapshotsFromAnotherThreadWhileTheLoopRecords() throws Exception {
        Timeline tl = new Timeline(50, 20);
        try (BackgroundLoop bg = new BackgroundLoop(Options.defaults().timeline(tl))) {
            CompletableFuture<Void> work = bg.submit(() -> {
                List<Task<Void>> tasks = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    tasks.add(createTask(() -> {
                        for (int k = 0; k < 30; k++) {
                            sleep(0);
                        }
                    }));
                }
                await(gather(tasks));
            });
            int taken = 0;
            while (!work.isDone() || taken == 0) {
                Timeline.Snapshot snap = tl.snapshot();
                assertTrue(snap.tasks().size() <= 50);
                for (TaskRecord t : snap.tasks()) {
                    assertTrue(t.steps().size() <= 20);
                    for (int i = 1; i < t.steps().size(); i++) {
                        assertTrue(t.steps().get(i - 1).event() < t.steps().get(i).event());
                        assertTrue(t.steps().get(i - 1).endNanos() <= t.steps().get(i).beginNanos());
                    }
                }
                taken++;
            }
            work.get(20, TimeUnit.SECONDS);
            assertTrue(tl.snapshot().droppedTasks() > 0);
            assertTrue(tl.events() > 200 * 30);
        }
    }

    /** An iteration as one line: "t=1 ready[a, b] timers[x@2] io[..] runs[a:SLEEP(<sleep 1 s, 1.0 s left>), cb]". */
    private static String line(Timeline.Iteration it) {
        return "t=" + it.nanos() / S + " ready" + it.ready()
                + " timers" + it.timers().stream().map(t -> t.what() + "@" + t.dueNanos() / S).toList()
                + " runs" + it.turns().stream().map(t -> t.after() == null ? t.what()
                        : t.what() + ":" + t.after() + (t.detail() == null ? "" : "(" + t.detail() + ")")).toList();
    }

    @Test // the loop step by step (the console's :loop): what was ready, the timers, what each turn did
    void eachIterationRecordsItsReadyQueueItsTimersAndWhatEachTurnDid() {
        Timeline tl = new Timeline();
        Aio.run(() -> {
            Aio.createTask(() -> Aio.sleep(1, "a"), "a");
            Aio.createTask(() -> Aio.sleep(0), "b");
            Aio.sleep(2);
        }, Options.virtual().timeline(tl));
        List<String> lines = tl.iterations(0, Long.MAX_VALUE).stream().map(TimelineTest::line).toList();
        assertEquals(List.of(
                "t=0 ready[Task-1] timers[] runs[Task-1:SLEEP(<sleep 2 s, 2.0 s left>)]",
                "t=0 ready[a, b] timers[Task-1 wakes from sleep 2 s@2] runs[a:SLEEP(<sleep 1 s, 1.0 s left>), b:READY]",
                "t=0 ready[b] timers[a wakes from sleep 1 s@1, Task-1 wakes from sleep 2 s@2] runs[b:FINISHED(null)]",
                "t=1 ready[a wakes from sleep 1 s] timers[Task-1 wakes from sleep 2 s@2] runs[a wakes from sleep 1 s]",
                "t=1 ready[a] timers[Task-1 wakes from sleep 2 s@2] runs[a:FINISHED('a')]",
                "t=2 ready[Task-1 wakes from sleep 2 s] timers[] runs[Task-1 wakes from sleep 2 s]",
                "t=2 ready[Task-1] timers[] runs[Task-1:FINISHED(null)]"), lines);
        assertEquals(0, tl.droppedIterations());
    }

    @Test
    void aLongRunKeepsTheLastIterationsAndCountsTheOthers() {
        Timeline tl = new Timeline();
        Aio.run(() -> {
            for (int i = 0; i < Timeline.MAX_ITERATIONS + 100; i++) {
                Aio.sleep(0);
            }
        }, Options.virtual().timeline(tl));
        List<Timeline.Iteration> kept = tl.iterations(0, Long.MAX_VALUE);
        // the last, the loop's own done callback, shows nothing of the learner's: left out
        assertEquals(Timeline.MAX_ITERATIONS - 1, kept.size());
        assertEquals(100 + 2, tl.droppedIterations(), "the first ones were dropped");
        assertEquals(tl.droppedIterations() + 1, kept.get(0).number());
    }

    private static void noted(Future<?> f) {
    }

    @Test // a finished task waits in the ready queue for its done callback: shown as the callback, not as the task
    void aFinishedTasksDoneCallbackShowsAsTheCallback() {
        Timeline tl = new Timeline();
        Aio.run(() -> {
            Task<String> t = Aio.createTask(() -> "x", "t");
            t.addDoneCallback(TimelineTest::noted);
            Aio.sleep(1);
        }, Options.virtual().timeline(tl));
        List<String> lines = tl.iterations(0, Long.MAX_VALUE).stream().map(TimelineTest::line).toList();
        String callback = "<lambda>(<Task finished name='t' coro=<<lambda>() done, defined at TimelineTest.java> result='x'>) "
                + "at TimelineTest.java";
        assertEquals(List.of(
                "t=0 ready[Task-1] timers[] runs[Task-1:SLEEP(<sleep 1 s, 1.0 s left>)]",
                "t=0 ready[t] timers[Task-1 wakes from sleep 1 s@1] runs[t:FINISHED('x')]",
                "t=0 ready[" + callback + "] timers[Task-1 wakes from sleep 1 s@1] runs[" + callback + "]",
                "t=1 ready[Task-1 wakes from sleep 1 s] timers[] runs[Task-1 wakes from sleep 1 s]",
                "t=1 ready[Task-1] timers[] runs[Task-1:FINISHED(null)]"), lines);
    }
}
