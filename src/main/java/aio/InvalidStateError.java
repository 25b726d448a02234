package aio;

/** A Future was asked for something its state does not allow: a result that is not ready, a second result. */
public class InvalidStateError extends RuntimeException {
    public InvalidStateError(String message) {
        super(message);
    }
}
