package aio.bench;

import static aio.Aio.createTask;
import static aio.Aio.gather;
import static aio.Aio.await;
import static aio.Aio.run;
import static aio.Aio.time;

import aio.CancelledError;
import aio.Task;
import aio.echo.ReverseEcho;
import aio.echo.ReverseEchoClient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The load generator of the echo bench, in a JVM of its own so that the server under test has
 * its process to itself: {@code CLIENTS} tasks on one aio loop, each running the seed's client
 * (connect, send, read the reply, close) through {@link ReverseEchoClient} over and over.
 *
 * <p>{@code java ... aio.bench.LoadMain HOST PORT CLIENTS WARMUP_SECONDS SECONDS RUNS [SERVER_PID]}:
 * a warm-up window that is not reported, then RUNS windows of SECONDS each, one line per window:
 * {@code RESULT connections=C seconds=S per_second=R p50_us=P p99_us=Q errors=E server_cpu_s=T
 * client_cpu_s=U}. The latency of a connection runs from before the connect to after the close.
 * An error is a failed connection or a wrong reply; the first of each window is described on
 * stderr. T is the CPU time the server process (SERVER_PID) used during the window, U this
 * process's (NaN when unknown).
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

    public static void main(String[] args) {
        if (args.length < 6 || args.length > 7) {
            System.err.println("usage: LoadMain HOST PORT CLIENTS WARMUP_SECONDS SECONDS RUNS [SERVER_PID]");
            System.exit(64);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        double warmup = Double.parseDouble(args[3]);
        double seconds = Double.parseDouble(args[4]);
        int runs = Integer.parseInt(args[5]);
        long serverPid = args.length > 6 ? Long.parseLong(args[6]) : -1;
        long me = ProcessHandle.current().pid();
        if (warmup > 0) {
            window(host, port, clients, warmup);
        }
        for (int i = 0; i < runs; i++) {
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
            System.out.printf(Locale.ROOT, "RESULT connections=%d seconds=%.6f per_second=%.1f p50_us=%.1f p99_us=%.1f"
                            + " errors=%d server_cpu_s=%.2f client_cpu_s=%.2f%n",
                    w.count, elapsed, w.count / elapsed,
                    Stats.percentile(sorted, w.count, 50) / 1e3, Stats.percentile(sorted, w.count, 99) / 1e3,
                    w.errors, serverCpu, clientCpu);
            System.out.flush();
        }
    }

    /** {@code clients} tasks exchanging messages with the server for {@code seconds}. */
    private static Window window(String host, int port, int clients, double seconds) {
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
