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
        commands.add(":lessons", Messages.get("help.lessons.summary"),
                Messages.get("help.lessons.text"), this::lessons);
        commands.add(":lesson " + Messages.get("help.lesson.args"), Messages.get("help.lesson.summary"),
                Messages.get("help.lesson.text"), this::open);
        commands.add(":next", Messages.get("help.next.summary"),
                Messages.get("help.next.text"), this::next);
        commands.add(":back", Messages.get("help.back.summary"),
                Messages.get("help.back.text"), this::back);
        commands.add(":run", Messages.get("help.run.summary"),
                Messages.get("help.run.text"), this::run);
        commands.add(":hint", Messages.get("help.hint.summary"),
                Messages.get("help.hint.text"), this::hint);
        commands.add(":check", Messages.get("help.check.summary"),
                Messages.get("help.check.text"), this::check);
    }

    /** True when a lesson is open (read from the progress if need be); otherwise one error line. */
    private boolean lessonOpen() {
        library(); // also puts the learner where they stopped
        return lesson != null || console.fail(Messages.get("lesson.none-open"));
    }

    /**
     * The exercise the learner is at (the last one at or before the current step: see
     * {@link Lesson#exerciseAt}), or null after one error line.
     */
    private Lesson.Exercise exercise() {
        if (!lessonOpen()) {
            return null;
        }
        Lesson.Exercise ex = lesson.exerciseAt(step);
        if (ex == null) {
            console.fail(Messages.get("lesson.no-exercise"));
            return null;
        }
        if (hintsFor != ex.line()) { // hints count up per exercise
            hintsFor = ex.line();
            hintsShown = 0;
        }
        return ex;
    }

    /** The exercise the learner is at, or null (no lesson open, or none in it); says nothing. */
    Lesson.Exercise currentExercise() {
        library();
        return lesson == null ? null : lesson.exerciseAt(step);
    }

    /** The exercise {@link #hintsShown} counts for (its line). */
    private int hintsFor = -1;

    /**
     * Reads the lessons the first time, says which files were skipped (one line each), and puts
     * the learner where they stopped.
     */
    private synchronized LessonLibrary library() {
        if (library == null) {
            library = load.get();
            for (String problem : library.problems()) {
                console.print(Style.ERROR, Messages.get("lessons.skipped", problem));
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

    /**
     * After {@code :lang}: remembers the choice with the progress and reads the lessons again in
     * that language; the learner stays at the lesson and step they were at (a translation has
     * the same steps).
     */
    synchronized void languageChanged(Language language) {
        progress.language(language);
        if (lesson != null) {
            progress.at(lesson.number(), step);
        }
        save();
        library = null;
        lesson = null;
        hintsFor = -1;
        library();
    }

    /** "3. Sleep and concurrency", the title's Markdown applied (or dropped, without colour). */
    private String heading(Lesson l) {
        return l.number() + ". " + console.lessonText().inline(l.title());
    }

    /** The first words of an interactive session: where to start, or where the learner was. */
    String greeting() {
        if (library().isEmpty()) {
            return library().noLessons();
        }
        if (lesson == null) {
            return Messages.get("greeting.new", library().all().size());
        }
        return Messages.get("greeting.back", heading(lesson), step + 1, lesson.steps().size());
    }

    /** False when no lessons could be read (then {@link #greeting()} says why). */
    boolean hasLessons() {
        return !library().isEmpty();
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
            console.print(Style.PLAIN, String.format(" %s %2d. %s", mark, l.number(), console.lessonText().inline(l.title())));
        }
        console.print(Style.INFO, Messages.get("lessons.footer"));
        return true;
    }

    boolean open(String args) {
        if (args.isBlank()) {
            return console.fail(Messages.get("lesson.usage"));
        }
        Optional<Lesson> l = library().find(args);
        if (l.isEmpty()) {
            return console.fail(Messages.get("lesson.not-found", args.strip()));
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
            console.print(Style.NOTE, Messages.get("lesson.last"));
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
            return console.fail(Messages.get("lesson.first-step"));
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
            case EXERCISE -> console.fail(Messages.get("run.exercise"));
            case PROSE -> console.fail(Messages.get("run.prose"));
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
            console.print(Style.INFO, Messages.get("hint.none"));
            return true;
        }
        int k = Math.min(hintsShown, ex.hints().size() - 1);
        console.print(Style.HEADING, Messages.get("hint.heading", k + 1, ex.hints().size()));
        console.lessonText().render(ex.hints().get(k), "  ").forEach(line -> console.print(Style.PLAIN, line));
        hintsShown = k + 1;
        return true;
    }

    /** Runs the exercise's check in the learner's session: ✓, or what is not right yet. */
    boolean check(String args) {
        Lesson.Exercise ex = exercise();
        if (ex == null) {
            return false;
        }
        declarePrerequisites(true);
        // A check still going after a second says so: it runs the learner's code.
        java.util.concurrent.ScheduledFuture<?> note = console.interactive()
                ? CHECKING.schedule(() -> console.print(Style.INFO, Messages.get("check.checking")),
                        1, java.util.concurrent.TimeUnit.SECONDS)
                : null;
        JavaSession.Outcome o;
        try {
            o = console.evalQuietly(checkCode(ex, !playback && !lesson.realTime()));
        } finally {
            if (note != null) {
                note.cancel(false);
            }
        }
        if (o == null) {
            return false;
        }
        if (!o.failed()) {
            int total = lesson.exercises().size();
            boolean done = progress.solve(lesson.number(), ex.number(), total);
            save();
            console.print(Style.NOTE, total == 1 ? Messages.get("check.solved", lesson.number())
                    : done ? Messages.get("check.solved.last", lesson.number(), ex.number(), total)
                    : Messages.get("check.solved.one", lesson.number(), ex.number(), total, progress.solvedIn(lesson.number())));
            return true;
        }
        for (String line : verdict(o)) {
            console.print(Style.ERROR, line);
        }
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
    static String checkCode(Lesson.Exercise exercise, boolean ownClock) {
        return "Check.run(" + ownClock + ", () -> {\n" + exercise.check() + "\n});";
    }

    /**
     * What a failed check says: "✗ Not yet: ..." for the first condition that failed, "✗ Also:
     * ..." for each other one ({@link Check} records them all).
     */
    static List<String> verdict(JavaSession.Outcome o) {
        List<String> reasons = reason(o).lines().toList();
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < reasons.size(); i++) {
            out.add(i == 0 ? Messages.get("check.not-yet", reasons.get(i)) : Messages.get("check.also", reasons.get(i)));
        }
        return out;
    }

    /** Why a check failed, in one line: the check's own message, or the first error. */
    static String reason(JavaSession.Outcome o) {
        if (o.failure() != null && o.failure().type().equals(Check.Failed.class.getName())) {
            return o.failure().message();
        }
        return o.lines().stream().filter(l -> l.kind() == JavaSession.Line.Kind.ERROR).map(JavaSession.Line::text)
                .findFirst().map(Tutor::undeclared).orElse(Messages.get("check.failed"));
    }

    private static final java.util.regex.Pattern UNDECLARED =
            java.util.regex.Pattern.compile("cannot find symbol: (method|class|variable) (\\S+)");

    /**
     * The compiler's "cannot find symbol: method breakfast()" from a check, said as what it
     * means to the learner: the check calls something they have not written yet. Any other
     * error as it is.
     */
    static String undeclared(String error) {
        java.util.regex.Matcher m = UNDECLARED.matcher(error);
        if (!m.find()) {
            return error;
        }
        return switch (m.group(1)) {
            case "method" -> Messages.get("check.undeclared.method", m.group(2));
            case "class" -> Messages.get("check.undeclared.class", m.group(2));
            default -> Messages.get("check.undeclared.variable", m.group(2));
        };
    }

    private void moveTo(Lesson l, int stepIndex) {
        lesson = l;
        step = stepIndex;
        progress.at(l.number(), stepIndex);
        if (l.steps().get(stepIndex).kind() == Lesson.Kind.EXERCISE) {
            declarePrerequisites(false);
        }
        if (l.steps().get(stepIndex).kind() == Lesson.Kind.PROSE && stepIndex == l.steps().size() - 1
                && l.exercises().isEmpty()) {
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
        Lesson.Exercise ex = lesson == null || step < 0 ? null : lesson.exerciseAt(step);
        if (ex == null) {
            return;
        }
        int exercise = lesson.stepOf(ex);
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
        LessonText md = console.lessonText();
        console.print(Style.HEADING, Messages.get("step.heading", heading(lesson), step + 1, lesson.steps().size()));
        md.render(s.prose()).forEach(line -> console.print(Style.PLAIN, line));
        switch (s.kind()) {
            case JAVA, CONSOLE -> {
                console.print(Style.PLAIN, "");
                md.code(s.code(), s.kind() == Lesson.Kind.JAVA ? "java" : "console").forEach(line -> console.print(Style.PLAIN, line));
                console.print(Style.INFO, Messages.get("step.run"));
            }
            case EXERCISE -> {
                Lesson.Exercise ex = lesson.exerciseOf(s);
                int total = lesson.exercises().size();
                String heading = total == 1 ? Messages.get("step.exercise") : Messages.get("step.exercise.numbered", ex.number(), total);
                console.print(Style.HEADING, progress.solved(lesson.number(), ex.number())
                        ? heading + " " + Messages.get("step.exercise.solved") : heading);
                md.render(s.code(), "  ").forEach(line -> console.print(Style.PLAIN, line));
                console.print(Style.INFO, Messages.get("step.exercise.what-now"));
            }
            case PROSE -> {
                boolean last = step == lesson.steps().size() - 1;
                if (last) {
                    console.print(Style.INFO, library().after(lesson).map(n -> Messages.get("step.end-of-lesson", heading(n)))
                            .orElse(Messages.get("step.end-of-course")));
                }
            }
        }
    }
}
