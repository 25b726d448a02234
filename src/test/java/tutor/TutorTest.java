package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lesson commands in a console, on the sample lessons: walking, running, hints, checks, progress. */
class TutorTest {
    @TempDir
    Path state;

    String session(String input) {
        return session(input, state, LessonParserTest.SAMPLES, System.err);
    }

    /** A piped session on these state and lessons folders; the console's own warnings go to {@code err}. */
    static String session(String input, Path stateDir, Path lessons, PrintStream err) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PrintStream systemErr = System.err;
        System.setErr(err); // the console keeps the System.err it finds for its warnings
        try (Console console = new Console(c -> new PlainIO(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                out, c::needsMore), Console.Settings.interactive(stateDir).lessons(lessons))) {
            console.run();
        } finally {
            System.setErr(systemErr);
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
        assertTrue(out.contains("     1. Demo lesson\n     2. A second lesson\n"), out);
        assertTrue(out.contains("Lesson 1. Demo lesson · step 1 of 6\nSome prose.\n\n    var t0 = time();\n"), out);
        // the real clock: 0.3 s of sleep, plus the time JShell takes to compile each snippet
        assertTrue(java.util.regex.Pattern.compile("\nt0 ==> [\\d.E]+\n\\$1 ==> [\\d.E]+\n").matcher(out).find(),
                ":run ran the step: " + out);
        assertTrue(out.contains("Lesson 1. Demo lesson · step 2 of 6\nMore prose."), out);
        assertTrue(out.contains("Hint 1 of 1:\n  A method with sleep(1) inside.\n"), out);
        assertTrue(out.contains("✗ Not yet: the check calls twice(int), which you have not written yet: the exercise asks for it (:hint helps)"), out);
        assertTrue(out.contains("✓ Solved: lesson 1 is done."), out);
        assertTrue(out.contains(" ▶✓  1. Demo lesson"), "▶ where the learner is, ✓ solved: " + out);

        String again = session(":lessons\n:run\n");
        assertTrue(again.contains(" ▶✓  1. Demo lesson"), "progress survives a restart: " + again);
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
        assertTrue(out.contains(" ▶✓  2. A second lesson"), out);
    }

    /** The console's own warnings, and what it printed: {@code [err, out]}. */
    private static String[] sessionWithWarnings(String input, Path stateDir, Path lessons) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String out = session(input, stateDir, lessons, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {err.toString(StandardCharsets.UTF_8), out};
    }

    @Test
    void aDamagedProgressFileIsKeptAndTheLearnerToldInOneLine() throws IOException {
        Files.writeString(state.resolve("progress.properties"), "lesson=three\n");
        String[] r = sessionWithWarnings(":lessons\n", state, LessonParserTest.SAMPLES);
        assertEquals("aio-tutor: the progress file " + state.resolve("progress.properties") + " could not be read"
                + " (NumberFormatException); it was set aside as progress.properties.corrupt and the course starts afresh\n", r[0]);
        assertEquals("lesson=three\n", Files.readString(state.resolve("progress.properties.corrupt")));
        assertTrue(r[1].contains("     1. Demo lesson\n"), "the course starts afresh: " + r[1]);
    }

    @Test
    void aStateFolderThatCannotBeWrittenIsSaidOnceAtStart() throws IOException {
        Path notAFolder = Files.writeString(state.resolve("state"), "x");
        String[] r = sessionWithWarnings(":lesson 1\n:next\n:next\n:lessons\n", notAFolder, LessonParserTest.SAMPLES);
        assertEquals("aio-tutor: cannot save progress to " + notAFolder.resolve("progress.properties") + " (" + notAFolder
                + " is a file, not a folder): it will not be kept after this session\n", r[0]);
        assertFalse(r[1].contains("cannot save"), "said once, at start, not at every step: " + r[1]);
        assertTrue(r[1].contains(" ▶   1. Demo lesson"), "kept for this session: " + r[1]);
    }

    @Test
    void aMalformedLessonIsSkippedWithOneLineAndTheOthersStay() throws IOException {
        Path lessons = Files.createDirectories(state.resolve("lessons"));
        Files.copy(LessonParserTest.SAMPLES.resolve("01-demo.md"), lessons.resolve("01-demo.md"));
        Files.copy(LessonParserTest.SAMPLES.resolve("02-second.md"), lessons.resolve("02-second.md"));
        Files.writeString(lessons.resolve("03-broken.md"), "no title\n");
        String[] r = sessionWithWarnings(":lessons\n:lesson 2\n:lessons\n", state, lessons);
        assertEquals("", r[0]);
        assertTrue(r[1].startsWith("""
                skipped a lesson: lessons/03-broken.md:1: a lesson starts with a '# Title' heading (the others are available)
                     1. Demo lesson
                     2. A second lesson
                """), r[1]);
        assertEquals(1, r[1].lines().filter(l -> l.contains("03-broken")).count(), "said once: " + r[1]);
        assertTrue(r[1].contains("Lesson 2. A second lesson · step 1"), r[1]);
    }

    @Test
    void aMissingLessonsFolderIsNamed() {
        Path nowhere = state.resolve("no-lessons-here");
        String out = session(":lessons\n:next\n", state, nowhere, System.err);
        String line = "no lessons found: there is no folder " + nowhere.toAbsolutePath() + " (set -Daio.tutor.lessons=DIR)\n";
        assertEquals(line + line, out);
    }
}
