package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MainTest {

    /** What one run of Main printed, and its exit code. */
    record Result(int status, String out, String err) {}

    static Result run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status;
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
             var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(args, o, e);
        }
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheModes() {
        for (String flag : new String[] {"--help", "-h"}) {
            Result r = run(flag);
            assertEquals(0, r.status(), flag);
            assertTrue(r.out().startsWith("Usage: aio-tutor"), r.out());
            assertTrue(r.out().contains("--server"), r.out());
            assertTrue(r.out().contains("--client"), r.out());
            assertEquals("", r.err());
        }
    }

    @Test
    void versionNamesTheProgramAndTheJava() {
        Result r = run("--version");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("aio-tutor 0.1.0" + System.lineSeparator()), r.out());
        assertTrue(r.out().contains("Java " + System.getProperty("java.version")), r.out());
        assertEquals("", r.err());
    }

    @Test
    void unknownOptionIsAUsageErrorOnOneLine() {
        Result r = run("--x");
        assertEquals(64, r.status());
        assertEquals("", r.out());
        assertEquals("aio-tutor: unknown option '--x' (try --help)" + System.lineSeparator(), r.err());
    }

    @Test
    void extraArgumentsAreAUsageError() {
        Result r = run("--version", "now");
        assertEquals(64, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
