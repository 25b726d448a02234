package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code :timeline} through the piped console (the real clock, so the charts are checked for
 * their shape, not cell by cell; {@code TimelineChartTest} has exact charts).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimelineCommandTest {
    private static final String LEGEND = "# running  = waiting  - sleeping  . ready  v finished  x cancelled  ! failed";

    record Played(int status, String out) {
        List<String> lines() {
            return out.lines().toList();
        }

        /** The lines after the first one equal to {@code line}. */
        List<String> after(String line) {
            List<String> all = lines();
            int i = all.indexOf(line);
            assertTrue(i >= 0, "no line " + line + " in\n" + out);
            return all.subList(i + 1, all.size());
        }
    }

    /** Runs a console on {@code input} as piped stdin (ConsolePipeTest's helper). */
    static Played play(String input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status;
        try (Console console = new Console(c -> new PlainIO(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, c::needsMore))) {
            status = console.run();
        }
        return new Played(status, bytes.toString(StandardCharsets.UTF_8));
    }

    /** A row: the task's name, then cells matching {@code cells}. */
    private static void assertRow(String name, String cells, String line) {
        String[] parts = line.split(" +", 2);
        assertEquals(name, parts[0], line);
        assertTrue(parts[1].matches(cells), name + "'s cells should match " + cells + ": " + line);
    }

    private static final String RAN_WAITED_RAN = "[.#]*=+[=.#]*#v";
    private static final String RAN_SLEPT_RAN = "[.#]*-+[-.#]*#v";

    @Test
    void chartsTheTasksOfTheLastJavaInput() {
        Played p = play("""
                :timeline
                await(gather(createTask(() -> sleep(0.3), "a"), createTask(() -> sleep(0.3), "b")))
                :timeline
                :timeline a snip*
                :timeline nosuch
                void f() {}
                :timeline b
                """);
        assertEquals(1, p.status(), ":timeline nosuch is an error\n" + p.out());
        assertEquals("no Java has run yet: type some, then :timeline charts its tasks", p.lines().get(0));

        List<String> out = p.after("$1 ==> [null, null]");
        assertEquals(14, out.size(), p.out());
        String snippet = out.get(0).split(" ")[0];
        assertTrue(snippet.matches("snippet-\\d+"), out.get(0));
        assertRow(snippet, RAN_WAITED_RAN, out.get(0)); // the gather is a future
        assertRow("a", RAN_SLEPT_RAN, out.get(1));
        assertRow("b", RAN_SLEPT_RAN, out.get(2));
        assertTrue(out.get(3).matches(" {10}0 s +[\\d.]+ m?s"), out.get(3));
        assertEquals(LEGEND, out.get(4));
        for (String line : out) {
            assertTrue(line.length() <= 79 && line.chars().allMatch(c -> c < 128), "ASCII, 79 columns at most: " + line);
        }

        assertRow(snippet, RAN_WAITED_RAN, out.get(5)); // :timeline a snip*
        assertRow("a", RAN_SLEPT_RAN, out.get(6));
        assertTrue(out.get(7).strip().startsWith("0 s"), out.get(7));
        assertEquals(LEGEND, out.get(8));

        assertEquals("no task named nosuch ran during the last Java input", out.get(9));
        assertEquals("created method f()", out.get(10));
        assertRow("b", RAN_SLEPT_RAN, out.get(11)); // an input that ran no task leaves the chart as it was
        assertTrue(out.get(12).startsWith("  0 s"), out.get(12));
        assertEquals(LEGEND, out.get(13));
    }

    @Test
    void manyTasksAreCountedNotDrawnAndHelpExplains() {
        Played p = play("""
                for (int i = 0; i < 40; i++) createTask(() -> sleep(0.01));
                :timeline
                :help timeline
                """);
        assertEquals(0, p.status(), p.out());
        List<String> lines = p.lines();
        assertTrue(lines.get(0).matches("snippet-\\d+ [.#]*#v"), "one step, which created the tasks: " + lines.get(0));
        assertTrue(lines.get(1).startsWith("Task-1 "), lines.get(1));
        assertTrue(lines.get(29).startsWith("Task-29 "), lines.get(29));
        assertEquals(LEGEND, lines.get(31));
        assertEquals("and 11 more tasks: :timeline NAME... picks some (* matches any text)", lines.get(32));
        assertEquals(":timeline [task...]", lines.get(33));
        assertTrue(lines.get(34).startsWith("  One row a task"), lines.get(34));
    }
}
