package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class OutputMatcherTest {
    @Test
    void linesMatchExactlyOrWithWildcards() {
        assertTrue(OutputMatcher.matches(List.of("a", "b"), List.of("a", "b")));
        assertFalse(OutputMatcher.matches(List.of("a", "b"), List.of("a", "c")));
        assertFalse(OutputMatcher.matches(List.of("a"), List.of("a", "b")), "extra output is a difference");
        assertTrue(OutputMatcher.matches(List.of("client: ('127.0.0.1', ...)"), List.of("client: ('127.0.0.1', 51234)")));
        assertTrue(OutputMatcher.matches(List.of("x  "), List.of("x")), "trailing blanks do not count");
        assertFalse(OutputMatcher.lineMatches("a.c", "abc"), "only ... is special");
    }

    @Test
    void aLineOfDotsMatchesAnyNumberOfLines() {
        assertTrue(OutputMatcher.matches(List.of("start", "...", "end"), List.of("start", "end")));
        assertTrue(OutputMatcher.matches(List.of("start", "...", "end"), List.of("start", "1", "2", "end")));
        assertFalse(OutputMatcher.matches(List.of("start", "...", "end"), List.of("start", "1")));
        assertTrue(OutputMatcher.matches(List.of("..."), List.of()));
    }

    @Test
    void diffNamesTheFirstDifferentLine() {
        assertEquals(List.of("first difference at output line 2:", "  - a", "  - b", "  + a", "  + c"),
                OutputMatcher.diff(List.of("a", "b"), List.of("a", "c")));
    }
}
