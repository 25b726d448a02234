package lecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aio.LowFdLimitJvm;

import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --server} in a JVM that may open only 64 files, against more clients than that: the
 * server refuses the clients its descriptors leave no room for, one short line each, instead of
 * running out (and if accept() runs out all the same, it says so in a line, not a stack trace,
 * and pauses). It stays up, and serves again once the clients are gone. No assertion on time.
 */
class ReverseEchoFdLimitTest {
    private static final int LIMIT = 64;
    private static final int CLIENTS = 150;
    private static final Pattern REFUSED = Pattern.compile("aio-tutor: client \\('127\\.0\\.0\\.1', \\d+\\): "
            + "refused, \\d+ connections already open \\(all that the limit of " + LIMIT + " file descriptors leaves room for\\)");
    private static final Pattern ACCEPT_FAILED = Pattern.compile("accept failed.*: too many open files \\(limit " + LIMIT + "\\); .*");
    private static final Pattern CONNECTION_LOST = Pattern.compile("aio-tutor: client \\(.*\\): connection lost \\(.*\\)");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void moreClientsThanDescriptorsAreRefusedQuietlyAndTheServerRecovers() throws Exception {
        try (LowFdLimitJvm server = LowFdLimitJvm.start(LIMIT, "tutor.Main",
                "--server", "--host", "127.0.0.1", "--port", "0")) {
            int port = server.awaitServingPort();
            List<Socket> clients = LowFdLimitJvm.connectMany(port, CLIENTS);
            try {
                assertTrue(clients.size() > LIMIT, "only " + clients.size() + " connections made");
                Thread.sleep(2000); // hold them
                assertTrue(server.isAlive(), "the server died; err: " + server.err());
            } finally {
                LowFdLimitJvm.closeAll(clients);
            }

            assertEquals("olleh niaga", LowFdLimitJvm.exchange(port, "again hello"));
            assertTrue(server.isAlive(), "the server died; err: " + server.err());
            assertEquals(0, server.stop(), "exit status on SIGTERM; err: " + server.err());

            List<String> err = server.err();
            for (String line : err) {
                assertFalse(line.startsWith("\tat ") || line.contains("Exception") || line.contains("Error"),
                        "a stack trace: " + line);
                assertTrue(REFUSED.matcher(line).matches() || ACCEPT_FAILED.matcher(line).matches()
                        || CONNECTION_LOST.matcher(line).matches(), "unexpected line: " + line);
            }
            long refused = err.stream().filter(l -> REFUSED.matcher(l).matches()).count();
            long acceptFailed = err.stream().filter(l -> ACCEPT_FAILED.matcher(l).matches()).count();
            assertTrue(refused > 0, "no client was refused: " + err);
            assertTrue(acceptFailed <= 3, "too many lines about accept(): " + err);
        }
    }
}
