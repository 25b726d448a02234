package aio;

import java.util.List;

/**
 * What the loop hands its exception handler (asyncio's context dict): a message, and where
 * known the exception, the future or task, the handle whose callback failed, and, in debug mode,
 * where the future or task was created (asyncio's {@code source_traceback}, oldest frame first).
 */
public record ErrorContext(String message, Throwable exception, Future<?> future, Handle handle,
        List<StackTraceElement> sourceTraceback) {

    /** A context without a creation site. */
    public ErrorContext(String message, Throwable exception, Future<?> future, Handle handle) {
        this(message, exception, future, handle, List.of());
    }

    public ErrorContext {
        sourceTraceback = sourceTraceback == null ? List.of() : List.copyOf(sourceTraceback);
    }

    /**
     * The report as the default handler prints it: the message, then what it concerns, a line
     * per key in asyncio's order (sorted by key: {@code future}, {@code handle},
     * {@code source_traceback}, {@code task}).
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(message);
        boolean isTask = future instanceof Task;
        if (future != null && !isTask) {
            sb.append("\nfuture: ").append(future);
        }
        if (handle != null && future == null) {
            sb.append("\nhandle: ").append(handle);
        }
        if (!sourceTraceback.isEmpty()) {
            sb.append("\nsource_traceback: Object created at (most recent call last):\n")
                    .append(TaskStack.format(sourceTraceback).stripTrailing());
        }
        if (isTask) {
            sb.append("\ntask: ").append(future);
        }
        return sb.toString();
    }
}
