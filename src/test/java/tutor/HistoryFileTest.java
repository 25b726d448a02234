package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history file: read back across sessions; a damaged one set aside with a warning, one that
 * cannot be written said at start; never a crash.
 */
class HistoryFileTest {
    @TempDir
    Path dir;

    private String open(Path history) throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(false).provider(TerminalBuilder.PROP_PROVIDER_EXEC)
                .streams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()).type("dumb").build();
        try (Console console = new Console(c -> new TerminalIO(terminal, c, false, history))) {
            return ((TerminalIO) console.io()).warning();
        }
    }

    @Test
    void aDamagedHistoryIsSetAsideWithAWarning() throws IOException {
        Path history = dir.resolve("history");
        Files.write(history, new byte[] {(byte) 0xff, 'x', 0, '\n', 'n', 'o', ' ', 'c', 'o', 'l', 'o', 'n', '\n'});
        String warning = open(history);
        assertTrue(warning.startsWith("the history file " + history + " could not be read; it was set aside as history.corrupt"),
                warning);
        assertTrue(Files.exists(dir.resolve("history.corrupt")));
    }

    @Test
    void aGoodHistoryLoadsQuietly() throws IOException {
        Path history = dir.resolve("history");
        Files.writeString(history, "1700000000000:int x = 1;\n1700000000001:boolean b = !false;\n");
        assertNull(open(history));
        assertEquals(2, Files.readAllLines(history).size());
        assertNull(open(dir.resolve("none/history")), "no file yet: nothing to say");
    }

    @Test
    void aHistoryThatCannotBeWrittenIsSaidOnceAtStart() throws IOException {
        Path notAFolder = dir.resolve("state");
        Files.writeString(notAFolder, "a file where the state folder should be");
        Path history = notAFolder.resolve("history");
        assertEquals("cannot write the history file " + history + " (a file is in the way): history will not be kept this session",
                open(history));
        assertEquals("a file where the state folder should be", Files.readString(notAFolder), "left as it was");

        Path folder = dir.resolve("history");
        Files.createDirectories(folder);
        assertEquals("cannot write the history file " + folder + " (a folder is in its place): history will not be kept this session",
                open(folder));
        assertTrue(Files.isDirectory(folder));
    }
}
