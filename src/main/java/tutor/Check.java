package tutor;

import aio.Aio;
import aio.EventLoop;
import aio.Future;
import aio.Options;
import aio.Task;
import aio.TimeoutError;
import aio.VoidCoro;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a lesson's {@code check} block calls to judge the learner's solution. Inside
 * {@link #run}, a condition that does not hold is noted and the check goes on, so that
 * {@code :check} can list every one ("✗ Not yet: ...", then "✗ Also: ..."): {@link Failed}
 * carries them a line each. An exception the learner's code then throws is taken as a
 * consequence of what was already found; a check that goes on for {@link #AFTER_FIRST_FAILURE}
 * seconds after its first failure is stopped there.
 *
 * <p>The console runs each check through {@link #run}: with a time limit, leaving no task
 * behind, and, where the exercise needs no real I/O, on a virtual clock of its own so that it
 * answers at once however long the sleeps it waits out.
 */
public final class Check {
    /** A check gives up after this long (of its clock: virtual seconds on a virtual one). */
    public static final double LIMIT_SECONDS = 60;

    /** How long a check may go on after a condition failed (of its clock) before it is stopped. */
    public static final double AFTER_FIRST_FAILURE = 5;

    /** The check running on this thread (its loop's thread), or null outside {@link #run}. */
    private static final ThreadLocal<Running> RUNNING = new ThreadLocal<>();

    /** A check in progress: the conditions it found unmet, and its task, to stop it once it has failed. */
    private static final class Running {
        final java.util.List<String> unmet = new java.util.ArrayList<>();
        Task<?> task;
        boolean stopped;
    }

    private Check() {
    }

    /** A check that did not pass; its message says what to fix. */
    public static final class Failed extends RuntimeException {
        public Failed(String message) {
            super(message, null, false, false);
        }
    }

    /** Passes when {@code condition} holds; otherwise fails with {@code whatIsWrong}. */
    public static void that(boolean condition, String whatIsWrong) {
        if (!condition) {
            unmet(whatIsWrong);
        }
    }

    /** Passes when {@code actual} equals {@code expected}; otherwise says what came instead. */
    public static void equal(Object expected, Object actual, String what) {
        if (!Objects.equals(expected, actual)) {
            unmet(Messages.get("check.expected", what, show(expected), show(actual)));
        }
    }

    /** Notes a condition not met, and lets the check go on; outside {@link #run}, fails at once. */
    private static void unmet(String why) {
        Running r = RUNNING.get();
        if (r == null) {
            throw new Failed(why);
        }
        if (!r.unmet.contains(why)) {
            r.unmet.add(why);
        }
        if (r.unmet.size() == 1 && r.task != null) {
            Task<?> t = r.task;
            Aio.getRunningLoop().callLater(AFTER_FIRST_FAILURE, () -> {
                if (!t.done()) {
                    r.stopped = true;
                    t.cancel();
                }
            });
        }
    }

    private static String show(Object o) {
        return o instanceof String s ? "\"" + s + "\"" : String.valueOf(o);
    }

    /**
     * Runs a check: on a fresh loop with a virtual clock, in a thread of its own
     * ({@code virtual}), or as a task on the loop the caller runs on. Either way it gives up
     * after {@link #LIMIT_SECONDS} with a {@link Failed} that says so, and every task the
     * check (or the learner's code it called) started and left running is cancelled.
     */
    public static void run(boolean virtual, VoidCoro check) {
        if (virtual) {
            onOwnLoop(check);
        } else {
            limited(check);
        }
    }

    /**
     * The check as a task of the running loop, cut off at the limit; its leftover tasks
     * cancelled. Fails with every condition it found unmet, a line each.
     */
    private static void limited(VoidCoro check) {
        Set<Task<?>> before = new HashSet<>(Aio.allTasks());
        Running outer = RUNNING.get();
        Running r = new Running();
        RUNNING.set(r);
        try {
            r.task = Aio.createTask(check, "check");
            Aio.waitFor(r.task, LIMIT_SECONDS);
        } catch (TimeoutError e) {
            if (r.unmet.isEmpty()) {
                throw new Failed(Messages.get("check.gave-up", (long) LIMIT_SECONDS));
            }
        } catch (aio.CancelledError e) {
            if (!r.stopped) {
                throw e; // Ctrl-C: not the check's own cut-off
            }
        } catch (RuntimeException e) {
            if (r.unmet.isEmpty()) {
                throw e;
            }
            // the learner's code failed after a condition had: a consequence, reported as that
        } finally {
            RUNNING.set(outer);
            for (Task<?> t : Aio.allTasks()) {
                if (!before.contains(t) && !t.done()) {
                    t.cancel();
                }
            }
        }
        if (!r.unmet.isEmpty()) {
            throw new Failed(String.join("\n", r.unmet));
        }
    }

    /**
     * The check on a virtual clock, on a loop of its own in a thread of its own (the caller's
     * loop stays on the real clock, and free). A wait that nothing could ever end is a
     * deadlock the virtual loop reports at once: the check says so.
     */
    private static void onOwnLoop(VoidCoro check) {
        EventLoop caller = Aio.getRunningLoop();
        Future<Object> done = caller.createFuture();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().daemon().name("aio-check").start(() -> {
            try {
                Aio.run(() -> {
                    // its reports ("Task exception was never retrieved") as the console's loop words them
                    Aio.getRunningLoop().setLogger(report -> System.err.println(tutor.agent.LearnerFrames.forLearner(report)));
                    limited(check);
                }, Options.virtual());
            } catch (Throwable e) {
                failure.set(e);
            }
            try {
                caller.callSoonThreadsafe(() -> {
                    if (!done.done()) {
                        done.setResult(null);
                    }
                });
            } catch (IllegalStateException closed) {
                // the caller's loop is gone: nobody waits for the verdict
            }
        });
        try {
            Aio.await(done);
        } finally {
            thread.interrupt(); // Ctrl-C: a check blocked in its thread lets go
        }
        Throwable e = failure.get();
        if (e instanceof IllegalStateException ise && String.valueOf(ise.getMessage()).startsWith("deadlock")) {
            throw new Failed(Messages.get("check.deadlock"));
        }
        if (e != null) {
            throw sneaky(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
