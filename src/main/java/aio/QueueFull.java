package aio;

/** Raised by {@link Queue#putNowait} when the queue is full (asyncio's {@code QueueFull}). */
public class QueueFull extends RuntimeException {
    public QueueFull() {
        super();
    }

    public QueueFull(String message) {
        super(message);
    }
}
