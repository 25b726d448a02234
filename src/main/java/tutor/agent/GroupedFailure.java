package tutor.agent;

import aio.ExceptionGroup;
import java.util.List;
import jdk.jshell.spi.ExecutionControl.UserException;

/**
 * An {@link ExceptionGroup} that ended a snippet, made ready to cross to the console: JShell
 * sends only an exception's class, message, stack and cause, so the group's sub-exceptions,
 * what a learner needs to know what failed, travel as further lines of its message, one each
 * ("1. java.lang.IllegalStateException: boom"), each followed by its frames in the learner's
 * code ("      at ..."), a nested group's indented under it, as Python's traceback shows the
 * tree. The console prints the sub-exceptions under the group's line, and {@code :trace} the frames too.
 */
final class GroupedFailure {
    /** Sub-exceptions listed at most, per group: a thousand failed tasks need not cross. */
    static final int MAX_LISTED = 20;

    private GroupedFailure() {
    }

    static UserException of(ExceptionGroup group) {
        StringBuilder message = new StringBuilder(LearnerFrames.protect(String.valueOf(group.getMessage())));
        list(group, "", message);
        UserException converted = new UserException(message.toString(), group.getClass().getName(), group.getStackTrace());
        if (group.getCause() != null) {
            converted.initCause(new UserException(String.valueOf(group.getCause().getMessage()),
                    group.getCause().getClass().getName(), group.getCause().getStackTrace()));
        }
        return converted;
    }

    private static void list(ExceptionGroup group, String indent, StringBuilder out) {
        List<Throwable> subs = group.exceptions();
        for (int i = 0; i < subs.size() && i < MAX_LISTED; i++) {
            Throwable e = subs.get(i);
            String text = e.getMessage() == null || e.getMessage().isEmpty() ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
            out.append('\n').append(indent).append(i + 1).append(". ").append(e.getClass().getName()).append(text);
            for (StackTraceElement frame : e.getStackTrace()) { // for :trace; the prompt shows none
                if (!LearnerFrames.isPlumbing(frame)) {
                    out.append('\n').append(indent).append("      at ").append(LearnerFrames.protect(frame.toString()));
                }
            }
            if (e instanceof ExceptionGroup nested) {
                list(nested, indent + "   ", out);
            }
        }
        if (subs.size() > MAX_LISTED) {
            out.append('\n').append(indent).append("... ").append(subs.size() - MAX_LISTED).append(" more");
        }
    }
}
