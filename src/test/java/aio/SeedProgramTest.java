package aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The seed program (sysprog_asyncio.py) in its three forms: the exact output, the time, the results. */
class SeedProgramTest {
    /** A seed whose ten delays include 0, 1 and 2 (checked in {@link #delays}). */
    private static final long SEED = 2024;

    /** The delays run_task draws, in task order: the tasks first run in index order. */
    private static int[] delays(long seed) {
        Random r = new Random(seed);
        int[] d = new int[SeedProgram.TASKS];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextInt(3);
        }
        return d;
    }

    /**
     * Completion order. The ten first steps run in one loop iteration, in index order: a task
     * that drew 0 only yields and finishes on the next iteration (FIFO ready queue); the others
     * push a timer due at 1 or 2 s onto the loop's heap, in index order. The timers then come
     * out as heapq pops them, ordered by due time alone: for equal delays that is not index
     * order (asyncio's TimerHandle.__lt__ compares _when only; base_events.py call_at /
     * _run_once use heapq.heappush / heappop). Simulated here with the same heap.
     */
    private static List<String> completionLines(int[] delays) {
        List<String> lines = new ArrayList<>();
        BinaryHeap<Integer> timers = new BinaryHeap<>((a, b) -> Integer.compare(delays[a], delays[b]));
        for (int i = 0; i < delays.length; i++) {
            if (delays[i] == 0) {
                lines.add("Task [" + i + "] is completed.");
            } else {
                timers.push(i);
            }
        }
        while (timers.size() > 0) {
            lines.add("Task [" + timers.pop() + "] is completed.");
        }
        return lines;
    }

    @Test
    void completionOrderIsCPythons() {
        // CPython 3.13 gives this order for the same delays (0,2,0,1,2,2,2,2,0,2) on a loop whose
        // clock stands still while callbacks run, as aio's virtual clock and test_utils.TestLoop:
        // gather(*(run_task(i) for i in range(10))). The five 2 s timers, pushed as 1 4 5 6 7 9
        // (with 3's 1 s timer among them), pop as 4 7 9 6 1 5.
        assertEquals(List.of(0, 2, 0, 1, 2, 2, 2, 2, 0, 2),
                java.util.Arrays.stream(delays(SEED)).boxed().toList());
        List<String> expected = new ArrayList<>();
        for (int i : new int[] {0, 2, 8, 3, 4, 7, 9, 6, 1, 5}) {
            expected.add("Task [" + i + "] is completed.");
        }
        expected.add("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]");
        assertEquals(expected, SeedProgram.runWithGather(SEED).printed());
    }

    private static int max(int[] delays) {
        int m = 0;
        for (int d : delays) {
            m = Math.max(m, d);
        }
        return m;
    }

    @Test
    void theSeedDrawsEveryDelay() {
        int[] d = delays(SEED);
        for (int delay = 0; delay <= 2; delay++) {
            int wanted = delay;
            assertTrue(java.util.Arrays.stream(d).anyMatch(x -> x == wanted),
                    "seed " + SEED + " should draw a delay of " + delay + ": " + java.util.Arrays.toString(d));
        }
    }

    @Test
    void variantOneWithWait() {
        int[] d = delays(SEED);
        SeedProgram.Outcome<Done<Integer>> o = SeedProgram.runWithWait(SEED);
        List<String> expected = completionLines(d);
        for (int i = 0; i < SeedProgram.TASKS; i++) {
            expected.add(String.valueOf(i)); // the done set, in the order the tasks were given
        }
        assertEquals(expected, o.printed());
        assertEquals(max(d), o.seconds(), "concurrent: the longest delay, not the sum");
        assertEquals(SeedProgram.TASKS, o.result().done().size());
        assertTrue(o.result().pending().isEmpty());
    }

    @Test
    void variantTwoWithGather() {
        int[] d = delays(SEED);
        SeedProgram.Outcome<List<Integer>> o = SeedProgram.runWithGather(SEED);
        List<String> expected = completionLines(d);
        expected.add("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]");
        assertEquals(expected, o.printed());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), o.result(), "gather keeps argument order");
        assertEquals(max(d), o.seconds());
    }

    @Test
    void lowLevelAlternative() {
        SeedProgram.Outcome<List<Integer>> viaRun = SeedProgram.runWithGather(SEED);
        SeedProgram.Outcome<List<Integer>> lowLevel = SeedProgram.runLowLevel(SEED);
        assertEquals(viaRun.printed(), lowLevel.printed());
        assertEquals(viaRun.result(), lowLevel.result());
        assertEquals(viaRun.seconds(), lowLevel.seconds());
    }

    @Test
    void otherSeedsKeepTheSameShape() {
        for (long seed = 0; seed < 20; seed++) {
            int[] d = delays(seed);
            SeedProgram.Outcome<List<Integer>> o = SeedProgram.runWithGather(seed);
            List<String> expected = completionLines(d);
            expected.add("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]");
            assertEquals(expected, o.printed(), "seed " + seed);
            assertEquals(max(d), o.seconds(), "seed " + seed);
        }
    }

    @Test
    void completionOrderIsSortedByDelay() {
        int[] d = delays(SEED);
        List<String> lines = SeedProgram.runWithWait(SEED).printed().subList(0, SeedProgram.TASKS);
        int lastDelay = -1;
        for (String line : lines) {
            int i = Integer.parseInt(line.replaceAll("\\D", ""));
            assertTrue(d[i] >= lastDelay, lines.toString());
            lastDelay = d[i];
        }
    }
}
