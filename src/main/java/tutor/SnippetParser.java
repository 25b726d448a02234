package tutor;

import java.util.function.Predicate;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;

/**
 * Tells JLine when Enter should not end the input: Java that is not complete yet (an open
 * brace, a statement without its end) gets a continuation prompt, as in jshell. An empty line
 * there shows how to leave (a line above the prompt), and a second one in a row
 * gives the unfinished snippet up: the console says so ({@link #abandoned}). Words are split
 * as DefaultParser splits them, for completion; quotes and backslashes mean nothing special
 * here, as Java has its own.
 */
final class SnippetParser extends DefaultParser {
    private final Predicate<String> needsMore;
    private final java.util.function.Consumer<String> say;

    /** @param say shows a line above the input (the hint after an empty line) */
    SnippetParser(Predicate<String> needsMore, java.util.function.Consumer<String> say) {
        this.needsMore = needsMore;
        this.say = say;
        setQuoteChars(new char[0]);
        setEscapeChars(new char[0]);
        setEofOnUnclosedQuote(false);
        setEofOnEscapedNewLine(false);
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && !line.isBlank() && !abandoned(line) && needsMore.test(line)) {
            if (line.endsWith("\n")) {
                say.accept(Messages.get("console.how-to-leave"));
            }
            throw new EOFError(-1, cursor, "the Java is not complete", "more");
        }
        return super.parse(line, cursor, context);
    }

    /** Unfinished input ending in two empty lines: the learner gives it up. */
    static boolean abandoned(String input) {
        return input.endsWith("\n\n") && !input.isBlank();
    }
}
