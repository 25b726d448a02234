package tutor;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * UTF-8 on the standard streams when the locale says UTF-8, even where that locale is not
 * installed. {@code LANG=ru_RU.UTF-8} on a machine that only has {@code C.UTF-8} (a container, a
 * fresh server) makes the C library fall back to ASCII, and Java with it: every Russian letter,
 * every ✓ would print as "?". The terminal is UTF-8 all the same, so the codeset the locale names
 * is what counts, as Python's UTF-8 mode decides.
 */
final class LocaleCharset {
    private LocaleCharset() {
    }

    /** True when the locale for characters (LC_ALL, then LC_CTYPE, then LANG: the first set) names UTF-8. */
    static boolean namesUtf8(Map<String, String> env) {
        String value = Language.locale(env, "LC_CTYPE");
        String codeset = value.contains(".") ? value.substring(value.indexOf('.') + 1).split("@", 2)[0] : "";
        return codeset.equalsIgnoreCase("UTF-8") || codeset.equalsIgnoreCase("utf8");
    }

    /**
     * Makes System.out and System.err UTF-8, and tells JLine (which reads the
     * {@code std*.encoding} properties) the same, when the locale names UTF-8 and Java chose
     * otherwise. Call it first in main, before anything prints or opens the terminal.
     */
    static void apply(Map<String, String> env) {
        if (!namesUtf8(env) || System.out.charset().equals(StandardCharsets.UTF_8)) {
            return;
        }
        for (String stream : new String[] {"stdin", "stdout", "stderr"}) {
            System.setProperty(stream + ".encoding", "UTF-8");
        }
        System.setOut(new PrintStream(new java.io.BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 8192), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new java.io.BufferedOutputStream(new FileOutputStream(FileDescriptor.err), 8192), true, StandardCharsets.UTF_8));
    }
}
