package aio;

import java.io.IOException;

/**
 * The peer reset the connection, or the connection was lost while writing: asyncio's
 * {@code ConnectionResetError}. Raised by reads after a reset and by
 * {@link StreamWriter#drain()} once the connection is gone.
 */
public class ConnectionResetError extends ConnectionError {
    /** An error with this message and no underlying IOException. */
    public ConnectionResetError(String message) {
        super(message);
    }

    /** An error with this message, caused by {@code cause}. */
    public ConnectionResetError(String message, IOException cause) {
        super(message, cause);
    }
}
