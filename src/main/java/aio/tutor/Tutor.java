package aio.tutor;

import java.util.List;
import java.util.Optional;

/**
 * The lessons in the console: {@code :lessons}, {@code :lesson}, {@code :next}, {@code :back},
 * {@code :run}, {@code :hint}, {@code :check}. It shows one step at a time (its prose, then
 * its code), runs a step when asked, gives the exercise's hints one by one, and checks the
 * learner's solution by running the lesson's check in their own session. Where the learner is
 * and what they finished is saved after every move ({@link Progress}).
 */
final class Tutor {
    private final Console console;
    private final java.util.function.Supplier<LessonLibrary> load;
    private LessonLibrary library;
    private final Progress progress;
    private Lesson lesson;
    private int step;
    private int hintsShown;

    /** @param load reads the lessons: called once, when they are first needed (not before the first prompt) */
    Tutor(Console console, java.util.function.Supplier<LessonLibrary> load, Progress progress) {
        this.console = console;
        this.load = load;
        this.progress = progress;
    }

    /**
     * Reads the lessons the first time, says which files were skipped (one line each), and puts
     * the learner where they stopped.
     */
    private synchronized LessonLibrary library() {
        if (library == null) {
            library = load.get();
            for (String problem : library.problems()) {
                console.print(Style.ERROR, "skipped a lesson: " + problem + " (the others are available)");
            }
            if (progress.lesson() > 0) {
                library.find(String.valueOf(progress.lesson())).ifPresent(l -> {
                    lesson = l;
                    step = Math.min(progress.step(), l.steps().size() - 1);
                });
            }
        }
        return library;
    }

    /** The first words of an interactive session: where to start, or where the learner was. */
    String greeting() {
        if (library().isEmpty()) {
            return library().noLessons();
        }
        if (lesson == null) {
            return "New here? :lesson 1 starts the course (" + library().all().size() + " lessons).";
        }
        return "Welcome back: lesson " + lesson.heading() + ", step " + (step + 1)
                + " of " + lesson.steps().size() + ". :run runs it, :next goes on, :lessons lists them all.";
    }

    List<String> lessonNames() {
        return library().all().stream().map(Lesson::name).toList();
    }

    boolean lessons(String args) {
        if (library().isEmpty()) {
            return console.fail(library().noLessons());
        }
        for (Lesson l : library().all()) {
            String mark = (lesson != null && lesson.number() == l.number() ? "▶" : " ") + (progress.finished(l.number()) ? "✓" : " ");
            console.print(Style.PLAIN, String.format(" %s %2d. %s", mark, l.number(), l.title()));
        }
        console.print(Style.INFO, ":lesson N opens one; ▶ marks where you are, ✓ the lessons whose exercise you solved.");
        return true;
    }

    boolean open(String args) {
        if (args.isBlank()) {
            return console.fail("usage: :lesson N|name (see :lessons)");
        }
        Optional<Lesson> l = library().find(args);
        if (l.isEmpty()) {
            return console.fail("no lesson " + args.strip() + " (see :lessons)");
        }
        moveTo(l.get(), 0);
        return true;
    }

    boolean next(String args) {
        library(); // also puts the learner where they stopped
        if (lesson == null) {
            return library().isEmpty() ? console.fail(library().noLessons()) : open("1");
        }
        if (step + 1 < lesson.steps().size()) {
            moveTo(lesson, step + 1);
            return true;
        }
        Optional<Lesson> after = library().after(lesson);
        if (after.isEmpty()) {
            console.print(Style.NOTE, "That was the last lesson. Well done!");
            return true;
        }
        moveTo(after.get(), 0);
        return true;
    }

    boolean back(String args) {
        library(); // also puts the learner where they stopped
        if (lesson == null) {
            return console.fail("no lesson open (:lesson 1 starts)");
        }
        if (step == 0) {
            return console.fail("this is the first step of the lesson");
        }
        moveTo(lesson, step - 1);
        return true;
    }

    /** Runs the current step's code as if the learner had typed it. */
    boolean run(String args) {
        library(); // also puts the learner where they stopped
        if (lesson == null) {
            return console.fail("no lesson open (:lesson 1 starts)");
        }
        Lesson.Step s = lesson.steps().get(step);
        return switch (s.kind()) {
            case JAVA -> console.java(s.code());
            case CONSOLE -> runCommands(s.code());
            case EXERCISE -> console.fail("this step is the exercise: write your solution at the prompt, then :check");
            case PROSE -> console.fail("this step has nothing to run: :next goes on");
        };
    }

    private boolean runCommands(String code) {
        boolean ok = true;
        for (String line : code.lines().map(String::strip).filter(x -> !x.isEmpty()).toList()) {
            ok &= console.command(line);
        }
        return ok;
    }

    /** The next hint of the lesson's exercise, each more specific than the last. */
    boolean hint(String args) {
        library(); // also puts the learner where they stopped
        Lesson.Exercise ex = lesson == null ? null : lesson.exercise();
        if (ex == null) {
            return console.fail(lesson == null ? "no lesson open (:lesson 1 starts)" : "this lesson has no exercise");
        }
        if (ex.hints().isEmpty()) {
            console.print(Style.INFO, "no hints for this one: read the exercise again, slowly");
            return true;
        }
        int k = Math.min(hintsShown, ex.hints().size() - 1);
        console.print(Style.HEADING, "Hint " + (k + 1) + " of " + ex.hints().size() + ":");
        ex.hints().get(k).lines().forEach(line -> console.print(Style.PLAIN, "  " + line));
        hintsShown = k + 1;
        return true;
    }

    /** Runs the exercise's check in the learner's session: ✓, or what is not right yet. */
    boolean check(String args) {
        library(); // also puts the learner where they stopped
        Lesson.Exercise ex = lesson == null ? null : lesson.exercise();
        if (ex == null) {
            return console.fail(lesson == null ? "no lesson open (:lesson 1 starts)" : "this lesson has no exercise");
        }
        declarePrerequisites(true);
        JavaSession.Outcome o = console.runCheck(lesson);
        if (o == null) {
            return false;
        }
        if (!o.failed()) {
            progress.finish(lesson.number());
            save();
            console.print(Style.NOTE, "✓ Solved: lesson " + lesson.number() + " is done. :next goes on.");
            return true;
        }
        console.print(Style.ERROR, "✗ Not yet: " + reason(o.lines()));
        return false;
    }

    /** Why a check failed, in one line: the check's own message, or the first error. */
    static String reason(List<JavaSession.Line> lines) {
        for (JavaSession.Line l : lines) {
            String t = l.text();
            int at = t.indexOf("Check$Failed: ");
            if (at >= 0) {
                return t.substring(at + "Check$Failed: ".length());
            }
        }
        return lines.stream().filter(l -> l.kind() == JavaSession.Line.Kind.ERROR).map(JavaSession.Line::text)
                .findFirst().orElse("the check failed");
    }

    private void moveTo(Lesson l, int stepIndex) {
        if (lesson == null || lesson.number() != l.number()) {
            hintsShown = 0;
        }
        lesson = l;
        step = stepIndex;
        progress.at(l.number(), stepIndex);
        if (l.steps().get(stepIndex).kind() == Lesson.Kind.EXERCISE) {
            declarePrerequisites(false);
        }
        if (l.steps().get(stepIndex).kind() == Lesson.Kind.PROSE && stepIndex == l.steps().size() - 1
                && l.exercise() == null) {
            progress.finish(l.number()); // read to the end of a lesson without an exercise
        }
        save();
        show();
    }

    /**
     * Declares again, quietly, what the exercise builds on (the lesson's methods, classes and
     * variables before it) when the session lacks it: a learner who comes back after a break,
     * reset, or skipped the steps with :next could not solve it otherwise. Steps that also run
     * something are left alone.
     */
    private void declarePrerequisites(boolean evenBeforeTheExercise) {
        declarePrerequisites(console::lacks, console::evalQuietly, evenBeforeTheExercise);
    }

    /**
     * @param evenBeforeTheExercise also when the learner is not at the exercise yet (:check:
     *                              they are trying it); otherwise the steps before it are
     *                              theirs to run
     */
    private synchronized void declarePrerequisites(java.util.function.Predicate<String> lacks,
            java.util.function.Consumer<String> declare, boolean evenBeforeTheExercise) {
        if (lesson == null || step < 0 || lesson.steps().stream().noneMatch(s -> s.kind() == Lesson.Kind.EXERCISE)) {
            return;
        }
        int exercise = lesson.steps().indexOf(lesson.steps().stream().filter(s -> s.kind() == Lesson.Kind.EXERCISE).findFirst().orElseThrow());
        if (step < exercise && !evenBeforeTheExercise) {
            return;
        }
        for (Lesson.Step s : lesson.steps().subList(0, exercise)) {
            if (s.kind() == Lesson.Kind.JAVA && lacks.test(s.code())) {
                declare.accept(s.code());
            }
        }
    }

    /**
     * A new session (the console starts, or :reset): a learner who resumes at an exercise, or
     * past it, gets what it builds on, before their first input runs.
     */
    void sessionStarted(JavaSession session) {
        library(); // where the learner stopped
        declarePrerequisites(session::declaresWhatIsMissing, session::eval, false);
    }

    private void save() {
        String problem = progress.save();
        if (problem != null) {
            console.print(Style.ERROR, problem);
        }
    }

    /** Prints the current step: where it is, its prose, its code, what to do next. */
    private void show() {
        Lesson.Step s = lesson.steps().get(step);
        console.print(Style.PLAIN, "");
        console.print(Style.HEADING, "Lesson " + lesson.heading() + " · step " + (step + 1) + " of " + lesson.steps().size());
        for (String line : s.prose().lines().toList()) {
            console.print(line.startsWith("#") ? Style.HEADING : Style.PLAIN, line.startsWith("#") ? line.replaceFirst("^#+\\s*", "") : line);
        }
        switch (s.kind()) {
            case JAVA, CONSOLE -> {
                console.print(Style.PLAIN, "");
                s.code().lines().forEach(line -> console.print(Style.VALUE, "    " + line));
                console.print(Style.INFO, ":run runs it (or type it yourself) · :next goes on");
            }
            case EXERCISE -> {
                console.print(Style.HEADING, "Exercise:");
                s.code().lines().forEach(line -> console.print(Style.PLAIN, "  " + line));
                console.print(Style.INFO, "write your solution at the prompt · :hint helps · :check checks it");
            }
            case PROSE -> {
                boolean last = step == lesson.steps().size() - 1;
                if (last) {
                    console.print(Style.INFO, library().after(lesson).map(n -> "End of the lesson. :next opens lesson " + n.heading())
                            .orElse("End of the course."));
                }
            }
        }
    }
}
