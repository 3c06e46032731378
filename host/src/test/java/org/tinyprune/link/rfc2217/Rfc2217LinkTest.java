package org.tinyprune.link.rfc2217;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.SerialLink.Parity;
import org.tinyprune.link.rfc2217.FakeRfc2217Server.Command;
import org.tinyprune.link.rfc2217.FakeRfc2217Server.Quirk;

/**
 * The RFC 2217 client against an in-process fake server: the bytes on the wire are compared with
 * the RFCs' encodings worked out by hand (option 44, command codes, values), and every failure
 * names the address.
 */
class Rfc2217LinkTest {
    private static final Rfc2217Timeouts FAST = new Rfc2217Timeouts(1000, 500, 500, 200, 1000);

    @Test
    void negotiatesTheOptionsAndSets8n1WithoutFlowControl() throws Exception {
        try (FakeRfc2217Server server = new FakeRfc2217Server(Quirk.NONE, 0);
                Rfc2217Link link = Rfc2217Link.open(server.address(), 115200, FAST)) {
            assertEquals(server.address().toString(), link.name());
            // 115200 = 0x0001C200; 8 data bits; parity 1 = NONE; stop size 1; SET-CONTROL 1 = no
            // flow control
            assertCommands(
                    server.commands(),
                    new int[][] {{1, 0x00, 0x01, 0xC2, 0x00}, {2, 8}, {3, 1}, {4, 1}, {5, 1}});
            List<int[]> opts = server.options();
            assertTrue(has(opts, 251, 44), "WILL COM-PORT-OPTION");
            assertTrue(has(opts, 251, 0) && has(opts, 253, 0), "BINARY both ways");
            assertTrue(has(opts, 251, 3) && has(opts, 253, 3), "SUPPRESS-GO-AHEAD both ways");
        }
    }

    @Test
    void evenParityAndABaudRateHoldingByte255AreSentAndChecked() throws Exception {
        try (FakeRfc2217Server server = new FakeRfc2217Server(Quirk.NONE, 0);
                Rfc2217Link link = Rfc2217Link.open(server.address(), 115200, FAST)) {
            link.configure(0x0001FFFF, Parity.EVEN);
            List<Command> c = server.commands();
            // the fake undoes the doubled IACs; the ack it sends back doubles them again, and the
            // client accepted it
            assertCommands(
                    c.subList(5, 9),
                    new int[][] {{1, 0x00, 0x01, 0xFF, 0xFF}, {2, 8}, {3, 3}, {4, 1}});
        }
    }

    @Test
    void dataIsEscapedBothWaysAndNotificationsInsideTheStreamAreTakenOut() throws Exception {
        byte[] all = new byte[512];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) (255 - i % 256);
        }
        try (FakeRfc2217Server server = new FakeRfc2217Server(Quirk.NONE, 0);
                Rfc2217Link link = Rfc2217Link.open(server.address(), 115200, FAST)) {
            link.write(all);
            long deadline = System.currentTimeMillis() + 3000;
            while (server.received().length < all.length && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertArrayEquals(
                    all, server.received(), "the server receives every byte once, 255 included");

            server.sendData(java.util.Arrays.copyOf(all, 100));
            server.sendComPort(107, 0x30); // NOTIFY-MODEMSTATE: DSR and CTS
            server.sendRaw((byte) 255, (byte) 241); // IAC NOP
            server.sendData(java.util.Arrays.copyOfRange(all, 100, 512));
            assertArrayEquals(all, link.readExactly(all.length, 3000));
            assertEquals(0x30, link.modemState());
            assertEquals(0, link.read(new byte[1], 0, 1, 50), "nothing else arrived");
        }
    }

    @Test
    void unacknowledgedDtrAndRtsAreSentAndDoNotHang() throws Exception {
        try (FakeRfc2217Server server = new FakeRfc2217Server(Quirk.SILENT_CONTROL, 0);
                Rfc2217Link link = Rfc2217Link.open(server.address(), 115200, FAST)) {
            long t0 = System.nanoTime();
            link.setControlLines(true, false);
            long millis = (System.nanoTime() - t0) / 1_000_000L;
            assertTrue(
                    millis >= 150 && millis < 2000,
                    "waited the bounded time once, not forever: " + millis);
            link.sendBreak(20);
            List<Command> c = server.commands();
            // SET-CONTROL 8 = DTR ON, 12 = RTS OFF, 5/6 = BREAK ON/OFF
            assertCommands(
                    c.subList(c.size() - 4, c.size()),
                    new int[][] {{5, 8}, {5, 12}, {5, 5}, {5, 6}});
        }
    }

    @Test
    void acknowledgedControlLinesReturnAtOnce() throws Exception {
        try (FakeRfc2217Server server = new FakeRfc2217Server(Quirk.NONE, 0);
                Rfc2217Link link = Rfc2217Link.open(server.address(), 115200, FAST)) {
            long t0 = System.nanoTime();
            link.setControlLines(false, true);
            assertTrue((System.nanoTime() - t0) / 1_000_000L < 150, "did not wait out the bound");
            List<Command> c = server.commands();
            assertCommands(c.subList(c.size() - 2, c.size()), new int[][] {{5, 9}, {5, 11}});
        }
    }

    @Test
    void writesWaitWhileTheServerSuspendsFlow() throws Exception {
        try (FakeRfc2217Server server = new FakeRfc2217Server(Quirk.NONE, 0);
                Rfc2217Link link = Rfc2217Link.open(server.address(), 115200, FAST)) {
            server.sendComPort(108);
            assertEquals(0, link.read(new byte[1], 0, 1, 100));
            Thread resume =
                    new Thread(
                            () -> {
                                try {
                                    Thread.sleep(300);
                                    server.sendComPort(109);
                                } catch (Exception ignored) {
                                    // the assertion below fails instead
                                }
                            });
            resume.start();
            long t0 = System.nanoTime();
            link.write(new byte[] {42});
            assertTrue((System.nanoTime() - t0) / 1_000_000L >= 250, "the write waited for RESUME");
            resume.join();
            long deadline = System.currentTimeMillis() + 2000;
            while (server.received().length < 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertArrayEquals(new byte[] {42}, server.received());
        }
    }

    @Test
    void aRefusedConnectionIsGoneNamingTheAddress() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Rfc2217Address a = new Rfc2217Address("127.0.0.1", port);
        LinkException e =
                assertThrows(LinkException.class, () -> Rfc2217Link.open(a, 115200, FAST));
        assertEquals(Kind.GONE, e.kind());
        assertTrue(
                e.getMessage().contains("rfc2217://127.0.0.1:" + port + " refused the connection"),
                e.getMessage());
    }

    @Test
    void anUnreachableHostIsGoneNamingTheAddressWithinTheConnectTimeout() {
        // 192.0.2.0/24 is reserved for documentation (RFC 5737): never routed
        Rfc2217Address a = new Rfc2217Address("192.0.2.1", 2217);
        long t0 = System.nanoTime();
        LinkException e =
                assertThrows(LinkException.class, () -> Rfc2217Link.open(a, 115200, FAST));
        assertTrue((System.nanoTime() - t0) / 1_000_000L < 3000, "bounded by the connect timeout");
        assertEquals(Kind.GONE, e.kind());
        assertTrue(e.getMessage().startsWith("rfc2217://192.0.2.1:2217"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    @Test
    void aPlainTcpEchoServerIsNotTakenForRfc2217() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t =
                    new Thread(
                            () -> {
                                try (Socket s = echo.accept()) {
                                    InputStream in = s.getInputStream();
                                    OutputStream out = s.getOutputStream();
                                    byte[] b = new byte[256];
                                    int n;
                                    while ((n = in.read(b)) > 0) {
                                        out.write(b, 0, n);
                                    }
                                } catch (IOException ignored) {
                                    // closed by the client
                                }
                            });
            t.setDaemon(true);
            t.start();
            Rfc2217Address a = new Rfc2217Address("127.0.0.1", echo.getLocalPort());
            LinkException e =
                    assertThrows(LinkException.class, () -> Rfc2217Link.open(a, 115200, FAST));
            assertEquals(Kind.PROTOCOL, e.kind());
            assertTrue(e.getMessage().startsWith(a + " does not speak RFC 2217"), e.getMessage());
        }
    }

    @Test
    void aServerRefusingTheComPortOptionSaysSo() throws Exception {
        try (FakeRfc2217Server server = new FakeRfc2217Server(Quirk.REFUSE_COM_PORT, 0)) {
            LinkException e =
                    assertThrows(
                            LinkException.class,
                            () -> Rfc2217Link.open(server.address(), 115200, FAST));
            assertEquals(Kind.PROTOCOL, e.kind());
            assertTrue(
                    e.getMessage()
                            .startsWith(server.address() + " refused the Com Port Control option"),
                    e.getMessage());
        }
    }

    @Test
    void aRefusedParityIsAnErrorNamingTheAddressAndTheParity() throws Exception {
        try (FakeRfc2217Server server = new FakeRfc2217Server(Quirk.REFUSE_PARITY, 0);
                Rfc2217Link link = Rfc2217Link.open(server.address(), 115200, FAST)) {
            LinkException e =
                    assertThrows(LinkException.class, () -> link.configure(115200, Parity.EVEN));
            assertEquals(Kind.INVALID_REQUEST, e.kind());
            assertTrue(
                    e.getMessage()
                            .startsWith(
                                    server.address()
                                            + " refused SET-PARITY EVEN (the port is now at NONE)"),
                    e.getMessage());
        }
    }

    @Test
    void aConnectionDroppedMidTransferIsGoneLikeAPulledCable() throws Exception {
        try (FakeRfc2217Server server = new FakeRfc2217Server(Quirk.NONE, 100);
                Rfc2217Link link = Rfc2217Link.open(server.address(), 115200, FAST)) {
            link.write(new byte[150]);
            LinkException e = assertThrows(LinkException.class, () -> link.readExactly(10, 3000));
            assertEquals(Kind.GONE, e.kind());
            assertTrue(e.getMessage().contains(server.address() + " went away"), e.getMessage());
            LinkException again = assertThrows(LinkException.class, () -> link.write(new byte[1]));
            assertEquals(Kind.GONE, again.kind(), "every later call fails too");
        }
    }

    private static boolean has(List<int[]> options, int verb, int option) {
        return options.stream().anyMatch(o -> o[0] == verb && o[1] == option);
    }

    private static void assertCommands(List<Command> actual, int[][] expected) {
        assertEquals(expected.length, actual.size(), "commands received");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], actual.get(i).code(), "code of command " + i);
            byte[] value = new byte[expected[i].length - 1];
            for (int j = 1; j < expected[i].length; j++) {
                value[j - 1] = (byte) expected[i][j];
            }
            assertArrayEquals(value, actual.get(i).value(), "value of command " + i);
        }
    }
}
