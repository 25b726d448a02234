package tutor;

import java.util.List;
import java.util.Optional;

/**
 * The lessons in the console: {@code :lessons}, {@code :lesson}, {@code :next}, {@code :back},
 * {@code :run}, {@code :hint}, {@code :check}. It shows one step at a time (its prose, then
 * its code), runs a step when asked, gives the exercise's hints one by one, and checks the
 * learner's solution by running the lesson's check in their own session. Where the learner is
 * and what they finished is saved after every move ({@link Progress}).
 */
final class Tutor implements CommandFamily {
    private final CommandContext console;
    private final java.util.function.Supplier<LessonLibrary> load;
    private LessonLibrary library;
    private final Progress progress;
    /** Playback: the session's loop is on the virtual clock already, checks run on it. */
    private final boolean playback;
    private Lesson lesson;
    private int step;
    private int hintsShown;

    /** @param load reads the lessons: called once, when they are first needed (not before the first prompt) */
    Tutor(CommandContext console, java.util.function.Supplier<LessonLibrary> load, Progress progress, boolean playback) {
        this.console = console;
        this.load = load;
        this.progress = progress;
        this.playback = playback;
    }

    @Override
    public void register(MetaCommands commands) {
        commands.add(":lessons", "list the lessons (▶ where you are, ✓ solved)",
                "Lists the course's lessons; ▶ marks the one you are in, ✓ those whose exercise you solved.", this::lessons);
        commands.add(":lesson N|name", "open a lesson at its first step", """
                Opens a lesson by number (:lesson 3) or by a word of its name (:lesson gather) and shows
                its first step. The console remembers where you are, across restarts.""", this::open);
        commands.add(":next", "show the next step (at the end: the next lesson)", "Shows the next step: its text and its code.", this::next);
        commands.add(":back", "show the previous step", "Shows the previous step again.", this::back);
        commands.add(":run", "run the current step's code", """
                Runs the code of the step on screen, exactly as if you had typed it. Typing it yourself
                (and changing it) is even better.""", this::run);
        commands.add(":hint", "a hint for the exercise (ask again for a stronger one)", """
                Shows a hint for the lesson's exercise; each :hint shows the next, more specific one.""", this::hint);
        commands.add(":check", "check your solution to the exercise", """
                Runs the lesson's check against what you declared in this session: it calls your methods,
                awaits your tasks and looks at what they did, then says ✓ or what is not right yet. It
                runs on a virtual clock of its own (sleeps take no time) unless the lesson needs real
                time, gives up on code that never finishes, and leaves no task of yours running.""", this::check);
    }

    /** True when a lesson is open (read from the progress if need be); otherwise one error line. */
    private boolean lessonOpen() {
        library(); // also puts the learner where they stopped
        return lesson != null || console.fail("no lesson open (:lesson 1 starts)");
    }

    /** The open lesson's exercise, or null after one error line. */
    private Lesson.Exercise exercise() {
        if (!lessonOpen()) {
            return null;
        }
        if (lesson.exercise() == null) {
            console.fail("this lesson has no exercise");
        }
        return lesson.exercise();
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
        if (!lessonOpen()) {
            return false;
        }
        if (step == 0) {
            return console.fail("this is the first step of the lesson");
        }
        moveTo(lesson, step - 1);
        return true;
    }

    /** Runs the current step's code as if the learner had typed it. */
    boolean run(String args) {
        if (!lessonOpen()) {
            return false;
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
        Lesson.Exercise ex = exercise();
        if (ex == null) {
            return false;
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
        if (exercise() == null) {
            return false;
        }
        declarePrerequisites(true);
        // A check still going after a second says so: it runs the learner's code.
        java.util.concurrent.ScheduledFuture<?> note = console.interactive()
                ? CHECKING.schedule(() -> console.print(Style.INFO, "checking… (Ctrl-C stops the check)"), 1, java.util.concurrent.TimeUnit.SECONDS)
                : null;
        JavaSession.Outcome o;
        try {
            o = console.evalQuietly(checkCode(lesson, !playback && !lesson.realTime()));
        } finally {
            if (note != null) {
                note.cancel(false);
            }
        }
        if (o == null) {
            return false;
        }
        if (!o.failed()) {
            progress.finish(lesson.number());
            save();
            console.print(Style.NOTE, "✓ Solved: lesson " + lesson.number() + " is done. :next goes on.");
            return true;
        }
        console.print(Style.ERROR, "✗ Not yet: " + reason(o));
        return false;
    }

    /** Says "checking…" when a check takes a while. */
    private static final java.util.concurrent.ScheduledExecutorService CHECKING =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                    .name("aio-tutor-checking").unstarted(r));

    /**
     * A lesson's check as Java to run in the learner's session, through {@link Check#run}: on a
     * virtual clock of its own ({@code ownClock}: it answers at once, however long the sleeps it
     * waits out), or on the session's loop (lessons that need real time; playback, whose loop
     * is on a virtual clock already).
     */
    static String checkCode(Lesson lesson, boolean ownClock) {
        return "Check.run(" + ownClock + ", () -> {\n" + lesson.exercise().check() + "\n});";
    }

    /** Why a check failed, in one line: the check's own message, or the first error. */
    static String reason(JavaSession.Outcome o) {
        if (o.failure() != null && o.failure().type().equals(Check.Failed.class.getName())) {
            return o.failure().message();
        }
        return o.lines().stream().filter(l -> l.kind() == JavaSession.Line.Kind.ERROR).map(JavaSession.Line::text)
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
        JavaSession s = console.session();
        if (s != null) {
            declarePrerequisites(s::declaresWhatIsMissing, console::evalQuietly, evenBeforeTheExercise);
        }
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
        if (lesson == null && progress.lesson() == 0) {
            return; // no lesson open: nothing to declare, and no lessons to read before the first answer
        }
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
