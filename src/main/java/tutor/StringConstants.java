package tutor;

import java.nio.charset.StandardCharsets;

/**
 * A class file holds a string constant of at most 65,535 bytes (modified UTF-8). javac finds a
 * longer one only as it writes the class, and JShell then keeps the broken snippet and fails
 * every later one with it, even once it is dropped (jshell itself does too). So a snippet with
 * such a literal never reaches JShell: it is refused with a line that says how to build the
 * string instead.
 */
final class StringConstants {
    static final int MAX_BYTES = 65_535;

    private StringConstants() {
    }

    /**
     * The error line for {@code source} when one of its string literals, or all of them
     * together (javac joins {@code "a" + "b"} into one constant), is too long; else null.
     */
    static String tooLong(String source) {
        if (source.length() < MAX_BYTES / 3) {
            return null; // cannot hold that many bytes: the common case, at no cost
        }
        long longest = 0;
        long total = 0;
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'') {
                int end = i + 1;
                while (end < n && source.charAt(end) != '\'' && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                i = end + 1;
            } else if (c == '"') {
                boolean block = source.startsWith("\"\"\"", i);
                String close = block ? "\"\"\"" : "\"";
                int start = i + close.length();
                int end = start;
                while (end < n && !source.startsWith(close, end) && (block || source.charAt(end) != '\n')) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                long bytes = source.substring(start, Math.min(end, n)).getBytes(StandardCharsets.UTF_8).length;
                longest = Math.max(longest, bytes);
                total += bytes;
                i = Math.min(n, end + close.length());
            } else {
                i++;
            }
        }
        if (longest > MAX_BYTES || total > MAX_BYTES) {
            return Messages.get("snippet.string-too-long",
                    String.format(java.util.Locale.ROOT, "%,d", longest > MAX_BYTES ? longest : total));
        }
        return null;
    }
}
