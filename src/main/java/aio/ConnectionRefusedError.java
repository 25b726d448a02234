package aio;

import java.io.IOException;

/** Nothing listens at the address: asyncio's {@code ConnectionRefusedError}, from {@link Aio#openConnection}. */
public class ConnectionRefusedError extends ConnectionError {
    /** An error with this message and no underlying IOException. */
    public ConnectionRefusedError(String message) {
        super(message);
    }

    /** An error with this message, caused by {@code cause}. */
    public ConnectionRefusedError(String message, IOException cause) {
        super(message, cause);
    }
}
