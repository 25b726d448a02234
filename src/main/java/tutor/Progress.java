package tutor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Where the learner is, kept in {@code progress.properties} in the state folder so the console
 * resumes there: the current lesson and step, and the lessons finished. It is written whole
 * to a temporary file and moved into place, so a crash never leaves half a file, and no
 * temporary file is left behind when the move fails. Consoles sharing a state folder take
 * turns under a lock on {@code progress.properties.lock}: each save merges with what is on
 * disk, so a lesson one of them finished is never lost (the current lesson is the saver's).
 * A file that cannot be read is set aside, with a word to the learner, who starts over rather
 * than being stuck.
 */
final class Progress {
    private final Path file;
    private int lesson;
    private int step;
    private final Set<Integer> finished = new TreeSet<>();
    /** The exercises solved, as "lesson.exercise" ("4.2"); a lesson is finished when all of its are. */
    private final Set<String> solved = new TreeSet<>();
    private boolean warned;
    /** The language chosen with :lang, or null: the locale's. Shared by all, as the progress is. */
    private Language language;

    /** What a progress file holds. */
    private record Saved(int lesson, int step, Set<Integer> finished, Set<String> solved, Language language) {
    }

    private Progress(Path file) {
        this.file = file;
    }

    /**
     * The progress saved in {@code dir}, or a fresh one (lesson 0: none opened yet). Never fails.
     * There is nobody to warn: the first save that fails says so instead.
     */
    static Progress load(Path dir) {
        return load(dir, null);
    }

    /**
     * {@link #load(Path)}, telling {@code warn} (one line each) what the learner should know now:
     * a file that cannot be read is renamed to {@code progress.properties.corrupt} (kept for the
     * curious), and a state folder where progress cannot be saved is reported at once, so that
     * the saves that then fail stay quiet. {@code warn} null: nothing is reported at start.
     */
    static Progress load(Path dir, Consumer<String> warn) {
        Progress p = new Progress(dir == null ? null : dir.resolve("progress.properties"));
        if (p.file == null) {
            return p;
        }
        Consumer<String> tell = warn == null ? message -> { } : warn;
        if (Files.isRegularFile(p.file)) {
            try {
                Saved s = read(p.file);
                p.lesson = s.lesson();
                p.step = s.step();
                p.finished.addAll(s.finished());
                p.solved.addAll(s.solved());
                p.language = s.language();
            } catch (IOException | RuntimeException e) {
                tell.accept(p.damaged(e, false));
            }
        }
        String why = warn == null ? null : StateDir.whyNotWritable(p.file);
        if (why != null) {
            p.warned = true;
            warn.accept(p.cannotSave(why));
        }
        return p;
    }

    /** Reads a progress file; fails on one it cannot read or make sense of. */
    private static Saved read(Path file) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        }
        Set<Integer> done = new TreeSet<>();
        for (String n : props.getProperty("finished", "").split(",")) {
            if (!n.isBlank()) {
                done.add(Integer.parseInt(n.strip()));
            }
        }
        Set<String> solved = new TreeSet<>();
        for (String n : props.getProperty("solved", "").split(",")) {
            if (n.strip().matches("\\d+\\.\\d+")) {
                solved.add(n.strip());
            }
        }
        return new Saved(Math.max(0, Integer.parseInt(props.getProperty("lesson", "0").strip())),
                Math.max(0, Integer.parseInt(props.getProperty("step", "0").strip())), done, solved,
                Language.named(props.getProperty("language", "")).orElse(null));
    }

    /** The language the learner chose with :lang, as saved in {@code dir}; null when none was (or the file cannot be read). */
    static Language savedLanguage(Path dir) {
        Path file = dir.resolve("progress.properties");
        try {
            return Files.isRegularFile(file) ? read(file).language() : null;
        } catch (IOException | RuntimeException e) {
            return null; // the console's own load says what is wrong with the file
        }
    }

    /**
     * Sets the damaged file aside; says so, why it could not be read, and what happens now: the
     * course starts afresh (at start), or the progress was saved anew ({@code saving}).
     */
    private String damaged(Exception e, boolean saving) {
        Path aside = setAside(file);
        String why = e.getClass().getSimpleName();
        if (aside.equals(file)) {
            return saving ? Messages.get("progress.damaged.kept.saved", file, why)
                    : Messages.get("progress.damaged.kept", file, why);
        }
        return saving ? Messages.get("progress.damaged.saved", file, why, aside.getFileName())
                : Messages.get("progress.damaged", file, why, aside.getFileName());
    }

    private String cannotSave(String why) {
        return Messages.get("progress.cannot-save", file, why);
    }

    /** Renames a damaged state file to NAME.corrupt (replacing an older one); returns the new path. */
    static Path setAside(Path file) {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | SecurityException e) {
            return file; // left where it is: it will be overwritten on the next save
        }
        return aside;
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

    /** The language chosen with :lang (null: none, the locale's). */
    Language language() {
        return language;
    }

    void language(Language chosen) {
        language = chosen;
    }

    void finish(int lessonNumber) {
        finished.add(lessonNumber);
    }

    /**
     * Exercise {@code exercise} (from 1) of lesson {@code lessonNumber}, which has {@code total},
     * is solved; the lesson is finished once all are. Returns whether all are now.
     */
    boolean solve(int lessonNumber, int exercise, int total) {
        solved.add(lessonNumber + "." + exercise);
        boolean all = solvedIn(lessonNumber) >= total;
        if (all) {
            finished.add(lessonNumber); // (a lesson finished when it had fewer exercises stays finished)
        }
        return all;
    }

    boolean solved(int lessonNumber, int exercise) {
        return solved.contains(lessonNumber + "." + exercise);
    }

    /** How many of the lesson's exercises are solved. */
    int solvedIn(int lessonNumber) {
        return (int) solved.stream().filter(e -> e.startsWith(lessonNumber + ".")).count();
    }

    /**
     * Writes the file, merged with what another console saved meanwhile: the lessons finished
     * are both sets together (this one learns the other's too), the current lesson and step are
     * this one's. Returns a line for the learner, else null: the first failure to save (later
     * ones, and all of them after {@link #load(Path, Consumer)} reported the folder, are quiet),
     * or a file on disk that could not be read and was set aside.
     */
    String save() {
        if (file == null) {
            return null;
        }
        // A FileChannel lock belongs to the whole JVM, and a second one there throws: consoles
        // in one JVM (the tests) take turns here first.
        synchronized (Progress.class) {
            try {
                Files.createDirectories(file.getParent());
                try (FileChannel channel = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock held = lock(channel)) {
                    String note = mergeWithDisk();
                    write();
                    return note;
                }
            } catch (IOException | SecurityException e) {
                if (warned) {
                    return null;
                }
                warned = true;
                return cannotSave(e instanceof IOException io ? StateDir.why(io) : Messages.get("io.not-allowed"));
            }
        }
    }

    /** Waits for the lock; null where the file system has no locks (some network ones): saved unlocked, as before. */
    private static FileLock lock(FileChannel channel) {
        try {
            return channel.lock();
        } catch (IOException e) {
            return null;
        }
    }

    /** Adds the lessons finished in the file on disk; a file that cannot be read is set aside (and said so). */
    private String mergeWithDisk() {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Saved disk = read(file);
            finished.addAll(disk.finished());
            solved.addAll(disk.solved());
            if (language == null) {
                language = disk.language(); // another console's :lang, not undone by this one
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return damaged(e, true);
        }
    }

    /** Writes a temporary file and moves it into place; the temporary file is removed if that fails. */
    private void write() throws IOException {
        Properties props = new Properties();
        props.setProperty("lesson", String.valueOf(lesson));
        props.setProperty("step", String.valueOf(step));
        props.setProperty("finished", String.join(",", finished.stream().map(String::valueOf).toList()));
        props.setProperty("solved", String.join(",", solved));
        if (language != null) {
            props.setProperty("language", language.tag);
        }
        Path tmp = Files.createTempFile(file.getParent(), "progress", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                props.store(out, "aio-tutor progress");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            try {
                Files.deleteIfExists(tmp); // gone already when the move worked
            } catch (IOException e) {
                // nothing more can be done: the failure that matters is reported
            }
        }
    }

    @Override
    public String toString() {
        return "lesson " + lesson + " step " + step + " finished " + Arrays.toString(finished.toArray());
    }
}
