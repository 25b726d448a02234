package tutor;

import java.util.Set;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/**
 * Python, as the lessons quote the lecture: keywords, strings, numbers and {@code #} comments
 * in the colours {@link JavaHighlighter} gives Java's.
 */
final class PythonHighlighter {
    static final Set<String> KEYWORDS = Set.of(
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
            "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
            "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");

    private PythonHighlighter() {
    }

    static AttributedString highlight(String code) {
        AttributedStringBuilder b = new AttributedStringBuilder(code.length() + 16);
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            int j;
            if (c == '#') {
                j = code.indexOf('\n', i);
                j = j < 0 ? n : j;
                b.styled(JavaHighlighter.COMMENT, code.substring(i, j));
            } else if (code.startsWith("\"\"\"", i) || code.startsWith("'''", i)) {
                String quote = code.substring(i, i + 3);
                j = code.indexOf(quote, i + 3);
                j = j < 0 ? n : j + 3;
                b.styled(JavaHighlighter.STRING, code.substring(i, j));
            } else if (c == '"' || c == '\'') {
                j = i + 1;
                while (j < n && code.charAt(j) != c && code.charAt(j) != '\n') {
                    j += code.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(n, j + 1);
                b.styled(JavaHighlighter.STRING, code.substring(i, j));
            } else if (Character.isDigit(c)) {
                j = i + 1;
                while (j < n && (Character.isLetterOrDigit(code.charAt(j)) || code.charAt(j) == '_' || code.charAt(j) == '.')) {
                    j++;
                }
                b.styled(JavaHighlighter.NUMBER, code.substring(i, j));
            } else if (Character.isLetter(c) || c == '_') {
                j = i + 1;
                while (j < n && (Character.isLetterOrDigit(code.charAt(j)) || code.charAt(j) == '_')) {
                    j++;
                }
                JavaHighlighter.word(b, code, i, j, KEYWORDS);
            } else {
                j = i + 1;
                b.append(c);
            }
            i = j;
        }
        return b.toAttributedString();
    }
}
