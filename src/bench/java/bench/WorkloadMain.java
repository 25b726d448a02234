package bench;

/**
 * A runtime workload (or a Java peer's, {@link JavaPeers}) in a JVM of its own, started by {@link RuntimeBench}:
 * {@code java ... bench.WorkloadMain WORKLOAD N [SEED]}, with the workloads and the output
 * line of bench/py_workloads.py: {@code RESULT seconds=S count=N rss_kb=K cpu_seconds=C}, where S
 * is the wall time of the whole {@code run(...)} call, K the process's peak resident set and C
 * the CPU time the process used meanwhile, every thread's (the JIT's and the collector's too):
 * above S when more than one core worked.
 */
public final class WorkloadMain {
    private WorkloadMain() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: WorkloadMain WORKLOAD N [SEED]");
            System.exit(64);
        }
        String workload = args[0];
        int n = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        double cpuStart = ProcessCpu.self();
        long start = System.nanoTime();
        switch (workload) {
            case "tasks" -> RuntimeWorkloads.tasks(n);
            case "pingpong-future" -> RuntimeWorkloads.pingPongFuture(n);
            case "pingpong-queue" -> RuntimeWorkloads.pingPongQueue(n);
            case "timers-virtual" -> RuntimeWorkloads.timers(n, true, seed);
            case "timers-real" -> RuntimeWorkloads.timers(n, false, seed);
            case "tasks-vthreads" -> peer(() -> JavaPeers.virtualThreads(n));
            case "tasks-completablefuture" -> JavaPeers.completableFutures(n);
            case "pingpong-synchronousqueue" -> peer(() -> JavaPeers.pingPongSynchronousQueue(n));
            case "pingpong-exchanger" -> peer(() -> JavaPeers.pingPongExchanger(n));
            case "pingpong-completablefuture" -> JavaPeers.pingPongCompletableFuture(n);
            case "tasks-continuations" -> JavaPeers.continuations(n);
            case "pingpong-continuations" -> JavaPeers.pingPongContinuations(n);
            default -> {
                System.err.println("unknown workload: " + workload);
                System.exit(64);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = ProcessCpu.self() - cpuStart;
        System.out.printf("RESULT seconds=%.6f count=%d rss_kb=%d cpu_seconds=%.6f%n", seconds, n, PeakRss.kib(), cpu);
    }

    /** A peer's workload that may be interrupted (it never is here). */
    private interface Interruptible {
        void run() throws InterruptedException;
    }

    private static void peer(Interruptible workload) {
        try {
            workload.run();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
