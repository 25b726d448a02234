package aio.tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lesson commands in a console, on the sample lessons: walking, running, hints, checks, progress. */
class TutorTest {
    @TempDir
    Path state;

    String session(String input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Console console = new Console(c -> new PlainIO(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                out, c::needsMore), Console.Settings.interactive(state).lessons(LessonParserTest.SAMPLES))) {
            console.run();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void walkRunHintCheckAndResume() {
        String out = session("""
                :lessons
                :lesson 1
                :run
                :next
                :back
                :hint
                :hint
                :check
                int twice(int x) { return x + x; }
                :check
                :lessons
                """);
        assertTrue(out.contains("    1. Demo lesson\n    2. A second lesson\n"), out);
        assertTrue(out.contains("Lesson 1. Demo lesson · step 1 of 6\nSome prose.\n\n    var t0 = time();\n"), out);
        // the real clock: 0.3 s of sleep, plus the time JShell takes to compile each snippet
        assertTrue(java.util.regex.Pattern.compile("\nt0 ==> [\\d.E]+\n\\$1 ==> [\\d.E]+\n").matcher(out).find(),
                ":run ran the step: " + out);
        assertTrue(out.contains("Lesson 1. Demo lesson · step 2 of 6\nMore prose."), out);
        assertTrue(out.contains("Hint 1 of 1:\n  A method with sleep(1) inside.\n"), out);
        assertTrue(out.contains("✗ Not yet: error: cannot find symbol: method twice(int)"), out);
        assertTrue(out.contains("✓ Solved: lesson 1 is done."), out);
        assertTrue(out.contains(" ✓  1. Demo lesson"), out);

        String again = session(":lessons\n:run\n");
        assertTrue(again.contains(" ✓  1. Demo lesson"), "progress survives a restart: " + again);
        assertTrue(again.contains("$1 ==> "), ":run runs the step the learner was on (step 1 after :back): " + again);
    }

    @Test
    void mistakesGetOneLine() {
        String out = session(":run\n:hint\n:lesson 9\n:lesson\n:back\n");
        assertEquals("""
                no lesson open (:lesson 1 starts)
                no lesson open (:lesson 1 starts)
                no lesson 9 (see :lessons)
                usage: :lesson N|name (see :lessons)
                no lesson open (:lesson 1 starts)
                """, out);
    }

    @Test
    void nextWalksIntoTheNextLessonAndReadingToTheEndFinishesOneWithoutExercise() {
        String out = session(":lesson 2\n:next\n:next\n:lessons\n");
        assertTrue(out.contains("End of the course."), out);
        assertTrue(out.contains("That was the last lesson."), out);
        assertTrue(out.contains(" ✓  2. A second lesson"), out);
    }
}
