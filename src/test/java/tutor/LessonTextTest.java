package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Lessons on a terminal: no raw Markdown, no line wider than the terminal, code exactly as written. */
class LessonTextTest {
    private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```$");

    @Test
    void everyLessonOnAnEightyColumnTerminalShowsNoMarkupNoLongLineAndItsCodeAsWritten() {
        for (int width : List.of(79, 50)) {
            LessonText plain = new LessonText(width, false, true);
            for (Lesson lesson : LessonLibrary.load(LessonLibrary.folder()).all()) {
                for (Lesson.Step step : lesson.steps()) {
                    String where = lesson.name() + " line " + step.line() + " at " + width + " columns";
                    List<String> prose = plain.render(step.prose());
                    assertReadable(prose, width, where);
                    Matcher fences = FENCE.matcher(step.prose());
                    while (fences.find()) { // a ```python or ```text block in the prose: shown as written
                        assertEquals(fences.group(2).stripTrailing(), unwrap(plain.code(fences.group(2).stripTrailing(), fences.group(1))),
                                where);
                        assertTrue(String.join("\n", prose).contains(unwrap(plain.code(fences.group(2).stripTrailing(), fences.group(1)).subList(0, 1))),
                                where);
                    }
                    if (step.kind() == Lesson.Kind.JAVA || step.kind() == Lesson.Kind.CONSOLE) {
                        List<String> code = plain.code(step.code(), "java");
                        code.forEach(l -> assertTrue(l.length() <= width, where + ": " + l));
                        assertEquals(step.code(), unwrap(code), where);
                    }
                    if (step.kind() == Lesson.Kind.EXERCISE) {
                        assertReadable(plain.render(step.code(), "  "), width, where);
                    }
                }
                for (Lesson.Exercise ex : lesson.exercises()) {
                    for (String hint : ex.hints()) {
                        assertReadable(plain.render(hint, "  "), width, lesson.name() + " hint");
                    }
                }
                assertFalse(plain.inline(lesson.title()).contains("`"), lesson.title());
            }
        }
    }

    /** Prose lines: at most {@code width} columns, no Markdown left in them (code lines, indented by 4, aside). */
    private static void assertReadable(List<String> lines, int width, String where) {
        for (String l : lines) {
            assertTrue(l.length() <= width, where + ": " + l.length() + " columns: " + l);
            if (l.startsWith("    ")) {
                continue;
            }
            for (String markup : List.of("```", "**", "`", "](", "<details>", "<summary>")) {
                assertFalse(l.contains(markup), where + ": raw " + markup + " in: " + l);
            }
            assertFalse(l.startsWith("#"), where + ": a heading's # in: " + l);
            assertFalse(l.strip().startsWith("|") && l.strip().endsWith("|"), where + ": a raw table row: " + l);
        }
    }

    /** A code block's lines as written: the indent taken off, lines continued under ↪ joined again. */
    private static String unwrap(List<String> rendered) {
        List<String> lines = new ArrayList<>();
        for (String l : rendered) {
            if (l.startsWith("    ↪ ")) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + l.substring(6));
            } else {
                lines.add(l.startsWith("    ") ? l.substring(4) : l.strip());
            }
        }
        return String.join("\n", lines);
    }

    @Test
    void markupIsDroppedWithoutColourAndAppliedWithIt() {
        LessonText plain = new LessonText(40, false, true);
        assertEquals(List.of("asyncio uses an event loop, and the loop", "thread runs createTask(...)."),
                plain.render("*asyncio uses an event loop*, and the **loop\nthread** runs `createTask(...)`."));
        LessonText colour = new LessonText(40, true, true);
        String line = colour.render("the **loop** runs `createTask`").get(0);
        assertTrue(line.contains("\033["), "styled: " + line);
        assertEquals("the loop runs createTask", line.replaceAll("\033\\[[0-9;]*m", ""));
    }

    @Test
    void javasGenericsInAHintAreShownNotTakenForHtml() {
        // lesson 1's hint lost its <String>: Markdown reads "<String>" as an inline HTML tag
        LessonText plain = new LessonText(80, false, true);
        assertEquals(List.of("Give the list a name: List<String> turns = new ArrayList<>(); then Map<K, V>."),
                plain.render("Give the list a name: List<String> turns = new ArrayList<>(); then Map<K, V>."));
        assertEquals(List.of("press Enter"), plain.render("press <kbd>Enter</kbd>"), "an HTML tag is still the page's");
    }

    @Test
    void headingsListsQuotesAndLinksReadAsText() {
        LessonText plain = new LessonText(60, false, true);
        assertEquals(List.of("Taking turns", "────────────", "", "• one", "• two: more", "", "1. first", "2. second", "",
                        "│ quoted", "", "see the lecture and https://x.org (https://x.org/a)"),
                plain.render("## Taking turns\n\n- one\n- two:\n  more\n\n1. first\n2. second\n\n> quoted\n\n"
                        + "see [the lecture](../lecture.md) and [https://x.org](https://x.org/a)"));
    }

    @Test
    void aPythonCommentStaysInItsCodeBlockAndIndentationIsKept() {
        LessonText plain = new LessonText(60, false, true);
        assertEquals(List.of("Before:", "", "    # the low-level way", "    loop = asyncio.new_event_loop()", "    try:",
                        "        loop.run_until_complete(main())"),
                plain.render("Before:\n\n```python\n# the low-level way\nloop = asyncio.new_event_loop()\ntry:\n"
                        + "    loop.run_until_complete(main())\n```"));
    }

    @Test
    void aTableFitsInColumnsOrBecomesOneEntryARow() {
        String table = "| asyncio | aio |\n|---|---|\n| `create_task(c)` | `createTask(c)` |\n| `gather(*aws)` | `gather(list)` |";
        assertEquals(List.of("asyncio        │ aio", "───────────────┼──────────────", "create_task(c) │ createTask(c)",
                        "gather(*aws)   │ gather(list)"),
                new LessonText(60, false, true).render(table));
        assertEquals(List.of("asyncio: create_task(c)", "  aio: createTask(c)", "", "asyncio: gather(*aws)", "  aio: gather(list)"),
                new LessonText(25, false, true).render(table));
    }

    @Test
    void aLongWordIsCutAndALongCodeLineGoesOnUnderAnArrow() {
        LessonText plain = new LessonText(20, false, true);
        assertEquals(List.of("abcdefghijklmnopqrst", "uvwxyz"), plain.render("abcdefghijklmnopqrstuvwxyz"));
        assertEquals(List.of("    int x = 1 + 2 + ", "    ↪ 3 + 4 + 5 + 6;"), plain.code("int x = 1 + 2 + 3 + 4 + 5 + 6;", "java"));
    }
}
