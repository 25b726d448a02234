package tutor;

import java.util.List;

/**
 * One lesson, as read from {@code lessons/NN-name.md}: its steps in order and its exercise.
 *
 * @param number   NN
 * @param slug     the file name without number and extension ("sleep-and-concurrency")
 * @param title    the first "# " heading
 * @param file     where it came from, for messages ("lessons/03-sleep-and-concurrency.md")
 * @param realTime played on the real clock ({@code <!-- clock: real -->})
 * @param steps    the steps, in order; the exercise, if any, is one of them
 * @param exercise the exercise, or null
 */
record Lesson(int number, String slug, String title, String file, boolean realTime, List<Step> steps, Exercise exercise) {

    /** What a step runs. */
    enum Kind { JAVA, CONSOLE, EXERCISE, PROSE }

    /**
     * One step: the prose before it, and what it runs.
     *
     * @param prose    the Markdown text before the block, trimmed
     * @param kind     Java, meta-commands, the exercise, or closing prose (the last two run nothing)
     * @param code     the block's text (for an exercise: the task, in prose)
     * @param expected the lines of its output block, or null when unchecked
     * @param line     the block's line in the file, for messages
     */
    record Step(String prose, Kind kind, String code, List<String> expected, int line) {
    }

    /**
     * The exercise: what to do, the hints in order, the check, the reference solution, and the
     * wrong solutions the check must reject.
     */
    record Exercise(String task, List<String> hints, String check, String solution, int line, List<Wrong> wrongs) {
    }

    /**
     * A plausible mistake (a hard-coded result, sequential instead of concurrent, a swallowed
     * cancellation): playback runs it, then the check, which must reject it.
     *
     * @param code     the wrong solution
     * @param verdict  the lines the check must answer with ({@code ✗ Not yet: ...}), or null when unchecked
     * @param line     the block's line in the file, for messages
     */
    record Wrong(String code, List<String> verdict, int line) {
    }

    /** "3. Sleep and concurrency" */
    String heading() {
        return number + ". " + title;
    }

    /** "03-sleep-and-concurrency": the name :lesson accepts besides the number. */
    String name() {
        return String.format("%02d-%s", number, slug);
    }
}
