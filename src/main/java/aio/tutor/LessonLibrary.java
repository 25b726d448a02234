package aio.tutor;

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
 */
final class LessonLibrary {
    private final List<Lesson> lessons;

    private LessonLibrary(List<Lesson> lessons) {
        this.lessons = lessons;
    }

    /** The lessons folder, or null when there is none. */
    static Path folder() {
        String property = System.getProperty("aio.tutor.lessons");
        Path dir = property != null && !property.isBlank() ? Path.of(property) : Path.of("lessons");
        return Files.isDirectory(dir) ? dir : null;
    }

    /** Reads every NN-name.md in {@code dir}, in number order. Raises BadLesson for a malformed one. */
    static LessonLibrary load(Path dir) {
        if (dir == null) {
            return new LessonLibrary(List.of());
        }
        List<Lesson> lessons = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> LessonParser.isLessonFile(p.getFileName().toString())).toList()) {
                String label = dir.getFileName() + "/" + f.getFileName();
                lessons.add(LessonParser.parse(f.getFileName().toString(), label, Files.readString(f, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lessons in " + dir + ": " + e.getMessage(), e);
        }
        lessons.sort(Comparator.comparingInt(Lesson::number));
        return new LessonLibrary(List.copyOf(lessons));
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
