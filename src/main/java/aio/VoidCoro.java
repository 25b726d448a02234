package aio;

/** A coroutine with no result, such as {@code () -> { sleep(1); System.out.println("done"); }}. */
@FunctionalInterface
public interface VoidCoro extends Awaitable<Void> {
    void run() throws Exception;

    /** This coroutine as one whose result is {@code null}. */
    default Coro<Void> asCoro() {
        return new AsCoro(this);
    }
}
