package aio;

import java.util.List;

/**
 * What the loop hands its exception handler (asyncio's context dict): a message, and where
 * known the exception, the future or task, the handle whose callback failed, and, in debug mode,
 * where the future or task was created (asyncio's {@code source_traceback}, oldest frame first).
 * A report about a future that the garbage collector has already taken ("Task exception was
 * never retrieved") has no {@code future}, only its repr, {@code futureRepr}, as it was when it
 * failed.
 */
public record ErrorContext(String message, Throwable exception, Future<?> future, Handle handle,
        List<StackTraceElement> sourceTraceback, String futureRepr) {

    /** A context without a creation site. */
    public ErrorContext(String message, Throwable exception, Future<?> future, Handle handle) {
        this(message, exception, future, handle, List.of(), null);
    }

    /** A context about a future still there (or none). */
    public ErrorContext(String message, Throwable exception, Future<?> future, Handle handle,
            List<StackTraceElement> sourceTraceback) {
        this(message, exception, future, handle, sourceTraceback, null);
    }

    public ErrorContext {
        sourceTraceback = sourceTraceback == null ? List.of() : List.copyOf(sourceTraceback);
    }

    /** True when the report is about a task (there, or already collected). */
    private boolean aboutTask() {
        return future instanceof Task || (future == null && futureRepr != null && futureRepr.startsWith("<Task"));
    }

    /** The future or task as shown: its repr now, or as it was when it failed. */
    private String subject() {
        return future != null ? String.valueOf(future) : futureRepr;
    }

    /**
     * The report as the default handler prints it: the message, then what it concerns, a line
     * per key in asyncio's order (sorted by key: {@code future}, {@code handle},
     * {@code source_traceback}, {@code task}).
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(message);
        boolean isTask = aboutTask();
        String subject = subject();
        if (subject != null && !isTask) {
            sb.append("\nfuture: ").append(subject);
        }
        if (handle != null && subject == null) {
            sb.append("\nhandle: ").append(handle);
        }
        if (!sourceTraceback.isEmpty()) {
            sb.append("\nsource_traceback: Object created at (most recent call last):\n")
                    .append(TaskStack.format(sourceTraceback).stripTrailing());
        }
        if (isTask) {
            sb.append("\ntask: ").append(subject);
        }
        return sb.toString();
    }
}
