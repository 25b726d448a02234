package tutor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a lesson's Markdown (the format is in {@code lessons/README.md}): fenced {@code java}
 * and {@code console} blocks are steps, an {@code output} block right after a step is its
 * expected output, {@code exercise}, {@code hint}, {@code check} and {@code solution} blocks
 * make the exercise, and everything else is prose. Errors name the file and line.
 */
final class LessonParser {
    private static final Pattern FILE_NAME = Pattern.compile("(\\d{2})-([a-z0-9-]+)\\.md");
    private static final Pattern FENCE = Pattern.compile("^(`{3,}|~{3,})\\s*([\\w-]*)\\s*$");
    private static final Pattern SETTING = Pattern.compile("<!--\\s*clock:\\s*(real|virtual)\\s*-->");

    /** A lesson file that does not follow the format. */
    static final class BadLesson extends RuntimeException {
        BadLesson(String file, int line, String message) {
            super(file + ":" + line + ": " + message);
        }
    }

    private LessonParser() {
    }

    /** True for a file name such as "03-sleep-and-concurrency.md". */
    static boolean isLessonFile(String fileName) {
        return FILE_NAME.matcher(fileName).matches();
    }

    static Lesson parse(String fileName, String label, String text) {
        Matcher name = FILE_NAME.matcher(fileName);
        if (!name.matches()) {
            throw new BadLesson(label, 1, Messages.get("lesson-file.name"));
        }
        List<String> lines = text.lines().toList();
        String title = null;
        boolean realTime = false;
        List<Lesson.Step> steps = new ArrayList<>();
        StringBuilder prose = new StringBuilder();
        List<Lesson.Exercise> exercises = new ArrayList<>();
        ExerciseDraft draft = null; // the exercise the hint, check, solution and wrong blocks that follow belong to
        boolean lastWasStep = false;
        boolean lastWasWrong = false;

        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            if (!fence.matches()) {
                if (title == null && line.startsWith("# ")) {
                    title = line.substring(2).strip();
                    continue;
                }
                Matcher setting = SETTING.matcher(line);
                if (setting.find()) {
                    realTime = setting.group(1).equals("real");
                    continue;
                }
                prose.append(line).append('\n');
                if (!line.isBlank()) {
                    lastWasStep = false;
                    lastWasWrong = false;
                }
                continue;
            }
            int start = i + 1;
            String marker = fence.group(1);
            String lang = fence.group(2);
            int end = start;
            while (end < lines.size() && !lines.get(end).strip().equals(marker)) {
                end++;
            }
            if (end >= lines.size()) {
                throw new BadLesson(label, i + 1, Messages.get("lesson-file.unclosed"));
            }
            String body = String.join("\n", lines.subList(start, end));
            int at = i + 1;
            i = end;
            boolean afterWrong = lastWasWrong;
            lastWasWrong = false;
            switch (lang) {
                case "java", "console" -> {
                    steps.add(new Lesson.Step(cleanProse(prose), lang.equals("java") ? Lesson.Kind.JAVA : Lesson.Kind.CONSOLE,
                            body, null, at));
                    prose.setLength(0);
                    lastWasStep = true;
                }
                case "output" -> {
                    if (afterWrong && draft.wrongs.get(draft.wrongs.size() - 1).verdict() == null) {
                        Lesson.Wrong w = draft.wrongs.remove(draft.wrongs.size() - 1);
                        draft.wrongs.add(new Lesson.Wrong(w.code(), List.copyOf(lines.subList(start, end)), w.line()));
                        continue;
                    }
                    if (!lastWasStep || steps.isEmpty() || steps.get(steps.size() - 1).expected() != null) {
                        throw new BadLesson(label, at, Messages.get("lesson-file.output-alone"));
                    }
                    Lesson.Step s = steps.remove(steps.size() - 1);
                    steps.add(new Lesson.Step(s.prose(), s.kind(), s.code(), List.copyOf(lines.subList(start, end)), s.line()));
                    lastWasStep = false;
                }
                case "exercise" -> {
                    if (draft != null) {
                        exercises.add(draft.finish(label, exercises.size() + 1));
                    }
                    draft = new ExerciseDraft(body, at);
                    steps.add(new Lesson.Step(cleanProse(prose), Lesson.Kind.EXERCISE, body, null, at));
                    prose.setLength(0);
                    lastWasStep = false;
                }
                case "hint" -> need(draft, label, at).hints.add(body.strip());
                case "wrong" -> {
                    need(draft, label, at).wrongs.add(new Lesson.Wrong(body, null, at));
                    lastWasWrong = true;
                    lastWasStep = false;
                    continue;
                }
                case "check" -> {
                    if (need(draft, label, at).check != null) {
                        throw new BadLesson(label, at, Messages.get("lesson-file.two-checks"));
                    }
                    draft.check = body;
                }
                case "solution" -> {
                    if (need(draft, label, at).solution != null) {
                        throw new BadLesson(label, at, Messages.get("lesson-file.two-solutions"));
                    }
                    draft.solution = body;
                }
                default -> {
                    // any other fence is prose: shown as it is, never run
                    prose.append(line(lines, at - 1)).append('\n').append(body).append('\n').append(marker).append('\n');
                    lastWasStep = false;
                }
            }
        }
        if (title == null) {
            throw new BadLesson(label, 1, Messages.get("lesson-file.no-title"));
        }
        if (draft != null) {
            exercises.add(draft.finish(label, exercises.size() + 1));
        }
        if (!prose.toString().isBlank()) {
            // closing words after the last block: a last step that only shows them
            steps.add(new Lesson.Step(cleanProse(prose), Lesson.Kind.PROSE, "", null, lines.size()));
        }
        return new Lesson(Integer.parseInt(name.group(1)), name.group(2), title, label, realTime, List.copyOf(steps), List.copyOf(exercises));
    }

    /** An exercise being read: its blocks come one by one after its exercise block. */
    private static final class ExerciseDraft {
        final String task;
        final int line;
        final List<String> hints = new ArrayList<>();
        final List<Lesson.Wrong> wrongs = new ArrayList<>();
        String check;
        String solution;

        ExerciseDraft(String task, int line) {
            this.task = task;
            this.line = line;
        }

        Lesson.Exercise finish(String label, int number) {
            if (check == null || solution == null) {
                throw new BadLesson(label, line, Messages.get("lesson-file.exercise-incomplete"));
            }
            return new Lesson.Exercise(number, task, List.copyOf(hints), check, solution, line, List.copyOf(wrongs));
        }
    }

    /** The exercise a hint, check, solution or wrong block at {@code at} belongs to; there must be one. */
    private static ExerciseDraft need(ExerciseDraft draft, String label, int at) {
        if (draft == null) {
            throw new BadLesson(label, at, Messages.get("lesson-file.no-exercise"));
        }
        return draft;
    }

    private static String line(List<String> lines, int index) {
        return lines.get(index);
    }

    /** Prose without the details/summary tags that fold solutions on the web page. */
    private static String cleanProse(StringBuilder prose) {
        return prose.toString().replaceAll("</?details>|<summary>.*?</summary>", "")
                .replaceAll("\n{3,}", "\n\n").strip();
    }
}
