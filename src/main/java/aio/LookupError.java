package aio;

import java.util.NoSuchElementException;

/**
 * Raised by {@link ContextVar#get()} for a variable that has no value in the current context and
 * no default: Python's {@code LookupError}. A {@link NoSuchElementException}, the Java exception
 * for the same case.
 */
public class LookupError extends NoSuchElementException {
    /** An error whose message names the variable, as Python's {@code LookupError(<ContextVar ...>)}. */
    public LookupError(String message) {
        super(message);
    }
}
