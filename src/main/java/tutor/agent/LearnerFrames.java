package tutor.agent;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tutor.Messages;
import java.util.stream.Collectors;

/**
 * The loop's reports ("Exception in callback ...", "Task exception was never retrieved") with
 * their stack traces cut down to the learner's own frames: the runtime's, the agent's and the
 * JDK's plumbing below a task or a callback say nothing to a learner (Python's asyncio shows
 * one frame of its own, {@code events.py _run}; the ones here would be eight).
 */
public final class LearnerFrames {
    private static final Pattern PLUMBING = Pattern.compile(
            "\\s+at (aio\\.[A-Z][\\w$]*\\.|tutor\\.agent\\.|java\\.base/java\\.lang\\.Thread\\.run"
                    + "|java\\.base/java\\.lang\\.VirtualThread\\.|java\\.base/jdk\\.internal\\.|java\\.base/java\\.lang\\.reflect\\.).*");

    private LearnerFrames() {
    }

    /** True for a frame of the runtime, the agent or the JDK's internals (as StackTraceElement.toString writes it). */
    static boolean isPlumbing(StackTraceElement frame) {
        return PLUMBING.matcher("\tat " + frame).matches();
    }

    /**
     * {@code text} safe from JShell, which strips what looks like its wrapper classes'
     * names ({@code $JShell$24.}) from values and messages before the console sees them, and so
     * would turn {@code $JShell$24.java:9} into {@code java:9}: the console's SnippetNames reads
     * {@code @JShell@24.java:9} as it reads the original.
     */
    static String protect(String text) {
        return text == null ? null : text.replace("$JShell$", "@JShell@");
    }

    /**
     * Separates a report's one line from its details on the agent's error stream: the console
     * shows the line and keeps the details for {@code :trace} (U+001E, the record separator; the
     * details' own line breaks are U+001F).
     */
    public static final char DETAILS = '\u001e';
    public static final char DETAILS_NEWLINE = '\u001f';

    private static final Pattern TASK_NAME = Pattern.compile("(?m)^task: <Task \\w+ name='([^']*)'");
    private static final Pattern EXCEPTION_LINE = Pattern.compile("(?m)^([\\w.$]+(?:Exception|Error|Throwable)[\\w$]*)(?:: (.*))?$");

    /**
     * A loop's report as the learner sees it: "Task exception was never retrieved" on one line
     * with the task's name and its exception, the details after {@link #DETAILS} (asyncio logs
     * them all; here they wait for {@code :trace}); any other report with the learner's frames only.
     */
    public static String forLearner(String report) {
        String details = only(report);
        boolean task = report.startsWith("Task exception was never retrieved");
        if (!task && !report.startsWith("Future exception was never retrieved")) {
            return details;
        }
        Matcher e = EXCEPTION_LINE.matcher(report);
        String exception = "?";
        if (e.find()) {
            String cls = e.group(1);
            String simple = cls.startsWith("java.lang.") || cls.startsWith("aio.") ? cls.substring(cls.lastIndexOf('.') + 1) : cls;
            exception = e.group(2) == null ? simple : simple + ": " + e.group(2);
        }
        Matcher name = TASK_NAME.matcher(report);
        String line = task ? Messages.get("loop.never-retrieved.task", name.find() ? name.group(1) : "?", exception)
                : Messages.get("loop.never-retrieved.future", exception);
        return line + DETAILS + details.replace('\n', DETAILS_NEWLINE);
    }

    /** {@code report} without the stack frames of the runtime, the agent and the JDK's internals. */
    static String only(String report) {
        if (!report.contains("\tat ") && !report.contains("    at ")) {
            return report;
        }
        return report.lines().filter(line -> !PLUMBING.matcher(line).matches()).collect(Collectors.joining("\n"));
    }
}
