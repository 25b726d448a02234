package aio;

import static aio.Aio.openConnection;
import static aio.Aio.run;
import static aio.Aio.startServer;

import java.io.UncheckedIOException;

/**
 * Run by {@link Ipv4OnlyJvmTest} in a JVM started with {@code -Djava.net.preferIPv4Stack=true},
 * where the JDK refuses IPv6 sockets: what a machine without IPv6 gives. Prints one line per case.
 */
public final class Ipv4OnlyMain {
    private Ipv4OnlyMain() {
    }

    public static void main(String[] args) {
        run(() -> {
            try (Server server = startServer((reader, writer) -> {
                writer.write("hi");
                writer.drain();
            }, "127.0.0.1", 0)) {
                int port = server.sockets().get(0).getsockname().port();
                System.out.println("port: " + port);
                Connection c = openConnection(null, port); // ::1 first: refused, then 127.0.0.1
                System.out.println("no host: " + c.reader().readString(-1));
                c.writer().close();
                try {
                    openConnection("::1", port);
                    System.out.println("::1 connect: connected");
                } catch (UncheckedIOException e) {
                    System.out.println("::1 connect: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
            try {
                startServer((reader, writer) -> { }, "::1", 0).close();
                System.out.println("::1 server: bound");
            } catch (UncheckedIOException e) {
                System.out.println("::1 server: " + e.getMessage());
            }
        });
    }
}
