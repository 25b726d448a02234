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
    /** {@code :tasks}: a {@link TaskRow} a task, in creation order. */
    TASKS,
    /** {@code :timeline}: the globs (a String, "" for all) in, a {@link Chart} out: the console draws it. */
    TIMELINE,
    /** {@code :start-server}: the Integer port wanted (0: any free one) in, a {@link Started} out. */
    START_SERVER,
    /** {@code :stop-server}: no argument or result. */
    STOP_SERVER,
    /** {@code :send}: a {@link Message} in, the reply (a String) out. */
    SEND;

    /** A request that needs the loop fails when the loop does not answer within this time. */
    public static final long LOOP_ANSWER_MILLIS = 2_000;

    /**
     * One task, for {@code :tasks}: where it waits is the newest frame of its own code, as the
     * class JShell wrapped the snippet in ("REPL.$JShell$24") and the line in that wrapper (null
     * and -1 when it has none); the console, which holds the sources, fills in {@code at}, the
     * snippet's line there.
     */
    public record TaskRow(String name, String state, String waitingOn, double age, String frameClass, int frameLine,
            String at) implements Serializable {
        /** This row with {@code at} filled in. */
        public TaskRow at(String text) {
            return new TaskRow(name, state, waitingOn, age, frameClass, frameLine, text);
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
     * The server listens on {@code port}; {@code lines} are what it said as it started
     * ("serving on ..."), for the console to show once it knows the port.
     */
    public record Started(int port, List<String> lines) implements Serializable {
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
