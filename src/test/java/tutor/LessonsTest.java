package tutor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Plays every lesson in lessons/ and lessons/ru/ as {@code [--lang ru] --play N --check} does: each step's output must match
 * its output block, and each exercise's reference solution must pass its check. A lesson and the
 * runtime that disagree fail the build.
 */
class LessonsTest {
    @org.junit.jupiter.api.Test
    void theCourseHasItsSixteenLessons() {
        List<Lesson> lessons = LessonLibrary.load(LessonLibrary.folder()).all();
        org.junit.jupiter.api.Assertions.assertEquals(16, lessons.size());
        for (int i = 0; i < lessons.size(); i++) {
            org.junit.jupiter.api.Assertions.assertEquals(i + 1, lessons.get(i).number(), "lessons are numbered 1 to 16");
            org.junit.jupiter.api.Assertions.assertTrue(lessons.get(i).exercises().size() >= 3,
                    lessons.get(i).name() + " has three exercises or more, not " + lessons.get(i).exercises().size());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyLessonPlaysBackAsWritten() {
        List<Lesson> lessons = LessonLibrary.load(LessonLibrary.folder()).all();
        return lessons.stream().map(lesson -> DynamicTest.dynamicTest(lesson.name(), () -> {
            Playback.Result r = Playback.play(lesson, Playback.DEFAULT_SEED, null);
            assertTrue(r.passed(), () -> String.join("\n", r.failures()));
        }));
    }

    /** The Russian course, as {@code --lang ru --play N --check} plays it: in a console that speaks Russian. */
    @TestFactory
    Stream<DynamicTest> everyRussianLessonPlaysBackAsWritten() {
        List<Lesson> lessons = LessonLibrary.load(LessonTranslationTest.RUSSIAN).all();
        return lessons.stream().map(lesson -> DynamicTest.dynamicTest("ru/" + lesson.name(), () -> {
            java.util.Locale before = Messages.locale();
            Messages.use(Language.RU.locale());
            try {
                Playback.Result r = Playback.play(lesson, Playback.DEFAULT_SEED, null);
                assertTrue(r.passed(), () -> String.join("\n", r.failures()));
            } finally {
                Messages.use(before);
            }
        }));
    }
}
