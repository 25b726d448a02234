package aio;

import java.io.IOException;

/** Nothing listens at the address: asyncio's {@code ConnectionRefusedError}, from {@link Aio#openConnection}. */
public class ConnectionRefusedError extends ConnectionError {
    public ConnectionRefusedError(String message) {
        super(message);
    }

    public ConnectionRefusedError(String message, IOException cause) {
        super(message, cause);
    }
}
