package tutor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;

/**
 * The console on a terminal: JLine's line editor with history (kept across runs in the state
 * folder), a continuation prompt for unfinished Java, Tab completion and highlighting. Lines
 * printed while the learner types go above the prompt without tearing the line being edited.
 */
final class TerminalIO implements ConsoleIO {
    static final String PROMPT = "aio> ";
    static final String CONTINUATION = "...> ";

    private final Terminal terminal;
    private final LineReader reader;
    private final boolean colour;
    private volatile Runnable onInterrupt = () -> { };
    private String warning;

    /**
     * @param history the history file (its folder is created), or null for none
     */
    TerminalIO(Terminal terminal, Console console, boolean colour, Path history) {
        this.terminal = terminal;
        this.colour = colour;
        LineReaderBuilder b = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("aio-tutor")
                .parser(new SnippetParser(console::needsMoreNow, line -> print(Style.INFO, line)))
                .completer(new ConsoleCompleter(console))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
                .variable(LineReader.HISTORY_SIZE, 5_000)
                .variable(LineReader.HISTORY_FILE_SIZE, 5_000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' and '\' are Java
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .option(LineReader.Option.INSERT_BRACKET, false)
                .option(LineReader.Option.AUTO_FRESH_LINE, true);
        if (colour) {
            b.highlighter(new JavaHighlighter());
        }
        String unwritable = history == null ? null : unwritable(history);
        if (unwritable != null) {
            warning = Messages.get("history.cannot-write", history, unwritable);
        } else if (history != null) {
            b.variable(LineReader.HISTORY_FILE, history);
        }
        reader = b.build();
        if (history != null && unwritable == null && !loads(reader) && sizeOf(history) > 0) {
            // JLine drops a history file it cannot parse and would overwrite it: keep it aside.
            Path aside = Progress.setAside(history);
            warning = Messages.get("history.set-aside", history, aside.getFileName());
        }
        terminal.handle(Terminal.Signal.INT, signal -> onInterrupt.run());
        bindTabWithDocumentation(console);
        quietBetweenLines();
    }

    /** The terminal's settings as the console found them, put back when it leaves. */
    private org.jline.terminal.Attributes found;

    /**
     * The terminal's settings between lines, when JLine has given the terminal back (from Enter
     * to the snippet's start, and from its end to the next prompt), for the whole session.
     */
    private void quietBetweenLines() {
        try {
            found = terminal.getAttributes();
            terminal.setAttributes(betweenLines(found));
        } catch (RuntimeException e) {
            found = null; // a terminal that cannot be set: keys may echo, nothing worse
        }
    }

    /**
     * {@code found} with the terminal's own echo and line mode off; Ctrl-C still signals. The
     * line editor draws what is typed itself: echoed, keys typed between lines would land in the
     * snippet's output. And in line mode the kernel acts on some keys itself before the line
     * editor reads them: a Ctrl-D typed between a snippet's end and the next prompt would be kept
     * as an end-of-file mark and reach JLine as a NUL, and the console would not end.
     */
    static org.jline.terminal.Attributes betweenLines(org.jline.terminal.Attributes found) {
        org.jline.terminal.Attributes quiet = new org.jline.terminal.Attributes(found);
        quiet.setLocalFlag(org.jline.terminal.Attributes.LocalFlag.ECHO, false);
        quiet.setLocalFlag(org.jline.terminal.Attributes.LocalFlag.ICANON, false);
        quiet.setLocalFlag(org.jline.terminal.Attributes.LocalFlag.IEXTEN, false); // Ctrl-V, Ctrl-O: the editor's
        quiet.setLocalFlag(org.jline.terminal.Attributes.LocalFlag.ISIG, true);
        // out of line mode, a read waits for one key at least (0 would read as the end of input)
        quiet.setControlChar(org.jline.terminal.Attributes.ControlChar.VMIN, 1);
        quiet.setControlChar(org.jline.terminal.Attributes.ControlChar.VTIME, 0);
        return quiet;
    }

    /** Sets the terminal's settings, if there are any to set and the terminal takes them. */
    private void setQuietly(org.jline.terminal.Attributes attributes) {
        if (attributes != null) {
            try {
                terminal.setAttributes(attributes);
            } catch (RuntimeException e) {
                // a terminal that cannot be set: nothing worse than before
            }
        }
    }

    /**
     * Tab completes, as always; a second Tab on the same spot, where completion had nothing
     * more to add, prints the signatures of what is at the cursor (as jshell does), so
     * {@code sleep(} Tab Tab shows sleep's overloads.
     */
    private void bindTabWithDocumentation(Console console) {
        String[] last = {null};
        reader.getWidgets().put("aio-complete", () -> {
            String here = reader.getBuffer().toString() + "@" + reader.getBuffer().cursor();
            boolean again = here.equals(last[0]);
            reader.callWidget(LineReader.COMPLETE_WORD);
            String after = reader.getBuffer().toString() + "@" + reader.getBuffer().cursor();
            if (again && after.equals(here) && !Console.isMetaCommand(reader.getBuffer().toString())) {
                JavaSession s = console.sessionIfReady();
                if (s != null) {
                    String code = reader.getBuffer().toString();
                    for (String signature : s.documentation(code, reader.getBuffer().cursor())) {
                        print(Style.INFO, signature);
                    }
                }
            }
            last[0] = after;
            return true;
        });
        reader.getKeyMaps().get(LineReader.MAIN).bind(new org.jline.reader.Reference("aio-complete"), "\t");
    }

    /** Loads the history now (JLine would on the first readLine); false if nothing could be read. */
    private static boolean loads(LineReader reader) {
        try {
            reader.getHistory().attach(reader); // loads the file named by HISTORY_FILE
            return reader.getHistory().size() > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * A problem met while opening, for the console to show once, in one line: a history file
     * that cannot be written (history is then kept in memory only) or a damaged one; or null.
     */
    String warning() {
        return warning;
    }

    /** Creates the history file's folder; why the file cannot be written there, or null when it can. */
    private static String unwritable(Path history) {
        try {
            Files.createDirectories(history.toAbsolutePath().getParent());
        } catch (IOException e) {
            return StateDir.why(e);
        } catch (SecurityException e) {
            return Messages.get("io.not-allowed");
        }
        return StateDir.whyNotWritable(history);
    }

    @Override
    public String read() {
        try {
            String line = reader.readLine(colour ? "\033[1;34m" + PROMPT + "\033[0m" : PROMPT);
            return line;
        } catch (UserInterruptException e) {
            if (e.getPartialLine() != null && e.getPartialLine().contains("\n")) {
                print(Style.INFO, Messages.get("console.snippet-cleared"));
            }
            return ""; // Ctrl-C while typing: the line is cleared
        } catch (EndOfFileException e) {
            return null; // Ctrl-D
        } catch (UncheckedIOException | IllegalStateException e) {
            return null; // the terminal went away
        }
    }

    @Override
    public void print(Style style, String text) {
        try {
            reader.printAbove(AttributedString.fromAnsi(style.wrap(text, colour)));
        } catch (IllegalStateException | UncheckedIOException e) {
            // the terminal is closed (the console is ending: Ctrl-D, SIGTERM, a closed window)
            // while another thread still had a line to show, such as the greeting: nowhere to show it
        }
    }

    /** The terminal's settings while the console is busy, to restore afterwards; null when idle. */
    private org.jline.terminal.Attributes idle;

    @Override
    public synchronized void busy(boolean on) {
        try {
            if (on && idle == null) {
                idle = terminal.enterRawMode(); // no echo, no line editing...
                org.jline.terminal.Attributes busy = terminal.getAttributes();
                busy.setLocalFlag(org.jline.terminal.Attributes.LocalFlag.ISIG, true); // ...but Ctrl-C still signals
                terminal.setAttributes(busy);
            } else if (!on && idle != null) {
                terminal.setAttributes(idle);
                idle = null;
            }
        } catch (RuntimeException e) {
            idle = null; // a terminal that cannot be switched: keys are echoed, nothing worse
        }
    }

    @Override
    public String edit(Path file, String editor) {
        boolean wasBusy;
        synchronized (this) {
            wasBusy = idle != null;
        }
        busy(false); // the terminal as the editor expects to find it
        try {
            if (editor == null) {
                org.jline.builtins.Nano nano = new org.jline.builtins.Nano(terminal, file.getParent());
                nano.setRestricted(true); // only this file
                nano.open(file.toString());
                nano.run();
                return null;
            }
            // through the shell, so that "code -w" or an editor with options works as it does there,
            // on the terminal as the learner's shell has it
            setQuietly(found);
            try {
                Process p = new ProcessBuilder("/bin/sh", "-c", editor + " \"$1\"", "sh", file.toString()).inheritIO().start();
                int status = p.waitFor();
                return status == 0 ? null : Messages.get("edit.editor-failed", editor, status);
            } finally {
                setQuietly(found == null ? null : betweenLines(found));
            }
        } catch (IOException e) {
            return StateDir.why(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Messages.get("java.interrupted");
        } finally {
            if (wasBusy) {
                busy(true);
            }
            terminal.flush();
        }
    }

    /** --plain: output as in a pipe, every line printed; no stepping with keys. */
    private volatile boolean plain;

    TerminalIO plain(boolean on) {
        plain = on;
        return this;
    }

    @Override
    public boolean steps() {
        return !plain;
    }

    @Override
    public int readKey() {
        org.jline.terminal.Attributes before = terminal.enterRawMode();
        try {
            org.jline.utils.NonBlockingReader in = terminal.reader();
            int c = in.read();
            if (c == 27) { // an arrow key: ESC [ C / ESC [ D (or a lone Esc)
                int next = in.read(50);
                if (next == '[' || next == 'O') {
                    int code = in.read(50);
                    return code == 'C' ? KEY_RIGHT : code == 'D' ? KEY_LEFT : 0;
                }
                return 27;
            }
            return c;
        } catch (IOException | RuntimeException e) {
            return -1;
        } finally {
            terminal.setAttributes(before);
        }
    }

    @Override
    public String ask(String prompt) {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public boolean colour() {
        return colour;
    }

    @Override
    public boolean unicode() {
        return StandardCharsets.UTF_8.equals(terminal.outputEncoding());
    }

    @Override
    public void onInterrupt(Runnable action) {
        onInterrupt = action;
    }

    @Override
    public int width() {
        int w = terminal.getWidth();
        return w > 0 ? w : 80;
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
        } catch (IOException | RuntimeException e) {
            // history is a convenience: never fail on the way out
        }
        try {
            if (found != null) {
                terminal.setAttributes(found);
            }
        } catch (RuntimeException e) {
            // the terminal is gone
        }
        try {
            terminal.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    LineReader reader() {
        return reader;
    }
}
