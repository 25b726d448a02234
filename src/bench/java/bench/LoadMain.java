package bench;

import static aio.Aio.await;
import static aio.Aio.createTask;
import static aio.Aio.gather;
import static aio.Aio.run;
import static aio.Aio.time;

import aio.CancelledError;
import aio.Task;
import lecture.ReverseEcho;
import lecture.ReverseEchoClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The load generator of the echo bench, in a JVM of its own so that the server under test has
 * its process to itself: CLIENTS tasks on aio loops (one loop a core, see {@link #LOOPS}), each
 * running the seed's client (connect, send, read the reply, close) through
 * {@link ReverseEchoClient} over and over.
 *
 * <p>It reads one window a line from stdin, {@code HOST PORT CLIENTS SECONDS [SERVER_PID]},
 * loads that server for that long, and answers with one line:
 * {@code RESULT connections=C seconds=S per_second=R p50_us=P p99_us=Q errors=E
 * server_cpu_s=T client_cpu_s=U}. The latency of a connection runs from before the connect
 * to after the close. An error is a failed connection or a wrong reply; the first of each
 * window is described on stderr. T is the CPU time the server process used during the window,
 * U this process's (NaN when unknown). It ends at the end of its input. The bench keeps one
 * running for all its windows, so its JIT is warm after the first few.
 */
public final class LoadMain {
    static final String MESSAGE = "Hello, reverse echo! 0123456789";
    private static final String EXPECTED = ReverseEcho.reverse(MESSAGE);

    private LoadMain() {
    }

    /** One window's numbers. */
    private static final class Window {
        long[] latencies = new long[1 << 14];
        int count;
        int errors;
        String firstError;

        void add(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }

        void error(String what) {
            if (errors++ == 0) {
                firstError = what;
            }
        }
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length < 4) {
                System.err.println("load: want HOST PORT CLIENTS SECONDS [SERVER_PID], got: " + line);
                System.exit(64);
            }
            long serverPid = f.length > 4 ? Long.parseLong(f[4]) : -1;
            System.out.println(measure(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                    Double.parseDouble(f[3]), serverPid));
            System.out.flush();
        }
    }

    /** One window against host:port: its RESULT line. */
    static String measure(String host, int port, int clients, double seconds, long serverPid) {
        long me = ProcessHandle.current().pid();
        double serverCpu = ProcessCpu.seconds(serverPid);
        double clientCpu = ProcessCpu.seconds(me);
        long start = System.nanoTime();
        Window w = window(host, port, clients, seconds);
        double elapsed = (System.nanoTime() - start) / 1e9;
        serverCpu = ProcessCpu.seconds(serverPid) - serverCpu;
        clientCpu = ProcessCpu.seconds(me) - clientCpu;
        if (w.firstError != null) {
            System.err.println("load: " + w.errors + " errors, the first: " + w.firstError);
        }
        long[] sorted = Arrays.copyOf(w.latencies, w.count);
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "RESULT connections=%d seconds=%.6f per_second=%.1f p50_us=%.1f p99_us=%.1f"
                        + " errors=%d server_cpu_s=%.2f client_cpu_s=%.2f",
                w.count, elapsed, w.count / elapsed,
                Stats.percentile(sorted, w.count, 50) / 1e3, Stats.percentile(sorted, w.count, 99) / 1e3,
                w.errors, serverCpu, clientCpu);
    }

    /**
     * The clients are spread over this many loops, each on a thread of its own: one per core,
     * so that the load generator is not held to one core while the server under test may use
     * more (the {@code bench.loops} property overrides it).
     */
    static final int LOOPS = Integer.getInteger("bench.loops", Runtime.getRuntime().availableProcessors());

    /** {@code clients} tasks exchanging messages with the server for {@code seconds}. */
    private static Window window(String host, int port, int clients, double seconds) {
        int n = Math.min(LOOPS, clients);
        if (n <= 1) {
            return oneLoop(host, port, clients, seconds);
        }
        Window[] parts = new Window[n];
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            int k = i;
            int share = clients / n + (i < clients % n ? 1 : 0);
            threads[i] = Thread.ofPlatform().start(() -> parts[k] = oneLoop(host, port, share, seconds));
        }
        Window all = new Window();
        for (int i = 0; i < n; i++) {
            try {
                threads[i].join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int j = 0; j < parts[i].count; j++) {
                all.add(parts[i].latencies[j]);
            }
            if (parts[i].errors > 0) {
                if (all.firstError == null) {
                    all.firstError = parts[i].firstError;
                }
                all.errors += parts[i].errors;
            }
        }
        return all;
    }

    private static Window oneLoop(String host, int port, int clients, double seconds) {
        Window w = new Window();
        run(() -> {
            double deadline = time() + seconds;
            List<Task<Void>> tasks = new ArrayList<>(clients);
            for (int c = 0; c < clients; c++) {
                tasks.add(createTask(() -> {
                    while (time() < deadline) {
                        exchange(host, port, w);
                    }
                }));
            }
            await(gather(tasks));
        });
        return w;
    }

    private static void exchange(String host, int port, Window w) {
        long t0 = System.nanoTime();
        try {
            String reply = ReverseEchoClient.send(host, port, MESSAGE, line -> { });
            if (reply.equals(EXPECTED)) {
                w.add(System.nanoTime() - t0);
            } else {
                w.error("wrong reply [" + reply + "]");
            }
        } catch (CancelledError e) {
            throw e;
        } catch (RuntimeException e) {
            w.error(e.toString());
        }
    }
}
