package aio;

/**
 * A bounded semaphore: asyncio's {@code BoundedSemaphore}. A {@link Semaphore} whose
 * {@link #release()} raises IllegalStateException (Python: ValueError) if it would increase
 * the counter above its initial value, which catches a release without a matching acquire.
 */
public final class BoundedSemaphore extends Semaphore {
    private final int boundValue;

    /** A bounded semaphore with counter (and bound) 1. */
    public BoundedSemaphore() {
        this(1);
    }

    /** A bounded semaphore whose counter starts at, and may never exceed, {@code value} (at least 0). */
    public BoundedSemaphore(int value) {
        super(value);
        this.boundValue = value;
    }

    /**
     * Release the semaphore (see {@link Semaphore#release()}). Raises IllegalStateException
     * "BoundedSemaphore released too many times" if the counter is already at its initial value.
     */
    @Override
    public void release() {
        checkThread();
        if (value >= boundValue) {
            throw new IllegalStateException("BoundedSemaphore released too many times");
        }
        super.release();
    }
}
