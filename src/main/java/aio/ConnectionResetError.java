package aio;

import java.io.IOException;

/**
 * The peer reset the connection, or the connection was lost while writing: asyncio's
 * {@code ConnectionResetError}. Raised by reads after a reset and by
 * {@link StreamWriter#drain()} once the connection is gone.
 */
public class ConnectionResetError extends ConnectionError {
    public ConnectionResetError(String message) {
        super(message);
    }

    public ConnectionResetError(String message, IOException cause) {
        super(message, cause);
    }
}
