package aio;

import java.nio.channels.ServerSocketChannel;

/** A listening socket of a {@link Server} ({@code server.sockets()}): asyncio's {@code TransportSocket}. */
public final class TransportSocket {
    private final ServerSocketChannel channel;
    private final Address address;

    TransportSocket(ServerSocketChannel channel, Address address) {
        this.channel = channel;
        this.address = address;
    }

    /** The address the socket is bound to: the real port when 0 was asked for. */
    public Address getsockname() {
        return address;
    }

    ServerSocketChannel channel() {
        return channel;
    }

    @Override
    public String toString() {
        return "<TransportSocket laddr=" + address + ">";
    }
}
