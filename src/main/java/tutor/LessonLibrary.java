package tutor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The lessons, read from the {@code lessons/} folder: run.sh names it with
 * {@code -Daio.tutor.lessons}; otherwise {@code ./lessons} is used (the tests run there).
 * A malformed lesson file is left out and recorded in {@link #problems()}: the console says so
 * and goes on with the others, {@code --play} refuses to start.
 */
final class LessonLibrary {
    private final Path dir;
    private final List<Lesson> lessons;
    private final List<String> problems;

    private LessonLibrary(Path dir, List<Lesson> lessons, List<String> problems) {
        this.dir = dir;
        this.lessons = lessons;
        this.problems = problems;
    }

    /** The lessons folder, as an absolute path; it may not exist (then there are no lessons: {@link #noLessons()} says so). */
    static Path folder() {
        String property = System.getProperty("aio.tutor.lessons");
        return (property != null && !property.isBlank() ? Path.of(property) : Path.of("lessons")).toAbsolutePath();
    }

    /**
     * The lessons in {@code language}: for Russian, those of {@code base/ru}, each in place of the
     * English lesson with its number (an English lesson not translated yet stays, in English);
     * for English, {@code base}'s. The translation keeps the English lesson's steps, so the
     * learner's place (lesson and step) means the same in both.
     */
    static LessonLibrary load(Path base, Language language) {
        Path translated = base == null || language == Language.EN ? null : base.resolve(language.tag);
        LessonLibrary english = load(base);
        if (translated == null || !Files.isDirectory(translated)) {
            return english;
        }
        LessonLibrary own = load(translated);
        java.util.Map<Integer, Lesson> byNumber = new java.util.TreeMap<>();
        english.lessons.forEach(l -> byNumber.put(l.number(), l));
        own.lessons.forEach(l -> byNumber.put(l.number(), l));
        List<String> problems = new ArrayList<>(english.problems);
        problems.addAll(own.problems);
        return new LessonLibrary(base, List.copyOf(byNumber.values()), List.copyOf(problems));
    }

    /**
     * Reads every NN-name.md in {@code dir}, in number order. Never fails: a malformed file (or a
     * folder that cannot be listed) is a line in {@link #problems()}; a missing folder, or null,
     * gives no lessons.
     */
    static LessonLibrary load(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return new LessonLibrary(dir, List.of(), List.of());
        }
        List<Lesson> lessons = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> LessonParser.isLessonFile(p.getFileName().toString())).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            return new LessonLibrary(dir, List.of(), List.of(Messages.get("lessons.cannot-list", dir, e.getMessage())));
        }
        for (Path f : files) {
            String label = dir.getFileName() + "/" + f.getFileName();
            try {
                lessons.add(LessonParser.parse(f.getFileName().toString(), label, Files.readString(f, StandardCharsets.UTF_8)));
            } catch (LessonParser.BadLesson e) {
                problems.add(e.getMessage());
            } catch (IOException | UncheckedIOException e) {
                problems.add(Messages.get("lessons.cannot-read", label, e.getMessage()));
            }
        }
        lessons.sort(Comparator.comparingInt(Lesson::number));
        return new LessonLibrary(dir, List.copyOf(lessons), List.copyOf(problems));
    }

    /**
     * What kept lessons out, one line each naming the file and what is wrong
     * ({@code lessons/03-x.md:12: the ``` block that starts here is never closed}); empty when none.
     */
    List<String> problems() {
        return problems;
    }

    /** Why there are no lessons, in one line that names where they were looked for. */
    String noLessons() {
        if (dir == null) {
            return Messages.get("lessons.no-folder-given");
        }
        Path where = dir.toAbsolutePath();
        return Files.isDirectory(where) ? Messages.get("lessons.none-in", where) : Messages.get("lessons.no-folder", where);
    }

    List<Lesson> all() {
        return lessons;
    }

    boolean isEmpty() {
        return lessons.isEmpty();
    }

    /** The lesson with this number ("3", "03"), full name ("03-sleep...") or a unique part of its name. */
    Optional<Lesson> find(String what) {
        String w = what.strip().toLowerCase(Locale.ROOT);
        if (w.matches("\\d+")) {
            int n = Integer.parseInt(w);
            return lessons.stream().filter(l -> l.number() == n).findFirst();
        }
        Optional<Lesson> exact = lessons.stream().filter(l -> l.name().equals(w) || l.slug().equals(w)).findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        List<Lesson> partial = lessons.stream()
                .filter(l -> l.slug().contains(w) || l.title().toLowerCase(Locale.ROOT).contains(w)).toList();
        return partial.size() == 1 ? Optional.of(partial.get(0)) : Optional.empty();
    }

    /** The lesson after {@code l}, if there is one. */
    Optional<Lesson> after(Lesson l) {
        return lessons.stream().filter(x -> x.number() > l.number()).findFirst();
    }
}
