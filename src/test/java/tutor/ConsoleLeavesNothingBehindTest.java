package tutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * However the console ends (:quit, SIGTERM, SIGKILL), nothing it started outlives it: not the
 * agent JVM that runs snippets, not a process a snippet started, and a shutdown hook a snippet
 * registered cannot hold it up. Real processes, as a user starts them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsoleLeavesNothingBehindTest {
    @TempDir
    Path state;

    private Process console;
    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void endEverything() {
        if (console != null) {
            console.descendants().forEach(ProcessHandle::destroyForcibly);
            console.destroyForcibly();
        }
        started.forEach(ProcessHandle::destroyForcibly);
    }

    /** Starts the console on a pipe, as {@code ./run.sh < script} would. */
    private Process startConsole() throws Exception {
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder pb = new ProcessBuilder(java, "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "-cp", classes + File.pathSeparator + classes.resolveSibling("lib").resolve("*"), "tutor.Main")
                .redirectErrorStream(true);
        pb.environment().put("AIO_TUTOR_STATE", state.toString());
        console = EnglishLocale.of(pb).start();
        return console;
    }

    /**
     * Types a snippet that starts a long child process and prints its pid; returns the agent
     * and the child, once the child runs.
     */
    private List<ProcessHandle> startAChild(OutputStream in, BufferedReader out) throws Exception {
        in.write(("var child = createSubprocessShell(\"exec sleep 1718\");\n"
                + "System.out.println(\"the child is \" + child.pid());\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        String line;
        long pid = -1;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("the child is ")) {
                pid = Long.parseLong(line.substring("the child is ".length()).strip());
                break;
            }
        }
        assertTrue(pid > 0, "the child never started");
        ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> ours = new ArrayList<>(console.descendants().toList());
        assertTrue(ours.contains(child), "the child is the console's descendant (through its agent)");
        assertTrue(ours.size() >= 2, "the agent and the child: " + ours);
        started.addAll(ours);
        return ours;
    }

    private static void assertAllEnd(List<ProcessHandle> processes) throws InterruptedException {
        for (ProcessHandle p : processes) {
            for (int i = 0; i < 100 && p.isAlive(); i++) {
                Thread.sleep(100);
            }
            assertFalse(p.isAlive(), "left running: " + p.pid() + " " + p.info().commandLine().orElse(""));
        }
    }

    @Test
    void quitEndsTheAgentAndItsChildrenThoughAShutdownHookLoops() throws Exception {
        Process p = startConsole();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        try (OutputStream in = p.getOutputStream()) {
            in.write("Runtime.getRuntime().addShutdownHook(new Thread(() -> { while (true) { } }));\n"
                    .getBytes(StandardCharsets.UTF_8));
            List<ProcessHandle> ours = startAChild(in, out);
            in.write(":quit\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the console did not leave");
            assertEquals(0, p.exitValue());
            assertAllEnd(ours);
        }
    }

    @Test
    void sigtermEndsTheAgentAndItsChildren() throws Exception {
        Process p = startConsole();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        try (OutputStream in = p.getOutputStream()) {
            List<ProcessHandle> ours = startAChild(in, out);
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the console did not end on SIGTERM");
            assertAllEnd(ours);
        }
    }

    @Test
    void aKilledConsolesAgentEndsItselfAndItsChildren() throws Exception {
        Process p = startConsole();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        try (OutputStream in = p.getOutputStream()) {
            List<ProcessHandle> ours = startAChild(in, out);
            p.destroyForcibly(); // SIGKILL: no shutdown hook runs; the agent sees its sockets close
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertAllEnd(ours);
        }
    }
}
