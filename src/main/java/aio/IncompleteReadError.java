package aio;

import java.io.EOFException;
import java.io.UncheckedIOException;

/**
 * The stream ended before a read could complete: asyncio's {@code IncompleteReadError} (an
 * {@code EOFError}; here an UncheckedIOException caused by an {@link EOFException}). Raised by
 * {@link StreamReader#readexactly} and {@link StreamReader#readuntil}; {@link #partial()} holds
 * the bytes that were read before the end.
 */
public class IncompleteReadError extends UncheckedIOException {
    private final byte[] partial;
    private final Integer expected;

    /** {@code expected} is the number of bytes asked for, or null when it was not a count (readuntil). */
    public IncompleteReadError(byte[] partial, Integer expected) {
        this(message(partial, expected), partial, expected);
    }

    private IncompleteReadError(String message, byte[] partial, Integer expected) {
        super(message, new EOFException(message));
        this.partial = partial.clone();
        this.expected = expected;
    }

    private static String message(byte[] partial, Integer expected) {
        return partial.length + " bytes read on a total of "
                + (expected == null ? "undefined" : expected.toString()) + " expected bytes";
    }

    /** The bytes read before the end of the stream (a copy). */
    public byte[] partial() {
        return partial.clone();
    }

    /** How many bytes were expected, or null if undefined (readuntil). */
    public Integer expected() {
        return expected;
    }
}
