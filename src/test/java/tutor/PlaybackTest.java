package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Playback of the sample lessons: transcripts, checks, and failures that say where. */
class PlaybackTest {
    @TempDir
    Path dir;

    @Test
    void theSampleLessonPlaysDeterministically() {
        Lesson demo = LessonLibrary.load(LessonParserTest.SAMPLES).find("1").orElseThrow();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Playback.Result r = Playback.play(demo, Playback.DEFAULT_SEED, new PrintStream(bytes, true, StandardCharsets.UTF_8),
                LessonParserTest.SAMPLES);
        assertTrue(r.passed(), r.failures().toString());
        String transcript = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(transcript.contains("aio> var t0 = time();\n...> sleep(0.1); sleep(0.2);\n...> time() - t0\nt0 ==> 0.0\n$1 ==> 0.3\n"),
                transcript);
        assertTrue(transcript.contains("serving on ('127.0.0.1', 9996)"), "the real port is shown as the lesson's");
        assertTrue(transcript.contains("$2 ==> 30"), "random is seeded with 42: " + transcript);
        assertTrue(transcript.endsWith("✓ Solved\n"), transcript);
        Playback.Result again = Playback.play(demo, Playback.DEFAULT_SEED, null, LessonParserTest.SAMPLES);
        assertTrue(again.passed());
    }

    @Test
    void aDifferenceNamesTheLessonStepAndLine() throws IOException {
        String text = Files.readString(LessonParserTest.SAMPLES.resolve("01-demo.md"))
                .replace("$1 ==> 0.3", "$1 ==> 0.2")
                .replace("Check.equal(8, twice(4), \"twice(4)\");", "Check.equal(9, twice(4), \"twice(4)\");");
        Lesson broken = LessonParser.parse("01-demo.md", "sample/01-demo.md", text);
        Playback.Result r = Playback.play(broken, Playback.DEFAULT_SEED, null, LessonParserTest.SAMPLES);
        assertEquals(2, r.failures().size(), r.failures().toString());
        assertEquals("""
                sample/01-demo.md:5: step 1: the output differs
                    first difference at output line 2:
                      - t0 ==> 0.0
                      - $1 ==> 0.2
                      + t0 ==> 0.0
                      + $1 ==> 0.3""", r.failures().get(0));
        assertEquals("sample/01-demo.md:42: step 5: the check rejects the reference solution: twice(4): expected 9, got 8",
                r.failures().get(1));
    }

    @Test
    void wrongSolutionsMustBeRejectedAndSayWhatTheLessonSays() {
        Lesson demo = LessonLibrary.load(LessonParserTest.SAMPLES).find("1").orElseThrow();
        assertEquals(2, demo.exercises().get(0).wrongs().size());
        assertEquals(List.of("✗ Not yet: twice(4): ..."), demo.exercises().get(0).wrongs().get(0).verdict());
        String text = demo.exercises().get(0).check();
        // a check that accepts anything lets a wrong solution through: playback says so
        Lesson lax = new Lesson(demo.number(), demo.slug(), demo.title(), demo.file(), demo.realTime(), demo.steps(),
                List.of(new Lesson.Exercise(1, demo.exercises().get(0).task(), demo.exercises().get(0).hints(), "Check.that(true, \"anything goes\");",
                        demo.exercises().get(0).solution(), demo.exercises().get(0).line(), demo.exercises().get(0).wrongs())));
        Playback.Result r = Playback.play(lax, Playback.DEFAULT_SEED, null, LessonParserTest.SAMPLES);
        assertEquals(2, r.failures().size(), r.failures().toString());
        assertTrue(r.failures().get(0).endsWith(": the check accepts this wrong solution"), r.failures().get(0));
        // a verdict other than the lesson's is a failure too
        Lesson otherWords = new Lesson(demo.number(), demo.slug(), demo.title(), demo.file(), demo.realTime(), demo.steps(),
                List.of(new Lesson.Exercise(1, demo.exercises().get(0).task(), demo.exercises().get(0).hints(), text.replace("\"twice(4)\"", "\"twice of 4\""),
                        demo.exercises().get(0).solution(), demo.exercises().get(0).line(), demo.exercises().get(0).wrongs())));
        Playback.Result r2 = Playback.play(otherWords, Playback.DEFAULT_SEED, null, LessonParserTest.SAMPLES);
        assertEquals(1, r2.failures().size(), r2.failures().toString());
        assertTrue(r2.failures().get(0).contains("the check rejects it, but says something else"), r2.failures().get(0));
    }

    @Test
    void checkModeSummarisesAndExitsNonZeroOnFailure() throws IOException {
        Files.copy(LessonParserTest.SAMPLES.resolve("02-second.md"), dir.resolve("02-second.md"));
        Files.writeString(dir.resolve("03-bad.md"), "# Bad\n\n```java\n1 + 1\n```\n\n```output\n$1 ==> 3\n```\n");
        String old = System.getProperty("aio.tutor.lessons");
        System.setProperty("aio.tutor.lessons", dir.toString());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = Playback.main(new String[] {"all", "--check"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(1, status);
            assertEquals(List.of("✓ 02-second: 2 steps", "✗ 03-bad: 1 steps, 1 failing", "1 of 2 lessons fail"),
                    out.toString(StandardCharsets.UTF_8).lines().toList());
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(dir.getFileName() + "/03-bad.md:3: step 1: the output differs"),
                    err.toString(StandardCharsets.UTF_8));
            assertEquals(64, Playback.main(new String[] {"--check"}, System.out, new PrintStream(new ByteArrayOutputStream())));
            assertEquals(64, Playback.main(new String[] {"99"}, System.out, new PrintStream(new ByteArrayOutputStream())));
            Files.writeString(dir.resolve("04-broken.md"), "no title\n");
            ByteArrayOutputStream malformed = new ByteArrayOutputStream();
            assertEquals(65, Playback.main(new String[] {"all"}, System.out, new PrintStream(malformed, true, StandardCharsets.UTF_8)),
                    "--play refuses a malformed lesson, which the console would skip");
            assertEquals("aio-tutor: " + dir.getFileName() + "/04-broken.md:1: a lesson starts with a '# Title' heading\n",
                    malformed.toString(StandardCharsets.UTF_8));
            System.setProperty("aio.tutor.lessons", dir.resolve("nowhere").toString());
            ByteArrayOutputStream none = new ByteArrayOutputStream();
            assertEquals(69, Playback.main(new String[] {"all"}, System.out, new PrintStream(none, true, StandardCharsets.UTF_8)));
            assertEquals("aio-tutor: no lessons found: there is no folder " + dir.resolve("nowhere").toAbsolutePath()
                    + " (set -Daio.tutor.lessons=DIR)\n", none.toString(StandardCharsets.UTF_8));
        } finally {
            if (old == null) {
                System.clearProperty("aio.tutor.lessons");
            } else {
                System.setProperty("aio.tutor.lessons", old);
            }
        }
    }
}
