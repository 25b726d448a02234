package aio;

/**
 * Checks that the JVM lets aio use {@code jdk.internal.vm.Continuation}. This cannot live in
 * {@link Coroutine}: without the export, merely linking that class (its Continuation subclass,
 * its ContinuationScope) throws an IllegalAccessError before any of its code runs. This class
 * names no {@code jdk.internal.vm} type, so the check itself always runs.
 */
final class ContinuationSupport {
    private ContinuationSupport() {
    }

    /**
     * Returns normally when {@code java.base} exports {@code jdk.internal.vm} to aio; otherwise
     * throws an IllegalStateException whose one-line message names the JVM option to add,
     * instead of an IllegalAccessError deep inside the first task.
     */
    static void checkAvailable() {
        Module javaBase = Object.class.getModule();
        if (!javaBase.isExported("jdk.internal.vm", ContinuationSupport.class.getModule())) {
            throw new IllegalStateException("aio needs the JVM option "
                    + "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED (run.sh passes it)");
        }
    }
}
