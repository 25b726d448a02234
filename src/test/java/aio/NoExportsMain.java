package aio;

/**
 * A tiny program for {@link CoroutineAvailabilityTest}, started in a JVM without
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}: prints the message of the
 * IllegalStateException that Aio.run must fail with, and exits with status 3.
 */
public final class NoExportsMain {
    private NoExportsMain() {
    }

    /** Runs a trivial main with Aio.run; prints its result, or the refusal's message on stderr (exit 3). */
    public static void main(String[] args) {
        try {
            System.out.println(Aio.run(() -> "ran without the flag"));
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(3);
        }
    }
}
