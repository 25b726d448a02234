package aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The loop's I/O hooks (add/remove reader and writer), which streams are built on. */
class EventLoopIoTest {

    /**
     * Removing a channel's last callback cancels its selection key, and the key stays
     * registered until the next select. Adding a callback again in the same iteration (a
     * transport that stops writing and writes again, a connect that becomes a reader) must
     * still work. asyncio: test_selector_events.py, test_add_reader_existing / test_remove_reader.
     */
    @Test
    void readerCanBeAddedAgainInTheIterationThatRemovedIt() throws Exception {
        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            source.configureBlocking(false);
            sink.configureBlocking(false);
            List<String> calls = new ArrayList<>();
            Aio.run(() -> {
                EventLoop loop = Aio.getRunningLoop();
                Future<Object> readable = loop.createFuture();
                loop.addReader(source, () -> calls.add("first"));
                assertTrue(loop.removeReader(source));
                loop.addReader(source, () -> {
                    calls.add("second");
                    loop.removeReader(source);
                    readable.setResult(null);
                });
                sink.write(ByteBuffer.wrap(new byte[] {1}));
                Aio.await(readable);
                // and once more after a select has run in between
                loop.addWriter(sink, () -> {});
                loop.removeWriter(sink);
                loop.addWriter(sink, () -> {});
                loop.removeWriter(sink);
            });
            assertEquals(List.of("second"), calls);
        }
    }
}
