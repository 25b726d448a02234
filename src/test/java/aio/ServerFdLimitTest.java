package aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A plain aio server whose clients use up its descriptors (a JVM that may open 64 files,
 * {@link HoldingServerMain}): accept() fails with EMFILE, and the server logs one line, no stack
 * trace, pauses accepting, and accepts again once clients leave. No assertion on time.
 */
class ServerFdLimitTest {
    private static final int LIMIT = 64;
    private static final Pattern REPORT = Pattern.compile(
            "accept failed (once|\\d+ times) in the last [\\d.]+ s: too many open files \\(limit " + LIMIT + "\\); "
                    + "(pausing accepts for [\\d.]+ s|accepting again)");

    // test_base_events.py: BaseEventLoopWithSelectorTests.test_accept_connection_exception (accept()
    // fails with EMFILE: the error is logged, the listening socket is not closed, accepting
    // stops and starts again later; asyncio waits ACCEPT_RETRY_DELAY, 1 s, and aio 0.1 s
    // doubling up to 1 s, see Server)
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void runningOutOfDescriptorsPausesAcceptingWithOneLine() throws Exception {
        try (LowFdLimitJvm server = LowFdLimitJvm.start(LIMIT, HoldingServerMain.class.getName())) {
            int port = server.awaitServingPort();
            // One client first, as any server has had: a class first needed at the limit could not
            // be loaded (the JVM opens a class file to load it), which is the JVM's limit, not the server's.
            assertEquals("warm up", LowFdLimitJvm.exchange(port, "warm up"));
            List<Socket> clients = LowFdLimitJvm.connectMany(port, 120);
            try {
                assertTrue(clients.size() > LIMIT, "only " + clients.size() + " connections made");
                Thread.sleep(2000); // hold them: accept() keeps failing, paused ever longer
                assertTrue(server.isAlive(), "the server died; err: " + server.err());
            } finally {
                LowFdLimitJvm.closeAll(clients);
            }

            assertEquals("hello again", LowFdLimitJvm.exchange(port, "hello again"));
            assertTrue(server.isAlive(), "the server died; err: " + server.err());
            server.stop();

            List<String> err = server.err();
            assertFalse(err.isEmpty(), "accept() never failed");
            assertEquals("accept failed: too many open files (limit " + LIMIT + "); pausing accepts for 0.1 s", err.get(0));
            for (String line : err.subList(1, err.size())) {
                assertTrue(REPORT.matcher(line).matches(), "unexpected line: " + line + " in " + err);
            }
            assertTrue(err.size() <= 3, "too many lines: " + err);
        }
    }
}
