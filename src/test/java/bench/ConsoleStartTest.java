package bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console on a pseudo-terminal, as a learner starts it, asks the terminal nothing before its
 * first prompt: a terminal that does not answer (or answers slowly, over a network) would
 * otherwise hold the prompt back for JLine's time-out, 200 ms, and one that answers for its
 * drain, 25 ms. JLine 4 asks about grapheme clusters (DECRQM 2027, then DA1) unless told not to.
 */
class ConsoleStartTest {
    @TempDir
    Path state;

    @Test
    @Timeout(60)
    void theConsoleAsksTheTerminalNothingBeforeItsFirstPrompt() throws Exception {
        assumeTrue(Pty.available(), "needs script(1) for a pseudo-terminal");
        Map<String, String> env = Map.of("AIO_TUTOR_STATE", state.toString(), "TERM", "xterm-256color",
                "LC_ALL", "C.UTF-8", "LANG", "en_US.UTF-8");
        try (Pty pty = Pty.start(ConsoleBench.aio().command(), env, Project.workDir())) {
            int prompt = pty.await("aio> ", 0, 30_000);
            String out = pty.output(0, prompt);
            assertFalse(out.contains("\u001b[?2027$p"), "asked for the grapheme-cluster mode");
            assertFalse(out.contains("$p"), "asked for a mode (DECRQM)");
            assertFalse(out.contains("\u001b[c") || out.contains("\u001b[0c"), "asked for the device attributes");
            assertFalse(out.contains("\u001b[6n"), "asked for the cursor position");
            pty.send(":quit\r");
        }
    }
}
