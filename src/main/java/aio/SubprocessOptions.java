package aio;

import java.nio.file.Path;
import java.util.Map;

/**
 * How {@link Aio#createSubprocessExec(SubprocessOptions, String...)} starts a process. Immutable;
 * each method returns a changed copy: {@code SubprocessOptions.pipes().cwd(dir)}.
 *
 * <p>The defaults are asyncio's: every stream inherited from the JVM ({@link Stdio#INHERIT}), so
 * {@code stdout()} is null unless you ask for a pipe. Note that an inherited stream is the JVM's
 * file descriptor, not {@code System.out}: output goes around a redirected {@code System.out}.
 *
 * @param stdin  PIPE, DEVNULL or INHERIT
 * @param stdout PIPE, DEVNULL or INHERIT
 * @param stderr PIPE, DEVNULL, INHERIT or STDOUT (merged into stdout)
 * @param cwd    the working directory, or null for the JVM's
 * @param env    the whole environment (replaces the JVM's, as Popen's {@code env}), or null to inherit it
 * @param limit  the buffer limit of the stdout/stderr readers in bytes (asyncio's {@code limit},
 *               64 KiB): above it the pipe is no longer read until the program consumes, and
 *               {@code readline} fails on longer lines
 */
public record SubprocessOptions(Stdio stdin, Stdio stdout, Stdio stderr, Path cwd, Map<String, String> env, int limit) {
    /** asyncio's {@code streams._DEFAULT_LIMIT}: 64 KiB. */
    public static final int DEFAULT_LIMIT = 64 * 1024;

    public SubprocessOptions {
        if (stdin == null || stdout == null || stderr == null) {
            throw new IllegalArgumentException("stdin, stdout and stderr must not be null (use Stdio.INHERIT)");
        }
        if (stdin == Stdio.STDOUT || stdout == Stdio.STDOUT) {
            throw new IllegalArgumentException("Stdio.STDOUT is only valid for stderr");
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        env = env == null ? null : Map.copyOf(env);
    }

    /** asyncio's defaults: everything inherited, no cwd or env change, a 64 KiB limit. */
    public static SubprocessOptions defaults() {
        return new SubprocessOptions(Stdio.INHERIT, Stdio.INHERIT, Stdio.INHERIT, null, null, DEFAULT_LIMIT);
    }

    /** stdin, stdout and stderr all {@link Stdio#PIPE}: what {@link Subprocess#communicate} usually wants. */
    public static SubprocessOptions pipes() {
        return defaults().stdin(Stdio.PIPE).stdout(Stdio.PIPE).stderr(Stdio.PIPE);
    }

    /** A copy with stdin going to {@code s}: PIPE, DEVNULL or INHERIT. */
    public SubprocessOptions stdin(Stdio s) {
        return new SubprocessOptions(s, stdout, stderr, cwd, env, limit);
    }

    /** A copy with stdout going to {@code s}: PIPE, DEVNULL or INHERIT. */
    public SubprocessOptions stdout(Stdio s) {
        return new SubprocessOptions(stdin, s, stderr, cwd, env, limit);
    }

    /** A copy with stderr going to {@code s}: PIPE, DEVNULL, INHERIT or STDOUT. */
    public SubprocessOptions stderr(Stdio s) {
        return new SubprocessOptions(stdin, stdout, s, cwd, env, limit);
    }

    /** A copy that starts the process in {@code dir} (null: the JVM's working directory). */
    public SubprocessOptions cwd(Path dir) {
        return new SubprocessOptions(stdin, stdout, stderr, dir, env, limit);
    }

    /** A copy whose process gets exactly {@code environment} (null: the JVM's); keep PATH if the program is looked up. */
    public SubprocessOptions env(Map<String, String> environment) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, environment, limit);
    }

    /** A copy with this reader buffer limit (see the {@code limit} component). */
    public SubprocessOptions limit(int bytes) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env, bytes);
    }
}
