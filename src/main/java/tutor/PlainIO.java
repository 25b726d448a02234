package tutor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Input from a pipe or a file (CI, {@code printf ':send hi\n' | ./run.sh}): lines are read
 * as they come, with no prompt and no banner, and Java that spans lines is gathered until it
 * is complete. Output is plain text: never colour.
 */
final class PlainIO implements ConsoleIO {
    /**
     * Unfinished Java is gathered for at most this many lines, then handed to the compiler as it
     * is (which says what is wrong): a stray "{" in piped input must not swallow the rest.
     */
    static final int MAX_LINES = 500;

    private final BufferedReader in;
    private final PrintStream out;
    private final Predicate<String> needsMore;
    /** Java left unfinished at the end of input, if any: the console reports it. */
    private String unfinished = "";

    /**
     * @param needsMore true for Java input that is not complete yet (meta-command lines are
     *                  never passed to it)
     */
    PlainIO(InputStream in, PrintStream out, Predicate<String> needsMore) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.needsMore = needsMore;
    }

    @Override
    public String read() {
        try {
            String line = in.readLine();
            if (line == null) {
                return null;
            }
            if (Console.isMetaCommand(line)) {
                return line;
            }
            StringBuilder java = new StringBuilder(line);
            int lines = 1;
            while (lines < MAX_LINES && needsMore.test(java.toString())) {
                String next = in.readLine();
                if (next == null) {
                    unfinished = java.toString();
                    return java.toString(); // let the compiler say what is missing
                }
                java.append('\n').append(next);
                lines++;
            }
            return java.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean endedUnfinished() {
        return !unfinished.isEmpty();
    }

    @Override
    public void print(Style style, String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    @Override
    public void close() {
        out.flush();
    }
}
