package aio;

import static aio.Aio.await;
import static aio.Aio.gather;
import static aio.Aio.sleep;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The lecture's seed program, {@code sysprog_asyncio.py}, ported line by line:
 *
 * <pre>
 * async def run_task(i):
 *     await asyncio.sleep(random.randint(0,2))
 *     print("Task [{}] is completed.".format(i))
 *     return i
 * async def run_job():   # variant 1: wait
 *     tasks = [run_task(i) for i in range(10)]
 *     done_tasks, pending_tasks = await asyncio.wait(tasks)
 *     for future in done_tasks: print(future.result())
 * async def run_job_():  # variant 2: gather
 *     tasks = [run_task(i) for i in range(10)]
 *     done_tasks = await asyncio.gather(*tasks)
 *     print(done_tasks)
 * asyncio.run(run_job())
 * # Low-level alternative
 * # loop = asyncio.get_event_loop()
 * # try: loop.run_until_complete(run_job_())
 * # finally: loop.close()
 * </pre>
 *
 * <p>{@code random} is a seeded {@link Random} and {@code print} a {@link Consumer}, so that a
 * run is reproducible and its output can be checked; the three entry points run on the virtual
 * clock, so the seconds of sleeping cost no real time. Later lessons mirror this class.
 */
final class SeedProgram {
    /** How many tasks run_job starts. */
    static final int TASKS = 10;

    private final Random random;
    private final Consumer<String> print;

    SeedProgram(long seed, Consumer<String> print) {
        this.random = new Random(seed);
        this.print = print;
    }

    /** What a run printed, how long it took in loop seconds, and what the job returned. */
    record Outcome<R>(List<String> printed, double seconds, R result) {
    }

    /** run_task(i): sleeps 0, 1 or 2 seconds at random, prints that it completed, returns i. */
    Coro<Integer> runTask(int i) {
        return () -> {
            sleep(random.nextInt(3)); // random.randint(0, 2): drawn when the task first runs
            print.accept("Task [" + i + "] is completed.");
            return i;
        };
    }

    private List<Coro<Integer>> tasks() {
        List<Coro<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            tasks.add(runTask(i));
        }
        return tasks;
    }

    /**
     * run_job, variant 1: waits for all ten with {@code Aio.wait} and prints each result. Returns
     * the done and pending sets (Python discards them). The done set keeps the order the tasks
     * were given, where Python's set has an arbitrary order.
     */
    Done<Integer> runJob() {
        Done<Integer> d = Aio.wait(tasks());
        for (Future<Integer> future : d.done()) {
            print.accept(String.valueOf(future.result()));
        }
        return d;
    }

    /** run_job_, variant 2: gathers all ten and prints the list of results, in argument order. */
    List<Integer> runJobGather() {
        List<Integer> doneTasks = await(gather(tasks()));
        print.accept(doneTasks.toString());
        return doneTasks;
    }

    /** {@code asyncio.run(run_job())} on the virtual clock. */
    static Outcome<Done<Integer>> runWithWait(long seed) {
        List<String> printed = new ArrayList<>();
        SeedProgram p = new SeedProgram(seed, printed::add);
        double[] end = new double[1];
        Done<Integer> d = Aio.run(() -> {
            Done<Integer> r = p.runJob();
            end[0] = Aio.time();
            return r;
        }, Options.virtual());
        return new Outcome<>(printed, end[0], d);
    }

    /** {@code asyncio.run(run_job_())} on the virtual clock. */
    static Outcome<List<Integer>> runWithGather(long seed) {
        List<String> printed = new ArrayList<>();
        SeedProgram p = new SeedProgram(seed, printed::add);
        double[] end = new double[1];
        List<Integer> r = Aio.run(() -> {
            List<Integer> results = p.runJobGather();
            end[0] = Aio.time();
            return results;
        }, Options.virtual());
        return new Outcome<>(printed, end[0], r);
    }

    /** The low-level alternative: a new loop, {@code runUntilComplete(run_job_())}, then close. */
    static Outcome<List<Integer>> runLowLevel(long seed) {
        List<String> printed = new ArrayList<>();
        SeedProgram p = new SeedProgram(seed, printed::add);
        EventLoop loop = Aio.newEventLoop(Options.virtual());
        try {
            List<Integer> r = loop.runUntilComplete((Coro<List<Integer>>) p::runJobGather);
            return new Outcome<>(printed, loop.time(), r);
        } finally {
            loop.close();
        }
    }

    /** Runs variant 1 and prints its output: {@code SeedProgram [seed]}. */
    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 2024;
        runWithWait(seed).printed().forEach(System.out::println);
    }
}
