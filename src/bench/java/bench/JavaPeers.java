package bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Exchanger;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workloads of {@link RuntimeWorkloads} as a Java programmer would write them without aio:
 * virtual threads, which suspend as tasks do, and CompletableFuture, which does not suspend at
 * all (a callback runs when a value is there: nothing waits, so it is a peer for the cost of the
 * hand-off only).
 */
final class JavaPeers {
    private JavaPeers() {
    }

    /** n virtual threads that each yield once ({@code sleep(0)}'s counterpart), started, then joined. */
    static void virtualThreads(int n) throws InterruptedException {
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().start(Thread::yield));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /** n CompletableFutures run on the common pool, each an empty step, then all joined. */
    static void completableFutures(int n) {
        CompletableFuture<?>[] all = new CompletableFuture<?>[n];
        for (int i = 0; i < n; i++) {
            all[i] = CompletableFuture.runAsync(() -> { });
        }
        CompletableFuture.allOf(all).join();
    }

    /** Two virtual threads hand an item back and forth through two SynchronousQueues: one switch per take. */
    static void pingPongSynchronousQueue(int switches) throws InterruptedException {
        int rounds = switches / 2;
        SynchronousQueue<Integer> toPong = new SynchronousQueue<>();
        SynchronousQueue<Integer> toPing = new SynchronousQueue<>();
        Thread pong = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    toPing.put(toPong.take());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread ping = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    toPong.put(i);
                    toPing.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ping.join();
        pong.join();
    }

    /** Two virtual threads swap an item through an Exchanger: each exchange wakes the other side. */
    static void pingPongExchanger(int switches) throws InterruptedException {
        int rounds = switches / 2;
        Exchanger<Integer> exchanger = new Exchanger<>();
        Runnable side = () -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    exchanger.exchange(i);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Thread a = Thread.ofVirtual().start(side);
        Thread b = Thread.ofVirtual().start(side);
        a.join();
        b.join();
    }

    /**
     * Two parties hand control back and forth with CompletableFutures on one thread: each step
     * completes a future whose callback runs the other's step. Nothing suspends; a step that has
     * to wait is a callback, run later by the executor.
     */
    static void pingPongCompletableFuture(int switches) {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Void> done = new CompletableFuture<>();
            AtomicInteger left = new AtomicInteger(switches);
            Runnable[] step = new Runnable[1];
            step[0] = () -> {
                if (left.decrementAndGet() <= 0) {
                    done.complete(null);
                } else {
                    new CompletableFuture<Void>().completeAsync(() -> null, one).thenRun(step[0]);
                }
            };
            one.execute(step[0]);
            done.join();
        } finally {
            one.shutdown();
        }
    }

    // ---- bare JDK continuations: a task's stack with no loop around it (the floor, not a rival) ----

    private static final jdk.internal.vm.ContinuationScope BARE = new jdk.internal.vm.ContinuationScope("bench");

    /**
     * n continuations, the class aio's tasks and virtual threads are built on, each run until
     * it yields once, then run to its end: what suspending a million stacks costs by itself.
     */
    static void continuations(int n) {
        jdk.internal.vm.Continuation[] all = new jdk.internal.vm.Continuation[n];
        for (int i = 0; i < n; i++) {
            all[i] = new jdk.internal.vm.Continuation(BARE, () -> jdk.internal.vm.Continuation.yield(BARE));
        }
        for (jdk.internal.vm.Continuation c : all) {
            c.run(); // to its yield
        }
        for (jdk.internal.vm.Continuation c : all) {
            c.run(); // to its end
        }
    }

    /**
     * Two continuations on one thread, each yielding back at once, run in turn: one switch per
     * run, a stack frozen and another thawed, with nothing chosen and nothing handed over. No
     * runtime that suspends a stack switches faster.
     */
    static void pingPongContinuations(int switches) {
        Runnable yieldForever = () -> {
            while (true) {
                jdk.internal.vm.Continuation.yield(BARE);
            }
        };
        jdk.internal.vm.Continuation a = new jdk.internal.vm.Continuation(BARE, yieldForever);
        jdk.internal.vm.Continuation b = new jdk.internal.vm.Continuation(BARE, yieldForever);
        for (int i = 0; i < switches / 2; i++) {
            a.run();
            b.run();
        }
    }
}
