package bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import lecture.ReverseEcho;

/**
 * The classic Java peer of the reverse-echo server: a blocking {@link ServerSocket} and one
 * platform thread per connection, doing what the seed's {@code handle_client} does (read up to
 * 1024 bytes once, print the client, reply reversed, close). Run in its own JVM by the bench:
 * {@code java ... bench.BlockingEchoServer PORT}; prints {@code serving on ('127.0.0.1', P)}.
 */
public final class BlockingEchoServer {
    /** asyncio's backlog for start_server, which the other two servers use too. */
    private static final int BACKLOG = 100;

    private BlockingEchoServer() {
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : ReverseEcho.PORT;
        InetAddress host = InetAddress.getByName(ReverseEcho.HOST);
        try (ServerSocket server = new ServerSocket(port, BACKLOG, host)) {
            System.out.println("serving on ('" + ReverseEcho.HOST + "', " + server.getLocalPort() + ")");
            while (true) {
                Socket client = server.accept();
                Thread.ofPlatform().start(() -> handle(client));
            }
        }
    }

    private static void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            byte[] buf = new byte[ReverseEcho.MAX_MESSAGE];
            int n = Math.max(0, in.read(buf));
            String message = ReverseEcho.reverse(new String(buf, 0, n, StandardCharsets.UTF_8));
            InetSocketAddress peer = (InetSocketAddress) client.getRemoteSocketAddress();
            System.out.println("client: ('" + peer.getAddress().getHostAddress() + "', " + peer.getPort() + ")");
            OutputStream out = client.getOutputStream();
            out.write(message.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }
}
