package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTest {
    @TempDir
    Path dir;

    @Test
    void survivesARestart() {
        Progress p = Progress.load(dir.resolve("state"));
        assertEquals(0, p.lesson());
        p.at(3, 2);
        p.finish(1);
        p.finish(2);
        assertNull(p.save());
        Progress q = Progress.load(dir.resolve("state"));
        assertEquals(3, q.lesson());
        assertEquals(2, q.step());
        assertTrue(q.finished(1) && q.finished(2));
        assertFalse(q.finished(3));
    }

    @Test
    void aDamagedFileMeansStartingOver() throws IOException {
        Files.writeString(dir.resolve("progress.properties"), "lesson=three\nfinished=1,x\n");
        java.util.List<String> warnings = new java.util.ArrayList<>();
        Progress p = Progress.load(dir, warnings::add);
        assertEquals(0, p.lesson());
        assertFalse(p.finished(1));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).endsWith("it was set aside as progress.properties.corrupt and the course starts afresh"),
                warnings.get(0));
        assertEquals("lesson=three\nfinished=1,x\n", Files.readString(dir.resolve("progress.properties.corrupt")),
                "the damaged file is kept, renamed");
    }

    @Test
    void aFolderThatCannotBeWrittenIsReportedOnce() throws IOException {
        Path file = dir.resolve("not-a-folder");
        Files.writeString(file, "x");
        Progress p = Progress.load(file);
        p.at(1, 0);
        assertTrue(p.save().startsWith("cannot save progress to "), "the first failure is reported");
        assertNull(p.save(), "and only the first");
        assertNull(Progress.load(null).save(), "no folder: kept in memory");
    }

    @Test
    void twoConsolesOnOneFolderKeepBothSolvedLessons() {
        Progress a = Progress.load(dir);
        Progress b = Progress.load(dir);
        a.finish(1);
        a.at(1, 4);
        assertNull(a.save());
        b.finish(2);
        b.at(2, 1);
        assertNull(b.save());
        assertTrue(b.finished(1), "a save learns what the other console finished");
        Progress c = Progress.load(dir);
        assertTrue(c.finished(1) && c.finished(2), "both ✓ survive: " + c);
        assertEquals(2, c.lesson(), "the current lesson is the last saver's");
        assertEquals(1, c.step());

        a.at(1, 5);
        assertNull(a.save());
        Progress d = Progress.load(dir);
        assertTrue(d.finished(1) && d.finished(2), "and survive the other console's next save: " + d);
        assertEquals(1, d.lesson());
        assertEquals(5, d.step());
        assertTrue(Files.exists(dir.resolve("progress.properties.lock")), "the lock file sits next to the progress file");
    }

    @Test
    void aSaveWaitsForAnotherConsoleHoldingTheLockAndKeepsWhatItWrote() throws Exception {
        Progress p = Progress.load(dir);
        p.finish(1);
        p.at(1, 2);
        Process other = java(HoldsTheLock.class, dir.toString());
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", said.readLine());
            CompletableFuture<String> saving = CompletableFuture.supplyAsync(p::save);
            Thread.sleep(300);
            assertFalse(saving.isDone(), "the save waits while another process holds the lock");
            other.getOutputStream().write('\n');
            other.getOutputStream().close();
            assertNull(saving.get(30, TimeUnit.SECONDS));
            assertTrue(other.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, other.exitValue());
        } finally {
            other.destroyForcibly();
        }
        Progress q = Progress.load(dir);
        assertTrue(q.finished(1) && q.finished(7), "the other process's lesson 7 is merged in: " + q);
        assertEquals(1, q.lesson());
        assertEquals(2, q.step());
    }

    /** Another console, in another JVM, in the middle of its save: it holds the lock until told to go on. */
    static final class HoldsTheLock {
        public static void main(String[] args) throws IOException {
            Path folder = Path.of(args[0]);
            try (FileChannel channel = FileChannel.open(folder.resolve("progress.properties.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock held = channel.lock()) {
                System.out.println("locked");
                System.out.flush();
                System.in.read(); // until the test says go on
                Files.writeString(folder.resolve("progress.properties"), "lesson=7\nstep=0\nfinished=7\n");
            }
        }
    }

    /** Starts {@code main} in a JVM of its own, on this test's class path. */
    private static Process java(Class<?> main, String... args) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return EnglishLocale.of(new ProcessBuilder(cmd)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Test
    void aFolderInPlaceOfTheFileLeavesNoTemporaryFileAndIsReportedOnce() throws IOException {
        Files.createDirectories(dir.resolve("progress.properties").resolve("something"));
        List<String> warnings = new ArrayList<>();
        Progress p = Progress.load(dir, warnings::add);
        p.at(1, 0);
        assertNull(p.save(), "reported at start already");
        assertNull(p.save());
        assertEquals(List.of("cannot save progress to " + dir.resolve("progress.properties")
                + " (a folder is in its place): it will not be kept after this session"), warnings);

        Progress quiet = Progress.load(dir); // nobody to tell at start: the first save says it
        quiet.at(1, 0);
        String first = quiet.save();
        assertNotNull(first);
        assertTrue(first.startsWith("cannot save progress to ") && first.lines().count() == 1, first);
        assertNull(quiet.save(), "once");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList(),
                    "no temporary file is left behind");
        }
        Files.delete(dir.resolve("progress.properties").resolve("something")); // an empty folder is not replaced either
        assertNotNull(Progress.load(dir).save());
        assertTrue(Files.isDirectory(dir.resolve("progress.properties")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count());
        }
    }

    @Test
    void aStateFolderThatCannotBeWrittenIsReportedOnceAtStart() throws IOException {
        Path file = dir.resolve("not-a-folder");
        Files.writeString(file, "x");
        List<String> warnings = new ArrayList<>();
        Progress p = Progress.load(file.resolve("aio-tutor"), warnings::add);
        assertEquals(List.of("cannot save progress to " + file.resolve("aio-tutor").resolve("progress.properties")
                + " (" + file + " is a file, not a folder): it will not be kept after this session"), warnings);
        p.at(1, 0);
        p.finish(1);
        assertNull(p.save(), "said at start: not again");
        assertTrue(p.finished(1), "kept in memory for this session");
        assertEquals(1, warnings.size());
    }
}
