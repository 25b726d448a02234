package aio.tutor;

import java.util.function.Predicate;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;

/**
 * Tells JLine when Enter should not end the input: Java that is not complete yet (an open
 * brace, a statement without its end) gets a continuation prompt, as in jshell. Words are
 * split as DefaultParser splits them, for completion; quotes and backslashes mean nothing
 * special here, as Java has its own.
 */
final class SnippetParser extends DefaultParser {
    private final Predicate<String> needsMore;

    SnippetParser(Predicate<String> needsMore) {
        this.needsMore = needsMore;
        setQuoteChars(new char[0]);
        setEscapeChars(new char[0]);
        setEofOnUnclosedQuote(false);
        setEofOnEscapedNewLine(false);
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && !line.isBlank() && needsMore.test(line)) {
            throw new EOFError(-1, cursor, "the Java is not complete", "more");
        }
        return super.parse(line, cursor, context);
    }
}
