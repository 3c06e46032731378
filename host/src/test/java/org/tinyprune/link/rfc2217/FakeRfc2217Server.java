package org.tinyprune.link.rfc2217;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-process RFC 2217 access server for tests, written from the RFCs independently of the
 * client's decoder: it offers DO COM-PORT-OPTION and BINARY as ser2net does, answers line settings
 * with the value set (or a refusal), optionally stays silent on SET-CONTROL (as ser2net does on a
 * pty), records every com-port command and every data byte it received, and can send data, raw
 * bytes, or drop the connection after a number of data bytes.
 */
final class FakeRfc2217Server implements AutoCloseable {
    /** What the server does differently from a well-behaved one. */
    enum Quirk {
        /** Answers everything. */
        NONE,
        /** Never answers SET-CONTROL. */
        SILENT_CONTROL,
        /** Answers SET-PARITY with NONE whatever was asked. */
        REFUSE_PARITY,
        /** Answers DONT COM-PORT-OPTION. */
        REFUSE_COM_PORT
    }

    /** One com-port command received: code and parameter bytes. */
    record Command(int code, byte[] value) {}

    private final ServerSocket server;
    private final Quirk quirk;
    private final int dropAfterData;
    private final List<Command> commands = new ArrayList<>();
    private final List<int[]> options = new ArrayList<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final Thread thread;
    private volatile Socket client;

    /**
     * Starts listening on 127.0.0.1 (any free port).
     *
     * @param quirk the misbehaviour, or {@link Quirk#NONE}
     * @param dropAfterData close the connection once this many data bytes arrived (0: never)
     */
    FakeRfc2217Server(Quirk quirk, int dropAfterData) throws IOException {
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.quirk = quirk;
        this.dropAfterData = dropAfterData;
        this.thread = new Thread(this::serve, "fake-rfc2217");
        thread.setDaemon(true);
        thread.start();
    }

    Rfc2217Address address() {
        return new Rfc2217Address("127.0.0.1", server.getLocalPort());
    }

    synchronized List<Command> commands() {
        return List.copyOf(commands);
    }

    synchronized List<int[]> options() {
        return List.copyOf(options);
    }

    synchronized byte[] received() {
        return received.toByteArray();
    }

    /** Sends raw bytes (already telnet-encoded) to the client. */
    void sendRaw(byte... bytes) throws IOException {
        OutputStream out = awaitClient().getOutputStream();
        synchronized (this) {
            out.write(bytes);
            out.flush();
        }
    }

    /** Sends data bytes to the client, doubling 255. */
    void sendData(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte x : data) {
            b.write(x);
            if ((x & 0xFF) == 255) {
                b.write(x);
            }
        }
        sendRaw(b.toByteArray());
    }

    /** Sends IAC SB COM-PORT-OPTION code value IAC SE (value bytes must not be 255). */
    void sendComPort(int code, int... value) throws IOException {
        byte[] b = new byte[value.length + 6];
        b[0] = (byte) 255;
        b[1] = (byte) 250;
        b[2] = 44;
        b[3] = (byte) code;
        for (int i = 0; i < value.length; i++) {
            b[4 + i] = (byte) value[i];
        }
        b[b.length - 2] = (byte) 255;
        b[b.length - 1] = (byte) 240;
        sendRaw(b);
    }

    private Socket awaitClient() throws IOException {
        long deadline = System.currentTimeMillis() + 5000;
        while (client == null) {
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("no client connected");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }
        return client;
    }

    private void serve() {
        try (Socket s = server.accept()) {
            client = s;
            int com = quirk == Quirk.REFUSE_COM_PORT ? 254 : 253;
            sendRaw(
                    (byte) 255,
                    (byte) com,
                    (byte) 44,
                    (byte) 255,
                    (byte) 251,
                    (byte) 0,
                    (byte) 255,
                    (byte) 253,
                    (byte) 0);
            InputStream in = s.getInputStream();
            int dataCount = 0;
            int b;
            while ((b = in.read()) >= 0) {
                if (b != 255) {
                    dataCount += data(b);
                } else {
                    int c = in.read();
                    if (c == 255) {
                        dataCount += data(c);
                    } else if (c >= 251 && c <= 254) {
                        int opt = in.read();
                        synchronized (this) {
                            options.add(new int[] {c, opt});
                        }
                    } else if (c == 250) {
                        subnegotiation(in);
                    }
                }
                if (dropAfterData > 0 && dataCount >= dropAfterData) {
                    return;
                }
            }
        } catch (IOException ignored) {
            // the client went away or the test closed the server
        }
    }

    private synchronized int data(int b) {
        received.write(b);
        return 1;
    }

    private void subnegotiation(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            if (b == 255) {
                int c = in.read();
                if (c == 240) {
                    break;
                }
                body.write(c);
            } else {
                body.write(b);
            }
        }
        byte[] sb = body.toByteArray();
        if (sb.length < 2 || sb[0] != 44) {
            return;
        }
        int code = sb[1] & 0xFF;
        byte[] value = java.util.Arrays.copyOfRange(sb, 2, sb.length);
        synchronized (this) {
            commands.add(new Command(code, value));
        }
        if (code == 5 && quirk == Quirk.SILENT_CONTROL) {
            return;
        }
        if (code == 3 && quirk == Quirk.REFUSE_PARITY) {
            value = new byte[] {1};
        }
        if (code >= 1 && code <= 12) {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            answer.write(new byte[] {(byte) 255, (byte) 250, 44, (byte) (code + 100)});
            for (byte x : value) {
                answer.write(x);
                if ((x & 0xFF) == 255) {
                    answer.write(x);
                }
            }
            answer.write(new byte[] {(byte) 255, (byte) 240});
            sendRaw(answer.toByteArray());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket s = client;
        if (s != null) {
            s.close();
        }
    }
}
