package tutor;

import java.util.Set;

import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Colours what the learner types: Java keywords, string and char literals, numbers and
 * comments; a meta-command's name. A small hand-written scanner: it must be fast (it runs on
 * every key) and forgiving (the input is usually half-typed).
 */
final class JavaHighlighter implements Highlighter {
    static final Set<String> KEYWORDS = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
            "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "var", "record", "yield", "sealed", "permits", "non-sealed",
            "true", "false", "null");

    static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
    static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.faint();
    static final AttributedStyle COMMAND = AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        return highlight(buffer);
    }

    static AttributedString highlight(String buffer) {
        AttributedStringBuilder b = new AttributedStringBuilder(buffer.length() + 16);
        String stripped = buffer.stripLeading();
        if (Console.isMetaCommand(buffer)) {
            int start = buffer.length() - stripped.length();
            int end = buffer.indexOf(' ', start);
            end = end < 0 ? buffer.length() : end;
            b.append(buffer.substring(0, start));
            b.styled(COMMAND, buffer.substring(start, end));
            b.append(buffer.substring(end));
            return b.toAttributedString();
        }
        int i = 0;
        int n = buffer.length();
        while (i < n) {
            char c = buffer.charAt(i);
            int j;
            if (c == '/' && i + 1 < n && buffer.charAt(i + 1) == '/') {
                j = buffer.indexOf('\n', i);
                j = j < 0 ? n : j;
                b.styled(COMMENT, buffer.substring(i, j));
            } else if (c == '/' && i + 1 < n && buffer.charAt(i + 1) == '*') {
                j = buffer.indexOf("*/", i + 2);
                j = j < 0 ? n : j + 2;
                b.styled(COMMENT, buffer.substring(i, j));
            } else if (buffer.startsWith("\"\"\"", i)) {
                j = buffer.indexOf("\"\"\"", i + 3);
                j = j < 0 ? n : j + 3;
                b.styled(STRING, buffer.substring(i, j));
            } else if (c == '"' || c == '\'') {
                j = endOfLiteral(buffer, i, c);
                b.styled(STRING, buffer.substring(i, j));
            } else if (Character.isDigit(c)) {
                j = i + 1;
                while (j < n && (Character.isLetterOrDigit(buffer.charAt(j)) || buffer.charAt(j) == '_'
                        || buffer.charAt(j) == '.')) {
                    j++;
                }
                b.styled(NUMBER, buffer.substring(i, j));
            } else if (Character.isJavaIdentifierStart(c)) {
                j = i + 1;
                while (j < n && Character.isJavaIdentifierPart(buffer.charAt(j))) {
                    j++;
                }
                word(b, buffer, i, j, KEYWORDS);
            } else {
                j = i + 1;
                b.append(c);
            }
            i = j;
        }
        return b.toAttributedString();
    }

    /** The word from {@code i} to {@code j}: a keyword's colour unless it follows a dot (a member named like one). */
    static void word(AttributedStringBuilder b, String code, int i, int j, Set<String> keywords) {
        String word = code.substring(i, j);
        boolean member = i > 0 && code.charAt(i - 1) == '.';
        if (!member && keywords.contains(word)) {
            b.styled(KEYWORD, word);
        } else {
            b.append(word);
        }
    }

    /**
     * True when {@code code} has a bracket, string, text block or comment still open: a rough
     * "not finished yet" for the moments before JShell can say it exactly.
     */
    static boolean unbalanced(String code) {
        int depth = 0;
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (code.startsWith("//", i)) {
                int end = code.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (code.startsWith("/*", i)) {
                int end = code.indexOf("*/", i + 2);
                if (end < 0) {
                    return true;
                }
                i = end + 2;
            } else if (code.startsWith("\"\"\"", i)) {
                int end = code.indexOf("\"\"\"", i + 3);
                if (end < 0) {
                    return true;
                }
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                i = endOfLiteral(code, i, c);
            } else {
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    depth--;
                }
                i++;
            }
        }
        return depth > 0;
    }

    /** Where a string or char literal starting at {@code start} ends (past its closing quote, or the line's end). */
    private static int endOfLiteral(String s, int start, char quote) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                return i + 1;
            }
            if (c == '\n') {
                return i;
            }
            i++;
        }
        return s.length();
    }
}
