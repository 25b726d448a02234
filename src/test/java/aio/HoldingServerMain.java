package aio;

/**
 * A plain aio server for {@link ServerFdLimitTest}, run in a JVM with few file descriptors: it
 * listens on 127.0.0.1 (port 0 unless given), prints {@code serving on ADDRESS}, and answers
 * each client's first message with the same bytes, then closes. A client that sends nothing is
 * held until it closes, so that enough of them use up the descriptors.
 */
public final class HoldingServerMain {
    private HoldingServerMain() {
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Aio.run(() -> {
            Server server = Aio.startServer((reader, writer) -> {
                byte[] data = reader.read(1024);
                if (data.length > 0) {
                    writer.write(data);
                    writer.drain();
                }
                writer.close();
            }, "127.0.0.1", port);
            System.out.println("serving on " + server.sockets().get(0).getsockname());
            server.serveForever();
        });
    }
}
