package lecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many clients against one server on one loop thread: no thread per connection, and nothing
 * left behind. Bounded by timeouts; no assertion on speed.
 */
class ReverseEchoLoadTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void thousandConcurrentPlainSocketClientsAreAllAnswered() throws Exception {
        int clients = 1000;
        try (BackgroundEchoServer server = new BackgroundEchoServer();
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String message = "client " + i + " привет 🙂";
                calls.add(() -> PlainClient.exchange(server.port, message));
            }
            List<Future<String>> replies = pool.invokeAll(calls, 60, TimeUnit.SECONDS);
            for (int i = 0; i < clients; i++) {
                assertEquals(ReverseEcho.reverse("client " + i + " привет 🙂"), replies.get(i).get(), "client " + i);
            }
            assertEquals(clients + 1, server.out.size(), "one client: line each");
            assertEquals(List.of(), server.logLines());
            assertEquals(List.of(), List.copyOf(server.loopErrors));
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aHundredThousandSequentialConnectionsLeaveNoThreadsOrFilesBehind() throws Exception {
        try (BackgroundEchoServer server = new BackgroundEchoServer(s -> s.out(line -> { }))) {
            for (int i = 0; i < 200; i++) { // warm up: let lazily created threads and buffers appear
                PlainClient.exchange(server.port, "warm up");
            }
            server.awaitIdle();
            int threads = threadCount();
            int fds = openFiles();

            for (int i = 0; i < 100_000; i++) {
                String reply = PlainClient.exchange(server.port, "n" + i);
                if (!reply.equals(ReverseEcho.reverse("n" + i))) {
                    throw new AssertionError("connection " + i + ": got " + reply);
                }
            }

            // Let the server notice the last clients' close and release their sockets.
            server.awaitIdle();
            for (int i = 0; i < 100 && (threadCount() > threads || openFiles() > fds); i++) {
                Thread.sleep(50);
            }
            assertTrue(threadCount() <= threads, "threads: " + threadCount() + " now, " + threads + " before");
            if (fds >= 0) {
                assertTrue(openFiles() <= fds, "open files: " + openFiles() + " now, " + fds + " before");
            }
            assertEquals(List.of(), server.logLines());
            assertEquals(List.of(), List.copyOf(server.loopErrors));
        }
    }

    private static int threadCount() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Entries in /proc/self/fd, or -1 where there is no /proc (macOS). */
    private static int openFiles() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }
}
