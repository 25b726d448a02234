package aio.tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
