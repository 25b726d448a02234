package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input and rough snippets, through the piped console: each gets its lines and the
 * console goes on to the end of its input, with an exit code that says whether all was well.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ConsoleFaultsTest {

    record Played(int status, String out) {
    }

    static Played play(byte[] input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status;
        try (Console console = new Console(c -> new PlainIO(new ByteArrayInputStream(input), out, c::needsMore),
                Console.Settings.interactive(null).lessons(LessonParserTest.SAMPLES))) {
            status = console.run();
        }
        return new Played(status, bytes.toString(StandardCharsets.UTF_8));
    }

    static Played play(String input) {
        return play(input.getBytes(StandardCharsets.UTF_8));
    }

    /** Java-ish fragments: some fine, most broken, some unfinished. */
    private static final List<String> FRAGMENTS = List.of(
            "int a = 1;", "a + ", "}", "{", "class", "void f(", ")", "sleep(0);", "\"unclosed", "/*", "*/",
            "createTask(() -> 1)", "for (;;", "x ->", ":", ":sen", "::", "var = ;", "1/0", "null.toString()",
            "new int[-1]", "List.of(1, 2).get(5)", "import java.nope.*;", "@", "'", "\\", "int[] b = {1,", "2};");

    @Test
    void tenThousandLinesOfNoiseNeitherCrashNorHang() {
        Random random = new Random(7);
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        for (int i = 0; i < 10_000; i++) {
            if (i % 10 == 0) {
                input.writeBytes(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())).getBytes(StandardCharsets.UTF_8));
            } else {
                byte[] noise = new byte[1 + random.nextInt(40)];
                random.nextBytes(noise);
                for (int k = 0; k < noise.length; k++) {
                    if (noise[k] == '\n') {
                        noise[k] = 'x';
                    }
                }
                input.writeBytes(noise);
            }
            input.write('\n');
        }
        // whatever the noise left open is given up after PlainIO.MAX_LINES lines
        input.writeBytes(("\n".repeat(PlainIO.MAX_LINES) + "1 + 1\n").getBytes(StandardCharsets.UTF_8));
        Played p = play(input.toByteArray());
        assertEquals(1, p.status(), "errors make the exit code non-zero");
        assertTrue(p.out().contains("error: that is not Java"), "noise is refused without a compile");
        assertTrue(p.out().endsWith("==> 2\n"), "the console still works at the end: ..."
                + p.out().substring(Math.max(0, p.out().length() - 300)));
    }

    @Test
    void roughSnippets() {
        Played p = play("""
                String big = "x".repeat(1_000_000); for (int i = 0; i < 10; i++) System.out.println(big);
                var tasks = new ArrayList<Task<Integer>>(); for (int i = 0; i < 10_000; i++) { int n = i; tasks.add(createTask(() -> { sleep(0.01); return n; })); }
                await(gather(tasks)).size()
                Thread.sleep(2_100);
                :lesson 999
                1 + 1
                """);
        String[] lines = p.out().split("\n");
        int printed = 0;
        for (String l : lines) {
            if (l.length() == 1_000_000) {
                printed++;
            }
        }
        assertEquals(10, printed, "10 MB printed, line by line");
        assertTrue(p.out().contains("\n$1 ==> 10000\n"), "10,000 tasks ran");
        assertTrue(p.out().matches("(?s).*\\nExecuting <Task [^\\n]*name='snippet-\\d+'[^\\n]*> took 2\\.\\d{3} seconds\\n.*"),
                "a snippet that blocks the loop is named");
        assertTrue(p.out().contains("\nno lesson 999 (see :lessons)\n"));
        assertTrue(p.out().endsWith("$2 ==> 2\n"), p.out().substring(Math.max(0, p.out().length() - 300)));
        assertEquals(1, p.status());
    }

    @Test
    void unfinishedJavaDoesNotSwallowTheRestOfTheInput() {
        Played p = play("void f() {\n" + "int x = 1;\n".repeat(PlainIO.MAX_LINES + 10) + "}\n1 + 1\n");
        assertTrue(p.out().startsWith("error: "), p.out().substring(0, Math.min(300, p.out().length())));
        assertTrue(p.out().endsWith("==> 2\n"), p.out().substring(Math.max(0, p.out().length() - 300)));
    }
}
