package aio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.Locale;

/**
 * A connection failed: asyncio's {@code ConnectionError} (an {@code OSError}). Unchecked; the
 * {@link IOException} that caused it, if any, is its cause. Subclasses say how:
 * {@link ConnectionResetError}, {@link ConnectionRefusedError}, {@link BrokenPipeError}.
 */
public class ConnectionError extends UncheckedIOException {

    /** An error with this message and no underlying IOException (one is made to satisfy UncheckedIOException). */
    public ConnectionError(String message) {
        super(message, new IOException(message));
    }

    /** An error with this message, caused by {@code cause}. */
    public ConnectionError(String message, IOException cause) {
        super(message, cause);
    }

    /**
     * The aio error for an I/O failure on a socket, as Python would raise it: a reset peer
     * becomes {@link ConnectionResetError}, a refused connect {@link ConnectionRefusedError}, a
     * write to a closed peer {@link BrokenPipeError}, anything else a plain ConnectionError.
     * {@code context} (may be null) is put in front of the message.
     */
    static ConnectionError of(IOException e, String context) {
        String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        String message = context == null ? reason : context + ": " + reason;
        String lower = reason.toLowerCase(Locale.ROOT);
        if (e instanceof ConnectException && lower.contains("refused")) {
            return new ConnectionRefusedError(message, e);
        }
        if (lower.contains("reset")) {
            return new ConnectionResetError(message, e);
        }
        if (lower.contains("broken pipe")) {
            return new BrokenPipeError(message, e);
        }
        return new ConnectionError(message, e);
    }
}
