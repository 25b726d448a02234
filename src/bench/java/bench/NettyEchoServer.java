package bench;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import lecture.ReverseEcho;

/**
 * The echo bench's Netty peer: what a Java programmer who wants the fastest server picks. One
 * event-loop thread in all (it accepts and serves), Netty's native epoll transport (NIO when
 * the native library cannot load here, said on stderr), and per connection exactly what the
 * seed's {@code handle_client} does: one read of at most 1024 bytes, print the client, reply
 * with the message reversed (as UTF-8 text, {@link ReverseEcho#reverse}), flush, close.
 *
 * <p>Run in its own JVM by the bench: {@code java ... bench.NettyEchoServer PORT} (0: any free
 * port); prints {@code serving on ('127.0.0.1', P)}, then {@code transport: epoll} (or
 * {@code NIO}). Netty is a test-scope dependency: it is on the bench's class path
 * (target/bench-lib), never on the tutorial's.
 */
public final class NettyEchoServer {
    /** asyncio's backlog for start_server, which the other servers use too. */
    private static final int BACKLOG = 100;

    private NettyEchoServer() {
    }

    /**
     * The transport this server uses on this machine: "epoll" when Netty's native epoll loads,
     * else "NIO". The bench asks it too, to name the column.
     */
    static String transport() {
        return Epoll.isAvailable() ? "epoll" : "NIO";
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : ReverseEcho.PORT;
        boolean epoll = Epoll.isAvailable();
        if (!epoll) {
            System.err.println("netty: native epoll is unavailable here (" + Epoll.unavailabilityCause()
                    + "); using the NIO transport");
        }
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        // One thread: the same group is the boss (accepts) and the worker (serves).
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, io);
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(channel)
                    .option(ChannelOption.SO_BACKLOG, BACKLOG)
                    // one read(2) of at most 1024 bytes per connection: the seed's reader.read(1024)
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR,
                            new FixedRecvByteBufAllocator(ReverseEcho.MAX_MESSAGE).maxMessagesPerRead(1))
                    .childOption(ChannelOption.AUTO_READ, false)
                    // an end of input is an event for the handler (the seed answers it), not a close
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(Handler.INSTANCE)
                    .bind(ReverseEcho.HOST, port).sync().channel();
            InetSocketAddress local = (InetSocketAddress) server.localAddress();
            System.out.println("serving on ('" + ReverseEcho.HOST + "', " + local.getPort() + ")");
            System.out.println("transport: " + transport());
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /** The seed's handle_client, as a stateless handler shared by every connection. */
    @ChannelHandler.Sharable
    private static final class Handler extends ChannelInboundHandlerAdapter {
        static final Handler INSTANCE = new Handler();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.read(); // the one read (AUTO_READ is off)
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            String message;
            try {
                message = ReverseEcho.reverse(in.toString(StandardCharsets.UTF_8));
            } finally {
                in.release();
            }
            printClient(ctx);
            // encoded straight into a pooled direct buffer, as a Netty programmer would write it
            ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), message))
                    .addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event == ChannelInputShutdownEvent.INSTANCE) {
                // the client closed without a message: the seed reads b"", prints the client,
                // writes nothing and closes
                printClient(ctx);
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // the client went away: nothing to answer
        }

        private static void printClient(ChannelHandlerContext ctx) {
            InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
            System.out.println("client: ('" + peer.getAddress().getHostAddress() + "', " + peer.getPort() + ")");
        }
    }
}
