package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

/** The console's small parts: colour rules, the line sink, the state folder, highlighting, :tasks layout. */
class ConsoleBitsTest {

    @Test
    void colourOnlyOnATerminalWithoutNoColorOrPlain() {
        assertTrue(Style.colourWanted(true, false, null));
        assertTrue(Style.colourWanted(true, false, ""), "an empty NO_COLOR does not count (no-color.org)");
        assertFalse(Style.colourWanted(true, false, "1"));
        assertFalse(Style.colourWanted(true, true, null));
        assertFalse(Style.colourWanted(false, false, null));
        assertEquals("x ==> 1", Style.VALUE.wrap("x ==> 1", false));
        assertEquals("\033[31moops\033[0m", Style.ERROR.wrap("oops", true));
        assertEquals("plain", Style.PLAIN.wrap("plain", true));
    }

    @Test
    void lineSinkHandsOverWholeLines() throws IOException {
        List<String> lines = new ArrayList<>();
        LineSink sink = new LineSink(lines::add);
        PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
        out.print("a");
        out.print("b\nc");
        out.println("d");
        out.print("привет\r\n");
        out.print("tail");
        assertEquals(List.of("ab", "cd", "привет"), lines);
        sink.flushPartial();
        sink.flushPartial();
        assertEquals(List.of("ab", "cd", "привет", "tail"), lines);
    }

    @Test
    void stateFolderFollowsXdg() {
        String home = System.getProperty("user.home");
        assertEquals(Path.of("/s/aio-tutor"), StateDir.of(Map.of("XDG_STATE_HOME", "/s")));
        assertEquals(Path.of(home, ".local/state/aio-tutor"), StateDir.of(Map.of("XDG_STATE_HOME", "relative")));
        assertEquals(Path.of(home, ".local/state/aio-tutor"), StateDir.of(Map.of()));
        assertEquals(Path.of("/own"), StateDir.of(Map.of("AIO_TUTOR_STATE", "/own", "XDG_STATE_HOME", "/s")));
        assertEquals(Path.of("/h/.local/state/aio-tutor"), StateDir.of(Map.of("HOME", "/h")), "$HOME, not the account's home");
        assertEquals(Path.of(home, ".local/state/aio-tutor"), StateDir.of(Map.of("HOME", "relative")));
    }

    @Test
    void highlightingColoursKeywordsStringsNumbersCommentsAndCommands() {
        AttributedString s = JavaHighlighter.highlight("int x = 42; // n\nString s = \"int\"; a.new_()");
        assertEquals("int x = 42; // n\nString s = \"int\"; a.new_()", s.toString(), "the text is unchanged");
        assertEquals(JavaHighlighter.KEYWORD, s.styleAt(0));
        assertEquals(AttributedStyle.DEFAULT, s.styleAt(4));
        assertEquals(JavaHighlighter.NUMBER, s.styleAt(8));
        assertEquals(JavaHighlighter.COMMENT, s.styleAt(12));
        int str = s.toString().indexOf("\"int\"");
        assertEquals(JavaHighlighter.STRING, s.styleAt(str + 1), "a keyword inside a string is a string");
        AttributedString c = JavaHighlighter.highlight(":send hello");
        assertEquals(JavaHighlighter.COMMAND, c.styleAt(0));
        assertEquals(AttributedStyle.DEFAULT, c.styleAt(7));
        JavaHighlighter.highlight("\"unclosed \\\" 'x"); // half-typed input must not throw
    }

    @Test
    void openBracketsAndQuotesMeanUnfinished() {
        assertTrue(JavaHighlighter.unbalanced("void f() {"));
        assertTrue(JavaHighlighter.unbalanced("String s = \"\"\"\n  text"));
        assertTrue(JavaHighlighter.unbalanced("int x = 1; /* still"));
        assertFalse(JavaHighlighter.unbalanced("String s = \"{(\"; // {"));
        assertFalse(JavaHighlighter.unbalanced("char c = '{';"));
        assertFalse(JavaHighlighter.unbalanced("1 + 1"));
    }

    @Test
    void taskTableAlignsColumns() {
        List<String> lines = TaskTable.format(List.of(
                new tutor.agent.Request.TaskRow("echo-server", "pending", "<Future pending>", 12.34, null, -1, null, null),
                new tutor.agent.Request.TaskRow("t", "cancelling", "Lock.acquire", 75, "REPL.$JShell$3", 12, "line 2: lock.acquire();", null)));
        assertEquals("name         state       waiting on                                    age         at", lines.get(0));
        assertTrue(lines.get(1).startsWith("echo-server  pending     <Future pending>"), lines.get(1));
        assertTrue(lines.get(1).endsWith("12.3 s"), lines.get(1));
        assertTrue(lines.get(2).startsWith("t            cancelling  Lock.acquire"), lines.get(2));
        assertTrue(lines.get(2).endsWith("1 min 15 s  line 2: lock.acquire();"), lines.get(2));
        assertEquals(List.of("no tasks are running on the loop"), TaskTable.format(List.of()));
    }

    @Test
    void taskTableShowsWhereTasksWereCreatedInDebugModeAndListsRecentFailuresUnderIt() {
        List<String> lines = TaskTable.format(List.of(
                new tutor.agent.Request.TaskRow("w", "pending", "sleep 5 s, 4.0 s left", 1, null, -1, "line 1: sleep(5)", "<lambda>(#3:1)"),
                new tutor.agent.Request.TaskRow("lost", tutor.agent.Request.TaskRow.FAILED, "ValueError('boom')", 2.5, null, -1, null, null)));
        assertEquals("name  state       waiting on                                    age    created at      at", lines.get(0));
        assertEquals("w     pending     sleep 5 s, 4.0 s left                         1.0 s  <lambda>(#3:1)  line 1: sleep(5)", lines.get(1));
        assertEquals(List.of("failed since your last input:", "  lost: ValueError('boom'), 2.5 s ago",
                "  (a task's exception is retrieved with await(task) or task.exception())"), lines.subList(2, 5));
        assertEquals(List.of("no tasks are running on the loop", "failed since your last input:", "  lost: ValueError('boom'), 2.5 s ago",
                "  (a task's exception is retrieved with await(task) or task.exception())"),
                TaskTable.format(List.of(new tutor.agent.Request.TaskRow("lost", tutor.agent.Request.TaskRow.FAILED,
                        "ValueError('boom')", 2.5, null, -1, null, null))));
    }
}
