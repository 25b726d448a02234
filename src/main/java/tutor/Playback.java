package tutor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --play LESSON|all [--check] [--seed N]}: plays lessons in a fresh console each, with no
 * terminal, as the lessons/README.md describes. Without --check it prints the transcript (each
 * step's input after {@code aio> }, then what it printed); with --check it compares each step
 * with its output block, runs the exercise's solution and check, and prints one line a lesson
 * plus a diff for each step that differs.
 */
final class Playback {
    static final long DEFAULT_SEED = 42;

    /** What playing one lesson found. */
    record Result(Lesson lesson, int steps, List<String> failures) {
        boolean passed() {
            return failures.isEmpty();
        }
    }

    /** Collects what the console prints, step by step. */
    private static final class RecordingIO implements ConsoleIO {
        private final List<String> lines = new ArrayList<>();

        synchronized List<String> take() {
            List<String> taken = List.copyOf(lines);
            lines.clear();
            return taken;
        }

        @Override
        public String read() {
            return null;
        }

        @Override
        public synchronized void print(Style style, String text) {
            lines.add(text);
        }

    }

    private Playback() {
    }

    /** Plays one lesson; the transcript goes to {@code transcript} (null: none). */
    static Result play(Lesson lesson, long seed, PrintStream transcript) {
        return play(lesson, seed, transcript, LessonLibrary.folder());
    }

    /** {@link #play(Lesson, long, PrintStream)} with the console's lessons read from {@code lessonsDir}. */
    static Result play(Lesson lesson, long seed, PrintStream transcript, java.nio.file.Path lessonsDir) {
        RecordingIO io = new RecordingIO();
        List<String> failures = new ArrayList<>();
        int n = 0;
        try (Console console = new Console(c -> io, Console.Settings.playback(!lesson.realTime(), seed).lessons(lessonsDir))) {
            show(transcript, "== " + lesson.file() + ": " + lesson.heading());
            for (Lesson.Step step : lesson.steps()) {
                n++;
                switch (step.kind()) {
                    case JAVA -> {
                        echo(transcript, step.code());
                        console.execute(step.code());
                        compare(lesson, n, step, io.take(), transcript, failures);
                    }
                    case CONSOLE -> {
                        List<String> printed = new ArrayList<>();
                        for (String line : step.code().lines().map(String::strip).filter(x -> !x.isEmpty()).toList()) {
                            echo(transcript, line);
                            console.execute(line);
                            List<String> out = io.take();
                            out.forEach(l -> show(transcript, l));
                            printed.addAll(out);
                        }
                        compare(lesson, n, step, printed, null, failures);
                    }
                    case EXERCISE -> exercise(lesson, lesson.exerciseOf(step), n, console, io, transcript, failures);
                    case PROSE -> { }
                }
            }
        }
        return new Result(lesson, n, failures);
    }

    /**
     * The exercise: each wrong solution runs, then the check, which must reject it (with the
     * verdict its output block gives); then the reference solution, and the check must pass.
     */
    private static void exercise(Lesson lesson, Lesson.Exercise ex, int n, Console console, RecordingIO io, PrintStream transcript,
            List<String> failures) {
        for (Lesson.Wrong wrong : ex.wrongs()) {
            show(transcript, Messages.get("play.wrong-solution", wrong.line()));
            echo(transcript, wrong.code());
            console.java(wrong.code());
            io.take().forEach(l -> show(transcript, l));
            JavaSession.Outcome o = console.evalQuietly(Tutor.checkCode(ex, false));
            io.take().forEach(l -> show(transcript, l));
            if (o == null) {
                failures.add(Messages.get("play.java-unavailable", where(lesson, n, wrong.line())));
                continue;
            }
            if (!o.failed()) {
                failures.add(Messages.get("play.wrong-accepted", where(lesson, n, wrong.line())));
                show(transcript, Messages.get("play.solved-wrongly"));
                continue;
            }
            List<String> verdict = Tutor.verdict(o);
            verdict.forEach(l -> show(transcript, l));
            if (wrong.verdict() != null && !OutputMatcher.matches(wrong.verdict(), verdict)) {
                StringBuilder b = new StringBuilder(Messages.get("play.wrong-verdict", where(lesson, n, wrong.line())));
                for (String d : OutputMatcher.diff(wrong.verdict(), verdict)) {
                    b.append('\n').append("    ").append(d);
                }
                failures.add(b.toString());
            }
        }
        show(transcript, Messages.get("play.solution"));
        echo(transcript, ex.solution());
        boolean solved = console.java(ex.solution());
        io.take().forEach(l -> show(transcript, l));
        if (!solved) {
            failures.add(Messages.get("play.solution-failed", where(lesson, n, ex.line())));
            return;
        }
        JavaSession.Outcome o = console.evalQuietly(Tutor.checkCode(ex, false));
        io.take().forEach(l -> show(transcript, l));
        if (o == null || o.failed()) {
            String why = o == null ? Messages.get("play.no-jshell") : Tutor.reason(o);
            failures.add(Messages.get("play.solution-rejected", where(lesson, n, ex.line()), why));
            show(transcript, Messages.get("check.not-yet", why));
        } else {
            show(transcript, Messages.get("play.solved"));
        }
    }

    private static void compare(Lesson lesson, int n, Lesson.Step step, List<String> printed, PrintStream transcript,
            List<String> failures) {
        if (transcript != null) {
            printed.forEach(transcript::println);
        }
        if (step.expected() != null && !OutputMatcher.matches(step.expected(), printed)) {
            StringBuilder b = new StringBuilder(Messages.get("play.output-differs", where(lesson, n, step.line())));
            for (String d : OutputMatcher.diff(step.expected(), printed)) {
                b.append('\n').append("    ").append(d);
            }
            failures.add(b.toString());
        }
    }

    static String where(Lesson lesson, int step, int line) {
        return Messages.get("play.where", lesson.file(), line, step);
    }

    private static void echo(PrintStream transcript, String code) {
        if (transcript == null) {
            return;
        }
        List<String> lines = code.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            transcript.println((i == 0 ? "aio> " : "...> ") + lines.get(i));
        }
    }

    private static void show(PrintStream transcript, String line) {
        if (transcript != null) {
            transcript.println(line);
        }
    }

    /**
     * The --play mode. Returns 0 when every lesson played (and, with --check, matched), 1 when
     * one did not, 64 for bad arguments, 65 for a malformed lesson file, 69 with no lessons.
     */
    static int main(String[] args, PrintStream out, PrintStream err) {
        String which = null;
        boolean check = false;
        long seed = DEFAULT_SEED;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--check" -> check = true;
                case "--seed" -> {
                    if (i + 1 >= args.length || !args[i + 1].matches("-?\\d{1,18}")) {
                        err.println(Main.PROGRAM + ": " + Messages.get("play.seed-needs-number"));
                        return Main.EX_USAGE;
                    }
                    seed = Long.parseLong(args[++i]);
                }
                default -> {
                    if (which != null || args[i].startsWith("-")) {
                        err.println(Main.PROGRAM + ": " + Messages.get("play.usage"));
                        return Main.EX_USAGE;
                    }
                    which = args[i];
                }
            }
        }
        if (which == null) {
            err.println(Main.PROGRAM + ": " + Messages.get("play.usage"));
            return Main.EX_USAGE;
        }
        LessonLibrary library = LessonLibrary.load(LessonLibrary.folder(), Language.of(Messages.locale()));
        if (!library.problems().isEmpty()) {
            library.problems().forEach(problem -> err.println(Main.PROGRAM + ": " + problem));
            return Main.EX_DATAERR;
        }
        if (library.isEmpty()) {
            err.println(Main.PROGRAM + ": " + library.noLessons());
            return Main.EX_UNAVAILABLE;
        }
        List<Lesson> lessons;
        if (which.equals("all")) {
            lessons = library.all();
        } else {
            var one = library.find(which);
            if (one.isEmpty()) {
                err.println(Main.PROGRAM + ": " + Messages.get("play.no-lesson", which));
                return Main.EX_USAGE;
            }
            lessons = List.of(one.get());
        }
        int failed = 0;
        for (Lesson lesson : lessons) {
            if (out.checkError()) {
                return Main.EX_OK; // nobody reads the transcript any more (| head): stop quietly
            }
            Result r = play(lesson, seed, check ? null : out);
            if (check) {
                out.println(r.passed() ? Messages.get("play.lesson.passed", lesson.name(), r.steps())
                        : Messages.get("play.lesson.failed", lesson.name(), r.steps(), r.failures().size()));
            }
            for (String f : r.failures()) {
                err.println(f);
            }
            if (!r.passed()) {
                failed++;
            }
        }
        if (check && lessons.size() > 1) {
            out.println(failed == 0 ? Messages.get("play.all-pass", lessons.size())
                    : Messages.get("play.some-fail", failed, lessons.size()));
        }
        return failed == 0 ? Main.EX_OK : 1;
    }
}
