package aio;

/**
 * The block of a lambda-form {@code async with}: {@code tg -> { tg.createTask(...); }} for
 * {@link Aio#taskGroup(ScopeBody)}, {@code t -> { ... t.reschedule(...); ... }} for
 * {@link Aio#timeout(double, ScopeBody)}. It receives the scope ({@link TaskGroup},
 * {@link Timeout}), as Python's {@code async with ... as tg:} names it, and returns nothing.
 * A block that returns a value is a {@link ScopeFunction}.
 */
@FunctionalInterface
public interface ScopeBody<S> {
    void run(S scope) throws Exception;
}
