package org.tinyprune.link.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.ScriptedLink;
import org.tinyprune.link.SerialLink;

/**
 * Each fault kind in each direction against hand-worked byte streams: what the inner link receives
 * (host to board) or what the reader gets (board to host) is written out by hand.
 */
class FaultyLinkTest {
    static final Direction H2B = Direction.HOST_TO_BOARD;
    static final Direction B2H = Direction.BOARD_TO_HOST;

    final ScriptedLink inner = new ScriptedLink();
    final List<String> resets = new ArrayList<>();

    FaultyLink faulty(Fault... faults) {
        return new FaultyLink(
                inner, FaultPlan.of(faults), () -> resets.add("reset after " + inner.sent.size()));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads until {@code n} bytes arrived (50 ms per read) or a read returns nothing. */
    static String readAll(FaultyLink link, int n) throws LinkException {
        byte[] buf = new byte[n + 8];
        int got = 0;
        int r;
        while (got < buf.length && (r = link.read(buf, got, buf.length - got, 50)) > 0) {
            got += r;
        }
        return new String(buf, 0, got, StandardCharsets.ISO_8859_1);
    }

    @Test
    void withoutFaultsEveryBytePassesAndIsCounted() throws Exception {
        FaultyLink link = faulty();
        link.write(ascii("name%"));
        link.write(ascii("db load 4%"));
        inner.then("m-name").then("-dut\r\n");
        assertEquals("m-name-dut\r\n", readAll(link, 12));
        assertEquals("name%db load 4%", inner.sentText());
        assertEquals(15, link.hostToBoardBytes());
        assertEquals(12, link.boardToHostBytes());
        assertTrue(link.injected().isEmpty());
        assertEquals("script", link.name(), "messages name the real port");
    }

    @Test
    void hostToBoardDropCorruptAndDuplicateActOnTheirByteAcrossWrites() throws Exception {
        FaultyLink link =
                faulty(
                        Fault.of(FaultKind.DROP, H2B, 1),
                        new Fault(FaultKind.CORRUPT, H2B, 4, 0x20),
                        Fault.of(FaultKind.DUPLICATE, H2B, 6));
        link.write(ascii("ABC")); // offsets 0..2: B dropped
        link.write(ascii("DEFG")); // offsets 3..6: E (4) ^ 0x20 = e, G (6) twice
        link.write(ascii("H")); // offset 7
        assertEquals("ACDeFGGH", inner.sentText());
        assertEquals(
                List.of(
                        Fault.of(FaultKind.DROP, H2B, 1),
                        new Fault(FaultKind.CORRUPT, H2B, 4, 0x20),
                        Fault.of(FaultKind.DUPLICATE, H2B, 6)),
                link.injected());
        assertEquals(8, link.hostToBoardBytes());
    }

    @Test
    void boardToHostDropCorruptAndDuplicateActOnTheirByteAcrossChunks() throws Exception {
        FaultyLink link =
                faulty(
                        Fault.of(FaultKind.DUPLICATE, B2H, 0),
                        Fault.of(FaultKind.DROP, B2H, 3),
                        new Fault(FaultKind.CORRUPT, B2H, 5, 0x01));
        inner.then("HEL").then("LO!").then("?"); // H E L | L O ! | ?
        assertEquals("HHELO ?", readAll(link, 7)); // H doubled, second L dropped, '!' ^ 1 = ' '
        assertEquals(3, link.injected().size());
        assertEquals(7, link.boardToHostBytes());
    }

    @Test
    void faultsBeyondTheStreamAreNotInjected() throws Exception {
        FaultyLink link =
                faulty(
                        Fault.of(FaultKind.DROP, H2B, 2),
                        Fault.of(FaultKind.DROP, H2B, 10),
                        Fault.of(FaultKind.DROP, B2H, 99));
        link.write(ascii("abcd"));
        assertEquals("abd", inner.sentText());
        assertEquals(List.of(Fault.of(FaultKind.DROP, H2B, 2)), link.injected());
    }

    @Test
    void hostToBoardDelayStallsTheWriteBeforeItsByte() throws Exception {
        List<long[]> writes = new ArrayList<>();
        SerialLink timed =
                new SerialLink() {
                    @Override
                    public String name() {
                        return inner.name();
                    }

                    @Override
                    public void configure(int baud, Parity parity) {}

                    @Override
                    public void write(byte[] data) {
                        inner.write(data);
                        writes.add(new long[] {System.nanoTime(), data.length});
                    }

                    @Override
                    public int read(byte[] b, int off, int len, long t) throws LinkException {
                        return inner.read(b, off, len, t);
                    }

                    @Override
                    public void discardInput() {}

                    @Override
                    public void setControlLines(boolean dtr, boolean rts) {}

                    @Override
                    public void close() {}
                };
        FaultyLink link =
                new FaultyLink(
                        timed,
                        FaultPlan.of(new Fault(FaultKind.DELAY, H2B, 3, 150)),
                        BoardReset.NONE);
        link.write(ascii("abcdef"));
        assertEquals(2, writes.size(), "the write is split at the delayed byte");
        assertEquals(3, writes.get(0)[1]);
        assertEquals(3, writes.get(1)[1]);
        assertTrue(
                (writes.get(1)[0] - writes.get(0)[0]) / 1_000_000 >= 150,
                "150 ms between the two parts");
        assertEquals("abcdef", inner.sentText());
    }

    @Test
    void boardToHostDelayHoldsItsByteAndWhatFollows() throws Exception {
        FaultyLink link = faulty(new Fault(FaultKind.DELAY, B2H, 2, 300));
        inner.then("ABCD").then("EF");
        byte[] buf = new byte[16];
        assertEquals(2, link.read(buf, 0, 16, 1000));
        assertEquals("AB", new String(buf, 0, 2, StandardCharsets.ISO_8859_1));
        long t0 = System.nanoTime();
        assertEquals(0, link.read(buf, 0, 16, 50), "held bytes do not arrive within a short read");
        link.discardInput(); // still on the wire: a discard does not drop them
        int n = link.read(buf, 0, 16, 2000);
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("CD", new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        assertTrue(
                waited >= 240 && waited < 1000,
                "released after the delay, waited " + waited + " ms");
        assertEquals("EF", readAll(link, 2), "later bytes come after the held ones");
    }

    @Test
    void hostToBoardResetHappensBetweenItsByteAndThePreviousOne() throws Exception {
        FaultyLink link = faulty(Fault.of(FaultKind.RESET, H2B, 4));
        link.write(ascii("ab"));
        link.write(ascii("cdefg"));
        assertEquals(
                List.of("reset after 4"), resets, "bytes 0..3 reached the board before the reset");
        assertEquals("abcdefg", inner.sentText(), "byte 4 and the rest go to the restarted board");
    }

    @Test
    void boardToHostResetDeliversWhatCameBeforeAndDropsTheRest() throws Exception {
        FaultyLink link = faulty(Fault.of(FaultKind.RESET, B2H, 3));
        inner.then("ACK12345").then("boot");
        byte[] buf = new byte[32];
        int n = link.read(buf, 0, 32, 200);
        assertEquals("ACK", new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        assertEquals(1, resets.size());
        assertEquals(1, inner.discards(), "what the old board had sent is discarded");
        assertEquals("boot", readAll(link, 4), "what the board sends after the reset arrives");
        assertEquals(List.of(Fault.of(FaultKind.RESET, B2H, 3)), link.injected());
    }

    @Test
    void resetWithoutAWayToResetFailsClearly() {
        FaultyLink link =
                new FaultyLink(
                        inner, FaultPlan.of(Fault.of(FaultKind.RESET, H2B, 0)), BoardReset.NONE);
        LinkException e = assertThrows(LinkException.class, () -> link.write(ascii("x")));
        assertEquals(Kind.INVALID_REQUEST, e.kind());
    }

    @Test
    void hostToBoardCutSendsTheBytesBeforeAndThenTheLinkIsGone() {
        FaultyLink link = faulty(Fault.of(FaultKind.CUT, H2B, 5));
        LinkException e = assertThrows(LinkException.class, () -> link.write(ascii("0123456789")));
        assertEquals(Kind.GONE, e.kind());
        assertTrue(e.getMessage().contains("script went away"), e.getMessage());
        assertEquals("01234", inner.sentText());
        assertThrows(LinkException.class, () -> link.write(ascii("x")));
        assertThrows(LinkException.class, () -> link.read(new byte[1], 0, 1, 10));
        assertEquals("01234", inner.sentText());
    }

    @Test
    void boardToHostCutDeliversTheBytesBeforeThenFails() throws Exception {
        FaultyLink link = faulty(Fault.of(FaultKind.CUT, B2H, 2));
        inner.then("xyz");
        byte[] buf = new byte[8];
        assertEquals(2, link.read(buf, 0, 8, 100));
        LinkException e = assertThrows(LinkException.class, () -> link.read(buf, 0, 8, 100));
        assertEquals(Kind.GONE, e.kind());
    }

    @Test
    void sameBytesAndSamePlanGiveTheSameStreams() throws Exception {
        FaultPlan plan =
                FaultPlan.random(
                        7,
                        6,
                        40,
                        40,
                        java.util.EnumSet.of(
                                FaultKind.DROP, FaultKind.CORRUPT, FaultKind.DUPLICATE),
                        10);
        String[] runs = new String[2];
        for (int r = 0; r < 2; r++) {
            ScriptedLink s = new ScriptedLink();
            s.then("0123456789abcdefghijklmnopqrstuvwxyzABCD");
            FaultyLink link = new FaultyLink(s, plan, BoardReset.NONE);
            link.write(ascii("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd"));
            runs[r] = s.sentText() + "|" + readAll(link, 80) + "|" + link.injected();
        }
        assertEquals(runs[0], runs[1]);
        assertTrue(
                runs[0].startsWith(
                        expectedHostToBoard(plan, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd")),
                runs[0]);
    }

    /**
     * The host-to-board stream a plan of drops, corruptions and duplicates should give, worked out
     * apart.
     */
    static String expectedHostToBoard(FaultPlan plan, String sent) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sent.length(); i++) {
            char c = sent.charAt(i);
            Fault f = plan.at(H2B, i).orElse(null);
            if (f == null) {
                out.append(c);
            } else if (f.kind() == FaultKind.CORRUPT) {
                out.append((char) (c ^ f.value()));
            } else if (f.kind() == FaultKind.DUPLICATE) {
                out.append(c).append(c);
            }
        }
        return out.toString();
    }
}
