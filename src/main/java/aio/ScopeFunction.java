package aio;

/**
 * A lambda-form block that returns a value, such as
 * {@code var tasks = taskGroup(tg -> List.of(tg.createTask(a), tg.createTask(b)));}.
 *
 * <p>It extends {@link ScopeBody} only so that Java picks the right overload of
 * {@link Aio#taskGroup}: a lambda that returns a value is a ScopeFunction (the more specific
 * type), a block that returns nothing is a ScopeBody. One case has no overload: an expression
 * lambda calling a method without a result, {@code tg -> sleep(1)}; write braces,
 * {@code tg -> { sleep(1); }}.
 */
@FunctionalInterface
public interface ScopeFunction<S, T> extends ScopeBody<S> {
    T call(S scope) throws Exception;

    /** Runs the block and drops its value. */
    @Override
    default void run(S scope) throws Exception {
        call(scope);
    }
}
