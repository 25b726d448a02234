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

    /** Completion order: by delay, and for equal delays by index (FIFO timers, FIFO ready queue). */
    private static List<String> completionLines(int[] delays) {
        List<String> lines = new ArrayList<>();
        for (int delay = 0; delay <= 2; delay++) {
            for (int i = 0; i < delays.length; i++) {
                if (delays[i] == delay) {
                    lines.add("Task [" + i + "] is completed.");
                }
            }
        }
        return lines;
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
    void completionOrderIsSortedByDelayThenIndex() {
        int[] d = delays(SEED);
        List<String> lines = SeedProgram.runWithWait(SEED).printed().subList(0, SeedProgram.TASKS);
        int lastDelay = -1;
        int lastIndex = -1;
        for (String line : lines) {
            int i = Integer.parseInt(line.replaceAll("\\D", ""));
            assertTrue(d[i] > lastDelay || (d[i] == lastDelay && i > lastIndex), lines.toString());
            lastDelay = d[i];
            lastIndex = i;
        }
    }
}
