package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class LessonParserTest {
    static final Path SAMPLES = Path.of("src/test/resources/sample-lessons");

    @Test
    void readsStepsOutputsAndTheExercise() {
        LessonLibrary lib = LessonLibrary.load(SAMPLES);
        Lesson demo = lib.find("1").orElseThrow();
        assertEquals("Demo lesson", demo.title());
        assertEquals("01-demo", demo.name());
        assertFalse(demo.realTime());
        List<Lesson.Kind> kinds = demo.steps().stream().map(Lesson.Step::kind).toList();
        assertEquals(List.of(Lesson.Kind.JAVA, Lesson.Kind.JAVA, Lesson.Kind.CONSOLE, Lesson.Kind.JAVA, Lesson.Kind.EXERCISE,
                Lesson.Kind.PROSE), kinds);
        Lesson.Step first = demo.steps().get(0);
        assertEquals("Some prose.", first.prose());
        assertEquals(List.of("t0 ==> 0.0", "$1 ==> 0.3"), first.expected());
        assertEquals(5, first.line());
        assertNull(demo.steps().get(3).expected(), "a step without an output block is not checked");
        assertEquals(1, demo.exercises().size());
        Lesson.Exercise ex = demo.exercises().get(0);
        assertEquals(1, ex.number());
        assertEquals(ex, demo.exerciseAt(0), "before the exercise, :check means it");
        assertEquals(List.of("A method with sleep(1) inside."), ex.hints());
        assertEquals("int twice(int x) { sleep(0.1); return 2 * x; }", ex.solution().strip());
        assertTrue(ex.check().contains("Check.equal"));
        assertEquals("The end.", demo.steps().get(5).prose(), "the <details> tags are not prose");
    }

    @Test
    void aLessonHasSeveralExercisesEachWithItsOwnBlocks() {
        String text = """
                # Two
                Intro.
                ```java
                int one() { return 1; }
                ```
                ```exercise
                First.
                ```
                ```hint
                h1
                ```
                ```check
                Check.equal(1, one(), "one");
                ```
                ```wrong
                int one() { return 2; }
                ```
                ```output
                ✗ Not yet: ...
                ```
                ```solution
                int one() { return 1; }
                ```
                More prose.
                ```java
                1 + 1
                ```
                ```exercise
                Second.
                ```
                ```check
                Check.that(true, "x");
                ```
                ```solution
                int two() { return 2; }
                ```
                """;
        Lesson l = LessonParser.parse("07-two.md", "07-two.md", text);
        assertEquals(2, l.exercises().size());
        Lesson.Exercise first = l.exercises().get(0);
        Lesson.Exercise second = l.exercises().get(1);
        assertEquals(List.of("h1"), first.hints());
        assertEquals(1, first.wrongs().size());
        assertEquals(List.of("✗ Not yet: ..."), first.wrongs().get(0).verdict());
        assertEquals(List.of(), second.hints());
        assertEquals(2, second.number());
        List<Lesson.Kind> kinds = l.steps().stream().map(Lesson.Step::kind).toList();
        assertEquals(List.of(Lesson.Kind.JAVA, Lesson.Kind.EXERCISE, Lesson.Kind.JAVA, Lesson.Kind.EXERCISE), kinds);
        assertEquals(first, l.exerciseAt(0));
        assertEquals(first, l.exerciseAt(2), "the step after an exercise still works on it");
        assertEquals(second, l.exerciseAt(3));
        assertEquals(3, l.stepOf(second));
        LessonParser.BadLesson missing = org.junit.jupiter.api.Assertions.assertThrows(LessonParser.BadLesson.class,
                () -> LessonParser.parse("07-two.md", "07-two.md", text.replace("```solution\nint two() { return 2; }\n```\n", "")));
        assertTrue(missing.getMessage().contains("an exercise needs a check block and a solution block"), missing.getMessage());
    }

    @Test
    void otherFencesAreProseAndSettingsAreRead() {
        Lesson second = LessonLibrary.load(SAMPLES).find("second").orElseThrow();
        assertTrue(second.realTime());
        assertEquals(2, second.steps().size());
        assertTrue(second.steps().get(1).prose().contains("```text\nshown, never run\n```"), second.steps().get(1).prose());
        assertTrue(second.exercises().isEmpty());
        assertNull(second.exerciseAt(1));
    }

    @Test
    void findsLessonsByNumberNameOrWord() {
        LessonLibrary lib = LessonLibrary.load(SAMPLES);
        assertEquals(1, lib.find("01").orElseThrow().number());
        assertEquals(1, lib.find("01-demo").orElseThrow().number());
        assertEquals(2, lib.find("SECOND").orElseThrow().number());
        assertTrue(lib.find("lesson").isEmpty(), "ambiguous");
        assertTrue(lib.find("7").isEmpty());
        assertEquals(2, lib.after(lib.find("1").orElseThrow()).orElseThrow().number());
    }

    @Test
    void malformedLessonsAreRefusedWithFileAndLine() {
        assertEquals("x.md:3: the ``` block that starts here is never closed", assertThrows(LessonParser.BadLesson.class,
                () -> LessonParser.parse("01-x.md", "x.md", "# T\n\n```java\nint x;\n")).getMessage());
        assertEquals("x.md:3: an output block must come right after a java or console block", assertThrows(
                LessonParser.BadLesson.class, () -> LessonParser.parse("01-x.md", "x.md", "# T\n\n```output\n1\n```\n")).getMessage());
        assertEquals("x.md:1: a lesson starts with a '# Title' heading", assertThrows(LessonParser.BadLesson.class,
                () -> LessonParser.parse("01-x.md", "x.md", "no title\n")).getMessage());
        assertTrue(assertThrows(LessonParser.BadLesson.class,
                () -> LessonParser.parse("01-x.md", "x.md", "# T\n```exercise\ndo it\n```\n")).getMessage()
                .endsWith("an exercise needs a check block and a solution block"));
        assertThrows(LessonParser.BadLesson.class, () -> LessonParser.parse("x.md", "x.md", "# T\n"));
        assertFalse(LessonParser.isLessonFile("README.md"));
    }

    @Test
    void aMalformedFileIsLeftOutAndNamedTheOthersStay(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path lessons = java.nio.file.Files.createDirectories(dir.resolve("lessons"));
        java.nio.file.Files.copy(SAMPLES.resolve("01-demo.md"), lessons.resolve("01-demo.md"));
        java.nio.file.Files.copy(SAMPLES.resolve("02-second.md"), lessons.resolve("02-second.md"));
        java.nio.file.Files.writeString(lessons.resolve("03-broken.md"), "# Broken\n\n```java\nint x;\n");
        LessonLibrary lib = LessonLibrary.load(lessons);
        assertEquals(java.util.List.of(1, 2), lib.all().stream().map(Lesson::number).toList());
        assertEquals(java.util.List.of("lessons/03-broken.md:3: the ``` block that starts here is never closed"), lib.problems());
        assertTrue(LessonLibrary.load(SAMPLES).problems().isEmpty());
    }

    @Test
    void aMissingFolderIsNamedNeverNull(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        LessonLibrary none = LessonLibrary.load(dir.resolve("nowhere"));
        assertTrue(none.isEmpty());
        assertTrue(none.problems().isEmpty(), "no folder, no lessons: nothing malformed");
        assertEquals("no lessons found: there is no folder " + dir.resolve("nowhere").toAbsolutePath()
                + " (set -Daio.tutor.lessons=DIR)", none.noLessons());
        assertFalse(LessonLibrary.load(null).noLessons().contains("null"), LessonLibrary.load(null).noLessons());
        assertEquals("no lessons found in " + dir.toAbsolutePath(), LessonLibrary.load(dir).noLessons());
        assertTrue(LessonLibrary.folder().isAbsolute());
    }
}
