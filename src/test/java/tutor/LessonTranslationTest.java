package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Russian course (lessons/ru) in step with the English one: each translation has the very
 * same code as its English lesson, block for block, so that a learner's place (lesson, step)
 * means the same in both and playback checks the same programs. Only prose, hints, exercise
 * texts and the messages of checks are translated; an output block differs only in the lines
 * the console says in Russian (a check's verdict).
 */
class LessonTranslationTest {
    static final Path ENGLISH = LessonLibrary.folder();
    static final Path RUSSIAN = ENGLISH.resolve("ru");
    private static final Pattern FENCE = Pattern.compile("^(`{3,}|~{3,})\\s*([\\w-]*)\\s*$");
    private static final Pattern SETTING = Pattern.compile("<!--\\s*clock:\\s*(real|virtual)\\s*-->");
    /** A Java string literal or text block: what a check's messages are written in. */
    private static final Pattern STRING = Pattern.compile("\"\"\"[\\s\\S]*?\"\"\"|\"(?:[^\"\\\\\\n]|\\\\.)*\"");
    private static final Pattern CYRILLIC = Pattern.compile("\\p{IsCyrillic}");

    /** One fenced block: its language, its text, the line it starts at. */
    record Block(String lang, String body, int line) {
    }

    static List<Block> blocks(String markdown) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher open = FENCE.matcher(lines[i]);
            if (!open.matches()) {
                continue;
            }
            int start = i;
            StringBuilder body = new StringBuilder();
            for (i++; i < lines.length && !lines[i].strip().equals(open.group(1)); i++) {
                body.append(lines[i]).append('\n');
            }
            blocks.add(new Block(open.group(2), body.toString(), start + 1));
        }
        return blocks;
    }

    private static List<Path> lessonFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> LessonParser.isLessonFile(p.getFileName().toString())).sorted().toList();
        }
    }

    @Test
    void everyLessonIsTranslated() throws IOException {
        List<String> english = lessonFiles(ENGLISH).stream().map(p -> p.getFileName().toString()).toList();
        List<String> russian = lessonFiles(RUSSIAN).stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(english, russian, "lessons/ru has a file of the same name for each lesson in lessons/");
    }

    @TestFactory
    Stream<DynamicTest> eachTranslationHasTheEnglishCode() throws IOException {
        return lessonFiles(RUSSIAN).stream().map(ru -> DynamicTest.dynamicTest(ru.getFileName().toString(), () -> {
            Path en = ENGLISH.resolve(ru.getFileName());
            assertTrue(Files.isRegularFile(en), "no English lesson " + en.getFileName());
            List<String> problems = differences(Files.readString(en, StandardCharsets.UTF_8), Files.readString(ru, StandardCharsets.UTF_8));
            assertEquals(List.of(), problems, "lessons/ru/" + ru.getFileName() + " against lessons/" + en.getFileName());
        }));
    }

    /** What keeps {@code russian} from being a translation of {@code english}, one line each. */
    static List<String> differences(String english, String russian) {
        List<String> problems = new ArrayList<>();
        Matcher se = SETTING.matcher(english);
        Matcher sr = SETTING.matcher(russian);
        String clockEn = se.find() ? se.group(1) : "virtual";
        String clockRu = sr.find() ? sr.group(1) : "virtual";
        if (!clockEn.equals(clockRu)) {
            problems.add("the clock setting is " + clockRu + ", the English lesson's is " + clockEn);
        }
        List<Block> en = blocks(english);
        List<Block> ru = blocks(russian);
        List<String> kindsEn = en.stream().map(Block::lang).toList();
        List<String> kindsRu = ru.stream().map(Block::lang).toList();
        if (!kindsEn.equals(kindsRu)) {
            problems.add("the blocks differ: " + kindsRu + " against the English " + kindsEn);
            return problems;
        }
        for (int i = 0; i < en.size(); i++) {
            Block e = en.get(i);
            Block r = ru.get(i);
            String where = "line " + r.line() + " (English line " + e.line() + "), a " + e.lang() + " block";
            switch (e.lang()) {
                case "java", "console", "solution", "wrong" -> {
                    if (!e.body().equals(r.body())) {
                        problems.add(where + ": its code differs from the English");
                    }
                }
                case "check" -> {
                    if (!STRING.matcher(e.body()).replaceAll("\"\"").equals(STRING.matcher(r.body()).replaceAll("\"\""))) {
                        problems.add(where + ": its code differs from the English (only its strings are translated)");
                    }
                }
                case "output" -> {
                    List<String> le = e.body().lines().toList();
                    List<String> lr = r.body().lines().toList();
                    if (le.size() != lr.size()) {
                        problems.add(where + ": " + lr.size() + " lines, the English has " + le.size());
                        break;
                    }
                    for (int j = 0; j < le.size(); j++) {
                        if (!le.get(j).equals(lr.get(j)) && !CYRILLIC.matcher(lr.get(j)).find()) {
                            problems.add(where + ": line " + (j + 1) + " differs and is not a translation: " + lr.get(j));
                        }
                    }
                }
                default -> {
                    // prose, hints, exercises: translated
                }
            }
        }
        return problems;
    }

    @Test
    void theComparisonCatchesChangedCode() {
        String en = "# T\n\nText.\n\n```java\nint x = 1;\n```\n\n```check\nCheck.that(x == 1, \"x is 1\");\n```\n\n"
                + "```output\n✗ Not yet: x is 1\n3\n```\n";
        String ru = "# Т\n\nТекст.\n\n```java\nint x = 1;\n```\n\n```check\nCheck.that(x == 1, \"x равен 1\");\n```\n\n"
                + "```output\n✗ Пока нет: x равен 1\n3\n```\n";
        assertEquals(List.of(), differences(en, ru));
        assertEquals(1, differences(en, ru.replace("int x = 1;", "int x = 2;")).size());
        assertEquals(1, differences(en, ru.replace("x == 1,", "x == 2,")).size());
        assertEquals(1, differences(en, ru.replace("\n3\n", "\n4\n")).size());
        assertEquals(1, differences(en, ru.replace("```check", "```hint")).size());
        assertEquals(1, differences(en, "<!-- clock: real -->\n" + ru).size());
    }

    /** The lecture's terms the glossary must give, in its own words. */
    private static final List<String> LECTURE_TERMS = List.of("цикл событий", "сопрограмма", "задача", "Future",
            "ожидание", "отмена", "защита от отмены", "кооперативная многозадачность", "блокирующий вызов",
            "конкурентность", "параллелизм", "очередь", "блокировка", "семафор", "событие", "подпроцесс");

    @Test
    void theGlossaryOpensTheCourseInBothLanguages() throws IOException {
        for (Path dir : List.of(ENGLISH, RUSSIAN)) {
            String first = Files.readString(dir.resolve("01-event-loop.md"), StandardCharsets.UTF_8);
            int firstStep = first.indexOf("```java");
            assertTrue(firstStep > 0, dir + ": lesson 1 has steps");
            String opening = first.substring(0, firstStep);
            for (String term : LECTURE_TERMS) {
                assertTrue(opening.contains("| " + term), dir + ": the glossary, before lesson 1's first step, gives «" + term + "»");
            }
            assertTrue(opening.contains("поток"), dir + ": the «поток» trap");
            assertTrue(opening.contains("even loop"), dir + ": the lecture's \"even loop\" typo");
        }
    }
}
