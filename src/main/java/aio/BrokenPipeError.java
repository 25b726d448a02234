package aio;

import java.io.IOException;

/** A write to a connection the peer has closed: asyncio's {@code BrokenPipeError}. */
public class BrokenPipeError extends ConnectionError {
    public BrokenPipeError(String message) {
        super(message);
    }

    public BrokenPipeError(String message, IOException cause) {
        super(message, cause);
    }
}
