package aio;

/**
 * What the loop hands its exception handler (asyncio's context dict): a message, and where
 * known the exception, the future or task, and the handle whose callback failed.
 */
public record ErrorContext(String message, Throwable exception, Future<?> future, Handle handle) {

    /** The report as the default handler prints it: the message, then what it concerns. */
    public String describe() {
        StringBuilder sb = new StringBuilder(message);
        if (future != null) {
            sb.append('\n').append(future instanceof Task ? "task: " : "future: ").append(future);
        }
        if (handle != null && future == null) {
            sb.append("\nhandle: ").append(handle);
        }
        return sb.toString();
    }
}
