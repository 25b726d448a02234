package tutor;

/**
 * The console's two ends: where input comes from and where lines go. {@link TerminalIO} is a
 * JLine line editor on a terminal; {@link PlainIO} reads piped input line by line with no
 * prompts. Both are safe to print to from any thread (tasks on the loop print too).
 */
interface ConsoleIO extends AutoCloseable {

    /**
     * The next input: one meta-command line, or Java that is complete (more lines are read
     * while it is not). Null at the end of input. An empty string when Ctrl-C cleared the line.
     */
    String read();

    /** Prints one line in a style; above the prompt while the learner is typing. */
    void print(Style style, String text);

    /** True for a person at a terminal (prompts, banner, colour allowed); false (the default) for a pipe. */
    default boolean interactive() {
        return false;
    }

    /** Whether lines are coloured: never but on a terminal. */
    default boolean colour() {
        return false;
    }

    /**
     * What Ctrl-C does while no line is being read (a snippet or command is running). A pipe
     * has no Ctrl-C of its own to catch (the default ignores the action): the shell's Ctrl-C
     * ends the whole pipeline, as it should.
     */
    default void onInterrupt(Runnable action) {
    }

    /** Whether charts may use Unicode block characters (a UTF-8 terminal), not only ASCII. */
    default boolean unicode() {
        return false;
    }

    /**
     * The console is busy running input ({@code true}) or done ({@code false}). A terminal
     * stops echoing meanwhile, so keys typed ahead wait for the next prompt instead of
     * appearing between the snippet's output lines.
     */
    default void busy(boolean on) {
    }

    /** True when input ended in the middle of a snippet (a pipe that stopped early): the run failed. */
    default boolean endedUnfinished() {
        return false;
    }

    /**
     * Lets the learner edit {@code file} in {@code editor} (a command line: "vim", "code -w"),
     * or, when it is null, in the built-in editor; returns when they are done, with null, or with
     * why it could not be done. Only a terminal can (the default says so).
     */
    default String edit(java.nio.file.Path file, String editor) {
        return Messages.get("edit.needs-terminal");
    }

    /**
     * One key pressed, for a command that steps through something ({@code :loop}): a character,
     * or one of {@link #KEY_LEFT}, {@link #KEY_RIGHT}; -1 where there is no keyboard (a pipe)
     * or input has ended.
     */
    default int readKey() {
        return -1;
    }

    /** Whether a command may step through its output with keys: a terminal, without --plain. */
    default boolean steps() {
        return false;
    }

    int KEY_LEFT = -2;
    int KEY_RIGHT = -3;

    /** A line typed in answer to {@code prompt} (a task's name for :loop), or null. */
    default String ask(String prompt) {
        return null;
    }

    /** The width to lay tables out in. */
    default int width() {
        return 80;
    }

    /** Gives the input and output back (a terminal's settings, a history to save); nothing by default. */
    @Override
    default void close() {
    }
}
