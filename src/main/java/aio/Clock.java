package aio;

/**
 * The loop's idea of time, in nanoseconds from an arbitrary origin.
 *
 * <p>{@link #real()} follows the monotonic system clock. {@link #virtual()} starts at 0 and moves
 * only when the loop has nothing to run: it jumps straight to the next timer, so
 * {@code sleep(3600)} finishes at once and a program's output does not depend on the machine's
 * speed. Tests and lesson playback use the virtual clock.
 */
public interface Clock {
    long nanos();

    /** True when the loop may advance this clock instead of waiting. */
    default boolean isVirtual() {
        return false;
    }

    /** Moves a virtual clock forward to {@code nanos}; a real clock ignores it. */
    default void advanceTo(long nanos) {
    }

    static Clock real() {
        return new Clock() {
            private final long origin = System.nanoTime();

            @Override
            public long nanos() {
                return System.nanoTime() - origin;
            }

            @Override
            public String toString() {
                return "real clock";
            }
        };
    }

    static Clock virtual() {
        return new Clock() {
            private long now;

            @Override
            public long nanos() {
                return now;
            }

            @Override
            public boolean isVirtual() {
                return true;
            }

            @Override
            public void advanceTo(long nanos) {
                if (nanos > now) {
                    now = nanos;
                }
            }

            @Override
            public String toString() {
                return "virtual clock at " + now / 1e9 + " s";
            }
        };
    }
}
