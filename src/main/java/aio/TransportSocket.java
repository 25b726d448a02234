package aio;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** A listening socket of a {@link Server} ({@code server.sockets()}): asyncio's {@code TransportSocket}. */
public final class TransportSocket {
    private final ServerSocketChannel channel;
    private final Address address;
    /** A Unix socket's file, to remove when the server closes (asyncio 3.13's cleanup_socket); null: none. */
    private Path cleanupPath;
    /** What identifies that file (device and inode, as asyncio's st_ino): another file there is left alone. */
    private Object cleanupKey;

    TransportSocket(ServerSocketChannel channel, Address address) {
        this.channel = channel;
        this.address = address;
    }

    /** The address the socket is bound to: the real port when 0 was asked for; a Unix socket's path. */
    public Address getsockname() {
        return address;
    }

    ServerSocketChannel channel() {
        return channel;
    }

    /**
     * Remembers the Unix socket file at {@code path} (just bound) for {@link #cleanUp}, as
     * asyncio's create_unix_server notes its st_ino. Nothing to remember if it is gone already.
     */
    void removeOnClose(Path path) {
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            if (key != null) { // null: no way to know later that the file is ours, so leave it
                cleanupKey = key;
                cleanupPath = path;
            }
        } catch (IOException e) {
            // gone already (asyncio: FileNotFoundError, pass)
        }
    }

    /**
     * After the socket is closed: removes its Unix socket file if it is still the one it bound
     * (asyncio's {@code _stop_serving}). A file someone else put there since is left alone.
     */
    void cleanUp(EventLoop loop) {
        Path path = cleanupPath;
        if (path == null) {
            return;
        }
        cleanupPath = null;
        try {
            if (cleanupKey.equals(Files.readAttributes(path, BasicFileAttributes.class).fileKey())) {
                Files.delete(path);
            }
        } catch (NoSuchFileException e) {
            // someone else removed it
        } catch (IOException e) {
            loop.log("Unable to clean up listening UNIX socket " + address + ": " + e);
        }
    }

    /** As asyncio's: {@code <TransportSocket laddr=('127.0.0.1', 9996)>}, a Unix socket's path unquoted. */
    @Override
    public String toString() {
        return "<TransportSocket laddr=" + (address != null && address.isUnix() ? address.path() : address) + ">";
    }
}
