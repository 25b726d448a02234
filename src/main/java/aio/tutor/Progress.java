package aio.tutor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the learner is, kept in {@code progress.properties} in the state folder so the console
 * resumes there: the current lesson and step, and the lessons finished. It is written whole
 * to a temporary file and moved into place, so a crash never leaves half a file; a file that
 * cannot be read is ignored (the learner starts over rather than being stuck).
 */
final class Progress {
    private final Path file;
    private int lesson;
    private int step;
    private final Set<Integer> finished = new TreeSet<>();
    private boolean warned;

    private Progress(Path file) {
        this.file = file;
    }

    /** The progress saved in {@code dir}, or a fresh one (lesson 0: none opened yet). Never fails. */
    static Progress load(Path dir) {
        Progress p = new Progress(dir == null ? null : dir.resolve("progress.properties"));
        if (p.file == null || !Files.isRegularFile(p.file)) {
            return p;
        }
        try (InputStream in = Files.newInputStream(p.file)) {
            Properties props = new Properties();
            props.load(in);
            p.lesson = Math.max(0, Integer.parseInt(props.getProperty("lesson", "0").strip()));
            p.step = Math.max(0, Integer.parseInt(props.getProperty("step", "0").strip()));
            for (String n : props.getProperty("finished", "").split(",")) {
                if (!n.isBlank()) {
                    p.finished.add(Integer.parseInt(n.strip()));
                }
            }
        } catch (IOException | RuntimeException e) {
            p.lesson = 0;
            p.step = 0;
            p.finished.clear();
        }
        return p;
    }

    int lesson() {
        return lesson;
    }

    int step() {
        return step;
    }

    boolean finished(int lessonNumber) {
        return finished.contains(lessonNumber);
    }

    void at(int lessonNumber, int stepIndex) {
        lesson = lessonNumber;
        step = stepIndex;
    }

    void finish(int lessonNumber) {
        finished.add(lessonNumber);
    }

    /** Writes the file; returns an error message the first time it cannot, else null. */
    String save() {
        if (file == null) {
            return null;
        }
        Properties props = new Properties();
        props.setProperty("lesson", String.valueOf(lesson));
        props.setProperty("step", String.valueOf(step));
        props.setProperty("finished", String.join(",", finished.stream().map(String::valueOf).toList()));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "progress", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                props.store(out, "aio-tutor progress");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return null;
        } catch (IOException | SecurityException e) {
            if (warned) {
                return null;
            }
            warned = true;
            return "cannot save progress to " + file + ": " + e.getMessage();
        }
    }

    @Override
    public String toString() {
        return "lesson " + lesson + " step " + step + " finished " + Arrays.toString(finished.toArray());
    }
}
