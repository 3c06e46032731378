package org.tinyprune.hil;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tinyprune.link.qemu.QemuLauncher;

/**
 * Debian's ser2net exporting one serial device on 127.0.0.1 with an RFC 2217 accepter, as a board
 * farm's exporter does: a generated ser2net 4 YAML configuration, a free TCP port, and the process
 * stopped and reaped by {@link #close()}. {@link #stop()} and {@link #start()} let a test drop the
 * connection mid-transfer and bring the export back on the same port.
 */
final class Ser2netExporter implements AutoCloseable {
    private final Path config;
    private final int port;
    private Process process;

    /**
     * Writes the configuration for {@code device} and starts ser2net.
     *
     * @param device the serial device to export, e.g. an emulated board's {@code /dev/pts/N}
     * @param dir folder for the configuration file
     */
    Ser2netExporter(String device, Path dir) throws IOException, InterruptedException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        config = dir.resolve("ser2net.yaml");
        Files.writeString(
                config,
                "%YAML 1.1\n---\n"
                        + "connection: &board\n"
                        + "  accepter: telnet(rfc2217),tcp,127.0.0.1,"
                        + port
                        + "\n"
                        + "  connector: serialdev,"
                        + device
                        + ",115200n81,local\n");
        start();
    }

    /** Returns the URL tinyprune's {@code --port} takes. */
    String url() {
        return "rfc2217://127.0.0.1:" + port;
    }

    /** Starts ser2net in the foreground and waits until it accepts connections. */
    void start() throws IOException, InterruptedException {
        process =
                new ProcessBuilder(
                                QemuLauncher.tiedToThisProcess(
                                        List.of(
                                                "ser2net",
                                                "-n",
                                                "-c",
                                                config.toString(),
                                                "-P",
                                                config.resolveSibling("ser2net.pid").toString())))
                        .redirectErrorStream(true)
                        .redirectOutput(config.resolveSibling("ser2net.log").toFile())
                        .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException(
                            "ser2net did not start serving "
                                    + url()
                                    + ": "
                                    + Files.readString(config.resolveSibling("ser2net.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    /** Ends ser2net (dropping its connections) and reaps it. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
