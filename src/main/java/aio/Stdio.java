package aio;

/**
 * Where a subprocess's standard stream goes: asyncio's {@code subprocess.PIPE},
 * {@code DEVNULL}, {@code STDOUT}, and {@code None} (inherit). See {@link SubprocessOptions}.
 */
public enum Stdio {
    /** A pipe to this program: {@link Subprocess#stdin()}, {@link Subprocess#stdout()}, {@link Subprocess#stderr()}. */
    PIPE,
    /** The null device: reads see end of file, writes are discarded. */
    DEVNULL,
    /** The JVM's own stream (asyncio's default, {@code None}). */
    INHERIT,
    /** For stderr only: into the same place as stdout. */
    STDOUT
}
