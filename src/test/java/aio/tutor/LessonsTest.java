package aio.tutor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Plays every lesson in lessons/ as {@code --play N --check} does: each step's output must match
 * its output block, and each exercise's reference solution must pass its check. A lesson and the
 * runtime that disagree fail the build.
 */
class LessonsTest {
    @TestFactory
    Stream<DynamicTest> everyLessonPlaysBackAsWritten() {
        List<Lesson> lessons = LessonLibrary.load(LessonLibrary.folder()).all();
        return lessons.stream().map(lesson -> DynamicTest.dynamicTest(lesson.name(), () -> {
            Playback.Result r = Playback.play(lesson, Playback.DEFAULT_SEED, null);
            assertTrue(r.passed(), () -> String.join("\n", r.failures()));
        }));
    }
}
