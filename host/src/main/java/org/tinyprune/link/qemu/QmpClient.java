package org.tinyprune.link.qemu;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;

/**
 * A minimal QEMU Machine Protocol client over a Unix socket: reads the greeting, negotiates
 * capabilities, and executes argument-less commands ({@code cont}, {@code stop}, {@code
 * system_reset}, {@code quit}), skipping asynchronous events.
 */
final class QmpClient implements AutoCloseable {
    private final SocketChannel channel;
    private final StringBuilder pending = new StringBuilder();

    private QmpClient(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Connects, retrying until the socket exists, and enters command mode.
     *
     * @param socket the path given to {@code -qmp unix:PATH,server=on,wait=off}
     * @param waitMillis how long QEMU may take to create the socket
     * @param alive tells whether QEMU is still running (stop waiting if not)
     * @return a client in command mode
     * @throws LinkException when QEMU does not answer
     */
    static QmpClient connect(Path socket, long waitMillis, java.util.function.BooleanSupplier alive)
            throws LinkException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (true) {
            try {
                SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                ch.configureBlocking(false);
                QmpClient c = new QmpClient(ch);
                c.readMessage(waitMillis); // greeting {"QMP": ...}
                c.execute("qmp_capabilities");
                return c;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !alive.getAsBoolean()) {
                    throw new LinkException(
                            Kind.GONE,
                            "cannot reach QEMU's QMP socket " + socket + ": " + e.getMessage(),
                            e);
                }
                sleep(20);
            }
        }
    }

    /**
     * Executes a command without arguments and waits for its {@code return}.
     *
     * @param command e.g. {@code "cont"}
     * @throws LinkException when QEMU answers with an error or the socket closes
     */
    void execute(String command) throws LinkException {
        try {
            ByteBuffer out =
                    ByteBuffer.wrap(
                            ("{\"execute\": \"" + command + "\"}\n")
                                    .getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            while (true) {
                String msg = readMessage(10_000);
                if (msg.contains("\"return\"")) {
                    return;
                }
                if (msg.contains("\"error\"")) {
                    throw new LinkException(
                            Kind.REFUSED, "QEMU refused QMP " + command + ": " + msg);
                }
            }
        } catch (IOException e) {
            throw new LinkException(
                    Kind.GONE, "QMP socket closed during " + command + ": " + e.getMessage(), e);
        }
    }

    private String readMessage(long waitMillis) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (pending.indexOf("\n") < 0) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no QMP message within " + waitMillis + " ms");
            }
            buf.clear();
            int n = channel.read(buf);
            if (n < 0) {
                throw new IOException("QMP socket closed");
            }
            if (n == 0) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for QMP");
                }
                continue;
            }
            pending.append(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
        }
        int nl = pending.indexOf("\n");
        String msg = pending.substring(0, nl).trim();
        pending.delete(0, nl + 1);
        return msg;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket QEMU already closed
        }
    }

    private static void sleep(long millis) throws LinkException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkException(Kind.TIMEOUT, "interrupted while waiting for QEMU", e);
        }
    }
}
