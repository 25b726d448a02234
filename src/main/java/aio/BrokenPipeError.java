package aio;

import java.io.IOException;

/** A write to a connection the peer has closed: asyncio's {@code BrokenPipeError}. */
public class BrokenPipeError extends ConnectionError {
    /** An error with this message and no underlying IOException. */
    public BrokenPipeError(String message) {
        super(message);
    }

    /** An error with this message, caused by {@code cause}. */
    public BrokenPipeError(String message, IOException cause) {
        super(message, cause);
    }
}
