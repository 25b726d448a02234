package aio;

/**
 * The code a {@link Server} runs for each client: asyncio's {@code client_connected_cb}, as a
 * lambda {@code (reader, writer) -> { ... }}. Each connection's handler runs as its own task.
 * When it returns or throws, the connection is closed (its buffered output still sent); an
 * exception is reported to the loop's exception handler and the server keeps serving.
 */
@FunctionalInterface
public interface ClientHandler {
    void handle(StreamReader reader, StreamWriter writer) throws Exception;
}
