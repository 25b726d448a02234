package aio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

    /**
     * The virtual clock with a socket registered: the loop cannot know that no I/O will come,
     * but it must not wait forever for a timer that only the clock can bring. It gives I/O a
     * moment of real time, then jumps to the timer. I/O that is there comes first.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void virtualClockStillJumpsWhileASocketIsRegistered() {
        Aio.run(() -> {
            Server server = Aio.startServer((r, w) -> w.write(r.read(100)), "127.0.0.1", 0);
            Aio.sleep(3600);
            assertEquals(3600.0, Aio.time(), 1e-6);
            try (Connection c = Aio.openConnection("127.0.0.1", server.sockets().get(0).getsockname().port())) {
                c.writer().write("ping");
                // the reply arrives before a long timeout would have fired
                assertEquals("ping", Aio.waitFor(() -> c.reader().readString(), 600));
                assertTrue(Aio.time() < 3600 + 600);
            }
            server.close();
            server.waitClosed();
        }, Options.virtual());
    }
}
