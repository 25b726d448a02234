package aio;

/** Raised when putting on to or getting from a queue that was shut down (asyncio 3.13's {@code QueueShutDown}); see {@link Queue#shutdown(boolean)}. */
public class QueueShutDown extends RuntimeException {
    public QueueShutDown() {
        super();
    }

    public QueueShutDown(String message) {
        super(message);
    }
}
