package tutor;

import java.util.List;

/**
 * One lesson, as read from {@code lessons/NN-name.md}: its steps in order and its exercises.
 *
 * @param number   NN
 * @param slug     the file name without number and extension ("sleep-and-concurrency")
 * @param title    the first "# " heading
 * @param file     where it came from, for messages ("lessons/03-sleep-and-concurrency.md")
 * @param realTime played on the real clock ({@code <!-- clock: real -->})
 * @param steps     the steps, in order; each exercise is one of them
 * @param exercises the exercises, in order (possibly none)
 */
record Lesson(int number, String slug, String title, String file, boolean realTime, List<Step> steps, List<Exercise> exercises) {

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
     * An exercise: what to do, the hints in order, the check, the reference solution, and the
     * wrong solutions the check must reject.
     *
     * @param number its number in the lesson, from 1
     * @param line   its block's line in the file: its step's line too
     */
    record Exercise(int number, String task, List<String> hints, String check, String solution, int line, List<Wrong> wrongs) {
    }

    /**
     * The exercise a learner at step {@code stepIndex} is working on: the last one at or before
     * it, or the first one when none is yet (a learner may try it early); null in a lesson
     * without exercises.
     */
    Exercise exerciseAt(int stepIndex) {
        Exercise at = exercises.isEmpty() ? null : exercises.get(0);
        for (int i = 0; i <= stepIndex && i < steps.size(); i++) {
            if (steps.get(i).kind() == Kind.EXERCISE) {
                at = exerciseOf(steps.get(i));
            }
        }
        return at;
    }

    /** The exercise an EXERCISE step shows. */
    Exercise exerciseOf(Step step) {
        return exercises.stream().filter(e -> e.line() == step.line()).findFirst().orElseThrow();
    }

    /** The index of an exercise's step. */
    int stepOf(Exercise exercise) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).kind() == Kind.EXERCISE && steps.get(i).line() == exercise.line()) {
                return i;
            }
        }
        throw new IllegalArgumentException("no step for exercise " + exercise.number());
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
