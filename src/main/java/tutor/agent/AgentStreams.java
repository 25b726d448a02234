package tutor.agent;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The agent's output, carried to the console over JShell's channel: {@code out} and
 * {@code err} are the snippets' System.out and System.err; {@code note} and {@code info} carry
 * the console's own lines from here (the server's "serving on", its log), which the console
 * shows in their own colours. All UTF-8; the console shows each line as it ends.
 *
 * <p>A snippet may replace or close System.out ({@code System.setOut(null)},
 * {@code System.out.close()}): the streams cannot be closed, and {@link #install} puts them
 * back before every snippet, so nothing a snippet does silences the ones after it. System.in
 * is empty: the console's keyboard belongs to its line editor.
 */
final class AgentStreams {
    private volatile PrintStream out = System.out;
    private volatile PrintStream err = System.err;
    private volatile PrintStream note = System.out;
    private volatile PrintStream info = System.out;

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    PrintStream note() {
        return note;
    }

    PrintStream info() {
        return info;
    }

    void out(OutputStream channel) {
        out = printStream(channel);
        install();
    }

    void err(OutputStream channel) {
        err = printStream(channel);
        install();
    }

    void note(OutputStream channel) {
        note = printStream(channel);
    }

    void info(OutputStream channel) {
        info = printStream(channel);
    }

    /** Makes the streams System.out, System.err and System.in again. */
    void install() {
        if (System.out != out) {
            System.setOut(out);
        }
        if (System.err != err) {
            System.setErr(err);
        }
        if (System.in != EMPTY) {
            System.setIn(EMPTY);
        }
    }

    private static final InputStream EMPTY = InputStream.nullInputStream();

    private static PrintStream printStream(OutputStream channel) {
        return new Unclosable(channel);
    }

    /** A PrintStream that close() only flushes: a snippet's System.out.close() cannot end it. */
    private static final class Unclosable extends PrintStream {
        Unclosable(OutputStream channel) {
            super(channel, true, StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            flush();
        }
    }
}
