package org.tinyprune.link.an3155;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.ScriptedLink;

/** Exact bytes on the wire, against hand-worked AN3155 frames. */
class BootloaderSessionTest {
    /** A link that records what is written and answers the scripted bytes one per read. */
    static ScriptedLink scripted(int... answers) {
        ScriptedLink link = new ScriptedLink();
        for (int a : answers) {
            link.thenBytes(a);
        }
        return link;
    }

    @Test
    void writeMemoryFrameMatchesHandWorkedExample() throws Exception {
        ScriptedLink link = scripted(0x79, 0x79, 0x79);
        BootloaderSession s = new BootloaderSession(link, 100);
        s.writeMemory(0x08000000L, new byte[] {1, 2, 3, 4}, 100);
        // 0x31 0xCE | address 08 00 00 00, XOR 08 | N-1 = 03, data, XOR 03^01^02^03^04 = 07
        assertArrayEquals(
                new byte[] {0x31, (byte) 0xCE, 8, 0, 0, 0, 8, 3, 1, 2, 3, 4, 7},
                link.sent.toByteArray());
    }

    @Test
    void readMemorySendsLengthAndComplement() throws Exception {
        ScriptedLink link = scripted(0x79, 0x79, 0x79, 0xAA, 0xBB);
        BootloaderSession s = new BootloaderSession(link, 100);
        assertArrayEquals(new byte[] {(byte) 0xAA, (byte) 0xBB}, s.readMemory(0x12345678L, 2));
        assertArrayEquals(
                new byte[] {0x11, (byte) 0xEE, 0x12, 0x34, 0x56, 0x78, 0x08, 1, (byte) 0xFE},
                link.sent.toByteArray());
    }

    @Test
    void getIdAndGetParseTheirAnswers() throws Exception {
        ScriptedLink link =
                scripted(0x79, 1, 0x04, 0x70, 0x79, 0x79, 3, 0x31, 0x00, 0x11, 0x44, 0x79);
        BootloaderSession s = new BootloaderSession(link, 100);
        assertEquals(0x470, s.getId());
        assertEquals(java.util.List.of(0x31, 0x00, 0x11, 0x44), s.get());
        assertArrayEquals(
                new byte[] {0x02, (byte) 0xFD, 0x00, (byte) 0xFF}, link.sent.toByteArray());
    }

    @Test
    void extendedMassEraseIsFfffWithZeroChecksum() throws Exception {
        ScriptedLink link = scripted(0x79, 0x79);
        new BootloaderSession(link, 100).eraseAll(true, 100);
        assertArrayEquals(
                new byte[] {0x44, (byte) 0xBB, (byte) 0xFF, (byte) 0xFF, 0},
                link.sent.toByteArray());
    }

    @Test
    void nackIsRefusedAndSilenceIsTimeout() throws Exception {
        LinkException nack =
                assertThrows(
                        LinkException.class,
                        () -> new BootloaderSession(scripted(0x1F), 50).go(0x8000));
        assertEquals(Kind.REFUSED, nack.kind());
        LinkException silent =
                assertThrows(
                        LinkException.class, () -> new BootloaderSession(scripted(), 50).getId());
        assertEquals(Kind.TIMEOUT, silent.kind());
        assertEquals("script: no answer to Get ID (0x2) in time", silent.getMessage());
    }

    @Test
    void syncSkipsGarbageAndAcceptsNackFromASyncedBootloader() throws Exception {
        ScriptedLink link =
                new ScriptedLink().afterWrite().thenBytes(0x00).thenBytes(0x42).thenBytes(0x1F);
        new BootloaderSession(link, 100).sync(500);
        assertArrayEquals(new byte[] {0x7F}, link.sent.toByteArray());
    }

    @Test
    void staleAnswersAreDrainedBeforeAndAfterSync() throws Exception {
        // a bootloader that restarted mid-frame NACKs the old frame's bytes for a while
        ScriptedLink link =
                new ScriptedLink()
                        .thenBytes(0x1F, 0x1F)
                        .thenBytes(0x1F)
                        .afterWrite()
                        .thenBytes(0x1F)
                        .thenBytes(0x1F) // 0x7F answered, but stale NACKs follow
                        .afterWrite()
                        .thenBytes(0x79); // second 0x7F: a clean ACK, then quiet
        new BootloaderSession(link, 100).sync(2000);
        assertArrayEquals(new byte[] {0x7F, 0x7F}, link.sent.toByteArray());
    }

    @Test
    void syncGivesUpWithInstructions() throws Exception {
        ScriptedLink link = scripted();
        LinkException e =
                assertThrows(LinkException.class, () -> new BootloaderSession(link, 30).sync(400));
        assertEquals(Kind.TIMEOUT, e.kind());
        assertEquals(true, e.getMessage().contains("BOOT0 high, then reset"), e.getMessage());
        assertEquals(true, link.sent.size() >= 2, "0x7F is re-sent");
    }

    @Test
    void answersSplitOrGluedAcrossReadsAreReassembled() throws Exception {
        ScriptedLink link =
                new ScriptedLink().thenBytes(0x79, 0x79).thenBytes(0x79, 1, 2).thenBytes(3, 4);
        assertArrayEquals(
                new byte[] {1, 2, 3, 4}, new BootloaderSession(link, 100).readMemory(0x8000, 4));
    }

    @Test
    void portThatVanishesIsReportedAsGone() {
        ScriptedLink link = new ScriptedLink().thenBytes(0x79).thenVanish();
        LinkException e =
                assertThrows(LinkException.class, () -> new BootloaderSession(link, 100).getId());
        assertEquals(Kind.GONE, e.kind());
        assertEquals("serial port script went away", e.getMessage());
    }
}
