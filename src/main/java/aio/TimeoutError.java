package aio;

/** Raised by {@link Aio#waitFor}, {@link Aio#timeout} and {@link Aio#asCompleted} when time runs out. */
public class TimeoutError extends RuntimeException {
    public TimeoutError() {
        super();
    }

    public TimeoutError(String message) {
        super(message);
    }

    public TimeoutError(String message, Throwable cause) {
        super(message, cause);
    }
}
