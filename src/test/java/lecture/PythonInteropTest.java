package lecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aio.Aio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The same program in two languages, talking to each other: the lecture's Python seed (in
 * bench/, with the port as an argument) against the Java port. Same bytes on
 * the wire, same lines on screen. Skipped when python3 is not installed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PythonInteropTest {
    private static Path script;

    @BeforeAll
    static void findPython() throws Exception {
        boolean found;
        try {
            Process p = new ProcessBuilder("python3", "-c", "import asyncio").redirectErrorStream(true).start();
            found = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
            p.destroyForcibly();
        } catch (IOException e) {
            found = false;
        }
        Assumptions.assumeTrue(found, "python3 is not installed (or has no asyncio): skipping the Python interop tests");
        script = Path.of("bench", "sysprog_asyncio_stream.py").toAbsolutePath(); // the seed, kept for the bench too
    }

    private static ProcessBuilder python(String... args) {
        List<String> cmd = new ArrayList<>(List.of("python3", "-u", script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("PYTHONUTF8", "1");
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        return pb;
    }

    /** The process's standard output, line by line, readable with a timeout. */
    private static BlockingQueue<String> lines(Process p) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    q.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        return q;
    }

    private static String next(BlockingQueue<String> q) throws InterruptedException {
        String line = q.poll(20, TimeUnit.SECONDS);
        assertNotNull(line, "the Python program printed nothing more within 20 s");
        return line;
    }

    @Test
    void javaServerAnswersThePythonClient() throws Exception {
        try (BackgroundEchoServer server = new BackgroundEchoServer()) {
            Process p = python("-c", "hello", "-p", String.valueOf(server.port)).start();
            try {
                BlockingQueue<String> out = lines(p);
                assertEquals("Starting the client...", next(out));
                assertEquals("sent [hello] => received: [olleh]", next(out));
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the Python client did not exit");
                assertEquals(0, p.exitValue());
            } finally {
                p.destroyForcibly();
            }
            assertTrue(List.copyOf(server.out).get(1).matches("client: \\('127\\.0\\.0\\.1', \\d+\\)"), server.out.toString());
            assertEquals(List.of(), server.logLines());
        }
    }

    @Test
    void javaClientTalksToThePythonServer() throws Exception {
        Process p = python("-s", "-p", "0").start();
        try {
            BlockingQueue<String> out = lines(p);
            assertEquals("Starting the server...", next(out));
            String serving = next(out);
            Matcher m = Pattern.compile("serving on \\('127\\.0\\.0\\.1', (\\d+)\\)").matcher(serving);
            assertTrue(m.matches(), serving);
            int port = Integer.parseInt(m.group(1));

            List<String> printed = new ArrayList<>();
            Aio.run(() -> {
                ReverseEchoClient.send("127.0.0.1", port, "hello", printed::add);
                ReverseEchoClient.send("127.0.0.1", port, "привет 🙂", printed::add);
            });
            assertEquals(List.of("sent [hello] => received: [olleh]", "sent [привет 🙂] => received: [🙂 тевирп]"), printed);
            // Python prints its peers as we do: the same tuple format
            assertTrue(next(out).matches("client: \\('127\\.0\\.0\\.1', \\d+\\)"));
            assertTrue(next(out).matches("client: \\('127\\.0\\.0\\.1', \\d+\\)"));
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
