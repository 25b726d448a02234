package tutor;

import tutor.agent.Request;

/**
 * What a family of meta-commands may ask of the console: print, fail, run Java or another
 * command as if typed, evaluate quietly, ask the agent. Command code sees this and nothing
 * else of the console.
 */
interface CommandContext {
    /** Prints one line in a style, from any thread (above the prompt while the learner types). */
    void print(Style style, String text);

    /** Prints one error line and marks the session failed (a piped run exits 1); returns false, for actions. */
    boolean fail(String message);

    /** Runs Java as typed at the prompt, printing what it does; false if a snippet failed. */
    boolean java(String input);

    /** Runs one meta-command line; false if it failed. */
    boolean command(String line);

    /** Runs Java without printing its values or errors: the outcome, or null if Java is unavailable. */
    JavaSession.Outcome evalQuietly(String code);

    /** The Java session, once it has started; null (after one error line) if it could not. */
    JavaSession session();

    /**
     * Asks the agent for {@code request}, with Ctrl-C stopping it: its result
     * ({@code Boolean.TRUE} for none), or null after one error line.
     */
    Object request(Request request, Object arg);

    /** True for a person at a terminal; false for a pipe or playback. */
    boolean interactive();

    /** The width to lay tables and charts out in. */
    int width();

    /** Whether charts may use Unicode block characters. */
    boolean unicode();

    /** Lesson Markdown as this console shows it: its width, its colours. */
    LessonText lessonText();
}
