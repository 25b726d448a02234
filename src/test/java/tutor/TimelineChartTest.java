package tutor;

import static aio.Aio.await;
import static aio.Aio.createTask;
import static aio.Aio.currentTask;
import static aio.Aio.gather;
import static aio.Aio.run;
import static aio.Aio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aio.Event;
import aio.Options;
import aio.VoidCoro;
import aio.Timeline;
import aio.Timeline.After;
import aio.Timeline.Snapshot;
import aio.Timeline.Step;
import aio.Timeline.TaskRecord;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link TimelineChart}: charts of small programs on the virtual clock, as exact text. */
class TimelineChartTest {
    private static final long S = 1_000_000_000L;

    /** Runs {@code body} as the main task, named "main", on the virtual clock; returns what was recorded. */
    private static Snapshot record(VoidCoro body) {
        Timeline tl = new Timeline();
        run(() -> {
            currentTask().setName("main");
            body.run();
        }, Options.virtual().timeline(tl));
        return tl.snapshot();
    }

    private static String firstLines(String text, int n) {
        return text.lines().limit(n).map(l -> l + "\n").reduce("", String::concat);
    }

    private static Snapshot concurrentSleeps() {
        return record(() -> {
            var a = createTask(() -> sleep(1), "a");
            var b = createTask(() -> sleep(1), "b");
            var c = createTask(() -> sleep(1), "c");
            await(gather(a, b, c));
        });
    }

    private static Snapshot sequentialSleeps() {
        return record(() -> {
            await(createTask(() -> sleep(1), "a"));
            await(createTask(() -> sleep(1), "b"));
            await(createTask(() -> sleep(1), "c"));
        });
    }

    @Test
    void threeSleepsAtOnceTakeOneSecond() {
        assertEquals("""
                main #================================#v
                a    #--------------------------------#v
                b    #--------------------------------#v
                c    #--------------------------------#v
                     0 s                          1.0 s
                # running  = waiting  - sleeping  . ready  v finished  x cancelled  ! failed
                """, TimelineChart.render(concurrentSleeps(), 40, false));
    }

    @Test
    void threeSleepsOneAfterAnotherTakeThree() {
        assertEquals("""
                main #==========#==========#==========#v
                a    #----------#v
                b               #----------#v
                c                          #----------#v
                     0 s                          3.0 s
                # running  = waiting  - sleeping  . ready  v finished  x cancelled  ! failed
                """, TimelineChart.render(sequentialSleeps(), 40, false));
    }

    @Test
    void unicodeBlocks() {
        assertEquals("""
                main █▒▒▒▒▒▒▒▒▒▒█▒▒▒▒▒▒▒▒▒▒█▒▒▒▒▒▒▒▒▒▒█✓
                a    █░░░░░░░░░░█✓
                b               █░░░░░░░░░░█✓
                c                          █░░░░░░░░░░█✓
                     0 s                          3.0 s
                █ running  ▒ waiting  ░ sleeping  · ready  ✓ finished  ⊘ cancelled  ✗ failed
                """, TimelineChart.render(sequentialSleeps(), 40, true));
    }

    @Test
    void theBarTakesTheWidthLeftByTheNames() {
        String chart = TimelineChart.render(sequentialSleeps(), 72, true);
        assertEquals("""
                main █▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒█▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒█▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒█✓
                a    █░░░░░░░░░░░░░░░░░░░░░█✓
                b                          █░░░░░░░░░░░░░░░░░░░░░█✓
                c                                                █░░░░░░░░░░░░░░░░░░░░█✓
                     0 s                                                          3.0 s
                """, firstLines(chart, 5));
        assertEquals(72, chart.lines().mapToInt(String::length).limit(4).max().orElseThrow(), "rows are as wide as asked");
    }

    @Test
    void endingsAreMarkedAfterTheLastStep() {
        Snapshot snap = record(() -> {
            var sleeper = createTask(() -> sleep(10), "sleeper");
            var crasher = createTask(() -> {
                sleep(1);
                throw new IllegalStateException("boom");
            }, "crasher");
            sleep(2);
            sleeper.cancel();
            await(gather(List.of(sleeper, crasher), true));
        });
        assertEquals("""
                main    #-------------------#v
                sleeper #-------------------#x
                crasher #---------#!
                        0 s             2.0 s
                # running  = waiting  - sleeping  . ready  v finished  x cancelled  ! failed
                """, TimelineChart.render(snap, 30, false));
        assertEquals("""
                main    █░░░░░░░░░░░░░░░░░░░█✓
                sleeper █░░░░░░░░░░░░░░░░░░░█⊘
                crasher █░░░░░░░░░█✗
                """, firstLines(TimelineChart.render(snap, 30, true), 3));
    }

    @Test
    void longNamesAreCutToAThirdOfTheWidth() {
        Snapshot snap = record(() -> await(gather(
                createTask(() -> sleep(0.5), "a-task-with-a-rather-long-name"),
                createTask(() -> sleep(1), "b"))));
        assertEquals("""
                main       #================#v
                a-task-wi~ #--------#v
                b          #----------------#v
                           0 s          1.0 s
                # running  = waiting  - sleeping  . ready  v finished  x cancelled  ! failed
                """, TimelineChart.render(snap, 30, false));
    }

    @Test
    void aNarrowWidthStillGetsTenCellsOfTime() {
        Snapshot snap = record(() -> await(gather(
                createTask(() -> sleep(0.5), "a-task-with-a-rather-long-name"),
                createTask(() -> sleep(1), "b"))));
        assertEquals("""
                main █▒▒▒▒▒▒▒▒█✓
                a-t… █░░░░█✓
                b    █░░░░░░░░█✓
                     0 s  1.0 s
                █ running  ▒ waiting  ░ sleeping  · ready  ✓ finished  ⊘ cancelled  ✗ failed
                """, TimelineChart.render(snap, 5, true));
    }

    @Test
    void aStepThatTakesNoTimeStillShows() {
        Snapshot snap = record(() -> await(gather(createTask(() -> 1), createTask(() -> 2))));
        assertEquals("""
                main   #v
                Task-2 #v
                Task-3 #v
                       0 s
                # running  = waiting  - sleeping  . ready  v finished  x cancelled  ! failed
                """, TimelineChart.render(snap, 30, false));
    }

    @Test
    void aSleepOverWhileAnotherStepHoldsTheLoopIsReady() {
        // What a blocking call looks like on the real clock: the sleeper's sleep is over at 1 s,
        // but the blocker's step holds the loop until 2 s. Built by hand: on the virtual clock
        // steps take no time.
        Snapshot snap = new Snapshot(List.of(
                new TaskRecord("sleeper", 1, 0, 0, List.of(
                        new Step(2, 0, 0, After.SLEEP, S),
                        new Step(4, 2 * S, 2 * S, After.FINISHED, -1)), 0),
                new TaskRecord("blocker", 3, 0, 0, List.of(
                        new Step(3, 0, 2 * S, After.FINISHED, -1)), 0)),
                0, 2 * S, 0);
        assertEquals("""
                sleeper #---------..........#v
                blocker #####################v
                        0 s             2.0 s
                # running  = waiting  - sleeping  . ready  v finished  x cancelled  ! failed
                """, TimelineChart.render(snap, 30, false));
        assertTrue(TimelineChart.render(snap, 30, true).startsWith("sleeper █░░░░░░░░░··········█✓\n"));
    }

    @Test
    void aStretchBetweenMarksIsDrawnOverItsOwnSpan() {
        Timeline tl = new Timeline();
        long[] marks = new long[2];
        run(() -> {
            currentTask().setName("main");
            var idle = createTask(() -> new Event().await(), "idle");
            await(createTask(() -> sleep(1), "x"));
            marks[0] = tl.events();
            await(createTask(() -> sleep(2), "y"));
            marks[1] = tl.events();
            await(createTask(() -> sleep(1), "z"));
            idle.cancel();
        }, Options.virtual().timeline(tl));
        assertEquals("""
                main #=======#================#=======#v
                idle #================================#x
                x    #-------#v
                y            #----------------#v
                z                             #-------#v
                     0 s                          4.0 s
                # running  = waiting  - sleeping  . ready  v finished  x cancelled  ! failed
                """, TimelineChart.render(tl.snapshot(), 40, false));
        assertEquals("""
                main #================================#
                y    #--------------------------------#v
                     0 s                          2.0 s
                # running  = waiting  - sleeping  . ready  v finished  x cancelled  ! failed
                """, TimelineChart.render(tl.snapshot().between(marks[0], marks[1]), 40, false),
                "main's steps at 1 s (before the mark) and 4 s (after it) are outside: it is not done there");
    }

    @Test
    void nothingRecorded() {
        assertEquals("no tasks were recorded\n", TimelineChart.render(new Timeline().snapshot(), 40, true));
    }

    @Test
    void theSameEventsGiveTheSameText() {
        assertEquals(TimelineChart.render(concurrentSleeps(), 60, true), TimelineChart.render(concurrentSleeps(), 60, true));
    }
}
