package tutor.agent;

import java.io.Serializable;
import java.util.List;

/**
 * What the console asks of the agent besides running snippets: the one narrow channel from the
 * console's commands to the loop, carried as JShell extension commands (the name is the
 * command, the argument and result are serialized). A request that cannot be done fails with
 * a one-line message (a {@link Failure} in the agent, a UserException naming it at the
 * console); none waits for a blocked loop for longer than {@link #LOOP_ANSWER_MILLIS}.
 */
public enum Request {
    /** A Java input begins: a Ctrl-C from before it no longer counts; the timeline marks it. No argument or result. */
    INPUT_STARTS,
    /** The Java input has run (its tasks may go on). No argument or result. */
    INPUT_ENDED,
    /**
     * {@code :tasks}: a {@link TaskRow} a task, in creation order; then one for each task that
     * failed since the last Java input began ({@link TaskRow#FAILED}). In debug mode each row
     * says where its task was created (the frame, as the JVM writes it).
     */
    TASKS,
    /** {@code :loop}: no argument; a {@link LoopRun} out, the last input's loop iterations. */
    LOOP,
    /** {@code :timeline}: the globs (a String, "" for all) in, a {@link Chart} out: the console draws it. */
    TIMELINE,
    /** {@code :start-server}: the Integer port wanted (0: any free one) in, a {@link Started} out. */
    START_SERVER,
    /** {@code :stop-server}: no argument or result. */
    STOP_SERVER,
    /** {@code :send}: a {@link Message} in, the reply (a String) out. */
    SEND,
    /**
     * After a method was replaced: the tasks not done, each with the classes of the learner's
     * code on its stack ({@link TaskCode}), to say which ones keep running the old body.
     */
    TASK_CODE,
    /**
     * A variable JShell compiled again (a method it uses was replaced) starts as null in its new
     * class: a {@link Carry} in, true out when its old value was copied over.
     */
    CARRY_VALUE,
    /** {@code :lang}: the language's tag (a String, "ru") in; the agent's lines are in it from now on. No result. */
    LANGUAGE;

    /** A request that needs the loop fails when the loop does not answer within this time. */
    public static final long LOOP_ANSWER_MILLIS = 2_000;

    /**
     * One task, for {@code :tasks}: where it waits is the newest frame of its own code, as the
     * class JShell wrapped the snippet in ("REPL.$JShell$24") and the line in that wrapper (null
     * and -1 when it has none); the console, which holds the sources, fills in {@code at}, the
     * snippet's line there. {@code createdAt}: in debug mode, the frame that created it; else null.
     */
    public record TaskRow(String name, String state, String waitingOn, double age, String frameClass, int frameLine,
            String at, String createdAt) implements Serializable {
        /** The state of a row for a task that failed since the last input began: {@code waitingOn} is its exception. */
        public static final String FAILED = "failed";

        /** This row with {@code at} filled in. */
        public TaskRow at(String text) {
            return new TaskRow(name, state, waitingOn, age, frameClass, frameLine, text, createdAt);
        }

        /** This row with {@code createdAt} as the learner reads it. */
        public TaskRow createdAt(String text) {
            return new TaskRow(name, state, waitingOn, age, frameClass, frameLine, at, text);
        }

        public boolean failed() {
            return FAILED.equals(state);
        }
    }

    /**
     * What {@code :timeline} draws: the recording of the last Java input's tasks (at most a
     * screenful; {@code more} counts those left out), or why there is none.
     */
    public record Chart(aio.Timeline.Snapshot snapshot, int more, Why why) implements Serializable {
        /** Why there is no chart. */
        public enum Why {
            /** No Java has run yet. */
            NOTHING_RAN,
            /** The globs matched no task of the last input (an error). */
            NO_SUCH_TASK,
            /** The recording has moved on since (it is bounded). */
            FORGOTTEN
        }
    }

    /**
     * What {@code :loop} steps through: the loop's iterations while the last Java input ran,
     * oldest first; {@code skipped} counts those of its first ones the memory bound dropped;
     * {@code why} says why there are none (null when there are).
     */
    public record LoopRun(List<aio.Timeline.Iteration> iterations, long skipped, Chart.Why why) implements Serializable {
    }

    /**
     * The server listens on {@code port}; {@code lines} are what it said as it started
     * ("serving on ..."), for the console to show once it knows the port.
     */
    public record Started(int port, List<String> lines) implements Serializable {
    }

    /** Copy static field {@code field} of class {@code from} into the same field of {@code to}. */
    public record Carry(String from, String to, String field) implements Serializable {
    }

    /** A task and the classes JShell made of the learner's snippets that are on its stack now. */
    public record TaskCode(String task, List<String> classes) implements Serializable {
    }

    /** {@code :send TEXT} to a port. */
    public record Message(String text, int port) implements Serializable {
    }

    /** A request failed in a way worth one line to the learner; its message is that line. */
    public static final class Failure extends RuntimeException {
        public Failure(String message) {
            super(message, null, false, false);
        }
    }
}
