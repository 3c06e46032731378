package org.tinyprune.link.an3155;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.board.proto.Emulator;
import org.tinyprune.board.proto.Flashing;
import org.tinyprune.board.proto.MemoryRegion;
import org.tinyprune.board.proto.SerialPortSettings;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;
import org.tinyprune.link.fault.BoardReset;
import org.tinyprune.link.fault.Direction;
import org.tinyprune.link.fault.Fault;
import org.tinyprune.link.fault.FaultKind;
import org.tinyprune.link.fault.FaultPlan;
import org.tinyprune.link.fault.FaultyLink;

class An3155FlasherTest {
    static final long BASE = 0x8000;
    static final int SIZE = 16 * 1024;
    static final List<Integer> EXT = List.of(0x00, 0x01, 0x02, 0x11, 0x21, 0x31, 0x44);
    final List<String> messages = new ArrayList<>();
    FakeBootloader dev;

    static BoardProfile profile(String entry, int chipId) {
        BoardProfile.Builder b =
                BoardProfile.newBuilder()
                        .setName("fake")
                        .setCore("cortex-m4")
                        .setFlash(MemoryRegion.newBuilder().setOrigin((int) BASE).setLength(SIZE))
                        .setFlashing(
                                Flashing.newBuilder()
                                        .setProtocol("an3155")
                                        .setChipId(chipId)
                                        .setBootloaderOrigin(0)
                                        .setBootloaderLength((int) BASE)
                                        .setResetEntry(entry));
        return "emulated".equals(entry)
                ? b.setEmulator(Emulator.newBuilder().setMachine("mps2-an386")).build()
                : b.setSerial(SerialPortSettings.newBuilder().setBaud(115200)).build();
    }

    static FirmwareImage image(int length) {
        byte[] bytes = new byte[length];
        new Random(42).nextBytes(bytes);
        return new FirmwareImage(BASE, bytes, "test.elf");
    }

    FlashReport flash(FirmwareImage img, BoardProfile p) throws LinkException {
        FlashOptions fast = new FlashOptions(300, 2000, 2000, 3, false);
        return new An3155Flasher(dev, p, fast, FlashProgress.NONE, messages::add).flash(img);
    }

    void assertFlashed(FirmwareImage img) {
        assertArrayEquals(img.bytes(), Arrays.copyOf(dev.flash, img.bytes().length));
        assertEquals(BASE, dev.goAddress, "Go started the image");
    }

    @AfterEach
    void close() {
        dev.close();
    }

    @Test
    void flashesVerifiesAndStartsAnImage() throws Exception {
        dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
        FirmwareImage img = image(1000);
        List<long[]> seen = new ArrayList<>();
        FlashOptions fast = new FlashOptions(300, 2000, 2000, 3, false);
        FlashReport r =
                new An3155Flasher(
                                dev,
                                profile("emulated", 0x421),
                                fast,
                                (ph, done, total) ->
                                        seen.add(new long[] {ph.ordinal(), done, total}),
                                messages::add)
                        .flash(img);
        assertFlashed(img);
        assertEquals(0, r.retries());
        assertEquals(0x421, r.bootloader().productId());
        assertEquals("3.1", r.bootloader().versionText());
        assertTrue(dev.log.contains("extended erase"), dev.log.toString());
        assertEquals(4, dev.writes, "1000 bytes = 3 full blocks + 1 of 232");
        long[] lastWrite =
                seen.stream()
                        .filter(s -> s[0] == FlashProgress.Phase.WRITE.ordinal())
                        .reduce((a, b) -> b)
                        .orElseThrow();
        assertArrayEquals(new long[] {FlashProgress.Phase.WRITE.ordinal(), 1000, 1000}, lastWrite);
        assertEquals(0x7F, dev.sent.toByteArray()[0] & 0xFF, "sync comes first");
        assertTrue(messages.isEmpty(), messages.toString());
    }

    @Test
    void usesEraseWhenGetListsOnlyErase() throws Exception {
        dev = new FakeBootloader(BASE, SIZE, 0x421, List.of(0x00, 0x02, 0x11, 0x21, 0x31, 0x43));
        FirmwareImage img = image(300);
        flash(img, profile("emulated", 0x421));
        assertFlashed(img);
        assertTrue(dev.log.contains("erase"), dev.log.toString());
    }

    @Test
    void nackThenSuccessIsRetried() throws Exception {
        dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
        dev.nackWrites = 1;
        FirmwareImage img = image(700);
        FlashReport r = flash(img, profile("emulated", 0x421));
        assertFlashed(img);
        assertEquals(1, r.retries());
        assertTrue(messages.get(0).contains("refused Write Memory data"), messages.toString());
    }

    @Test
    void silenceTimesOutAndIsRetried() throws Exception {
        dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
        dev.silentCommands = 1;
        FirmwareImage img = image(520);
        FlashReport r = flash(img, profile("emulated", 0x421));
        assertFlashed(img);
        assertEquals(1, r.retries());
        assertTrue(messages.get(0).contains("no answer"), messages.toString());
    }

    @Test
    void garbageInsteadOfAckIsRetried() throws Exception {
        dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
        dev.garbageBeforeAck = 2;
        FirmwareImage img = image(256);
        FlashReport r = flash(img, profile("emulated", 0x421));
        assertFlashed(img);
        assertTrue(messages.get(0).contains("unexpected byte 0x5a"), messages.toString());
        assertEquals(1, r.retries());
    }

    @Test
    void deviceResetMidTransferIsRecoveredBySyncingAgain() throws Exception {
        dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
        dev.resetAtWrite = 2;
        FirmwareImage img = image(1500);
        FlashReport r = flash(img, profile("emulated", 0x421));
        assertFlashed(img);
        assertTrue(dev.log.contains("reset at write 2"));
        assertTrue(r.retries() >= 1);
    }

    @Test
    void wrongBlockInFlashIsWrittenAgainAlone() throws Exception {
        dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
        dev.corruptAtWrite = 1;
        FirmwareImage img = image(600);
        flash(img, profile("emulated", 0x421));
        assertFlashed(img);
        assertEquals(4, dev.writes, "3 blocks, then the block at 0x8100 once more");
        assertEquals(
                1, dev.log.stream().filter(l -> l.contains("erase")).count(), dev.log.toString());
        assertTrue(
                messages.stream()
                        .anyMatch(
                                m ->
                                        m.startsWith(
                                                "verify: the block at 0x00008100 read back the same"
                                                        + " wrong content 3 times; writing that block again")),
                messages.toString());
    }

    @Test
    void blockThatStaysWrongAfterRewritingErasesAgainThenBlamesTheFlash() {
        dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
        dev.stuckOffset = 0x105;
        FirmwareImage img = image(600);
        int expected = img.bytes()[0x105];
        assertTrue(expected != 0, "the fixture image must differ from the stuck byte");
        LinkException e =
                assertThrows(LinkException.class, () -> flash(img, profile("emulated", 0x421)));
        assertEquals(Kind.PROTOCOL, e.kind());
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "fake: read-back of the block at 0x00008100 stays different from the"
                                        + " image after 3 erase-write-verify passes"),
                e.getMessage());
        assertTrue(e.getMessage().contains("worn or write-protected"), e.getMessage());
        assertEquals(
                3, dev.log.stream().filter(l -> l.contains("erase")).count(), dev.log.toString());
        assertEquals(3 * 4, dev.writes, "each pass: 3 blocks, then the wrong one again");
    }

    /*
     * Byte streams of a fault-free flash through FakeBootloader (EXT lists 7 commands), worked out by
     * hand so that faults can be placed on exact bytes with a FaultyLink.
     * Host to board: sync 0x7F (1), Get (2), Get ID (2), Extended Erase 0x44 0xBB + FF FF 00 (5), then
     * per block Write Memory (2) + address and XOR (5) + length, data, XOR (n + 2).
     * Board to host: sync ACK (1), Get ACK 7 0x31 <7 codes> ACK (11), Get ID ACK 1 04 21 ACK (5),
     * erase ACK ACK (2), 3 ACKs per written block, then per Read Memory 3 ACKs and the n data bytes.
     */
    static final int H2B_BEFORE_WRITES = 1 + 2 + 2 + 5;
    static final int B2H_BEFORE_WRITES = 1 + 11 + 5 + 2;

    /**
     * Board-to-host offset of data byte {@code index} of the {@code read}-th Read Memory answer.
     */
    static long readBackByte(int blocks, int[] answerSizes, int read, int index) {
        long at = B2H_BEFORE_WRITES + 3L * blocks;
        for (int r = 0; r < read; r++) {
            at += 3 + answerSizes[r];
        }
        return at + 3 + index;
    }

    FlashReport flashThrough(FaultyLink link, FirmwareImage img) throws LinkException {
        FlashOptions fast = new FlashOptions(300, 2000, 2000, 3, false);
        return new An3155Flasher(
                        link, profile("emulated", 0x421), fast, FlashProgress.NONE, messages::add)
                .flash(img);
    }

    @Test
    void boardToHostCorruptionDuringReadBackIsReadAgainNotRewritten() throws Exception {
        dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
        FirmwareImage img = image(2000); // 7 blocks of 256 bytes and one of 208
        int[] sizes = new int[16];
        for (int r = 0; r < 16; r++) {
            sizes[r] = r / 2 == 7 ? 208 : 256; // each block read twice: corrupted, then clean
        }
        List<Fault> faults = new ArrayList<>();
        for (int r = 0; r < 16; r += 2) {
            faults.add(
                    new Fault(
                            FaultKind.CORRUPT,
                            Direction.BOARD_TO_HOST,
                            readBackByte(8, sizes, r, 37),
                            0x5A));
        }
        FaultyLink link = new FaultyLink(dev, new FaultPlan(faults), BoardReset.NONE);
        FlashReport r = flashThrough(link, img);
        assertFlashed(img);
        assertEquals(8, dev.writes, "2000 bytes = 8 blocks, each written once");
        assertEquals(8, link.injected().size(), "the first read of each block was corrupted");
        assertEquals(
                1, dev.log.stream().filter(l -> l.contains("erase")).count(), dev.log.toString());
        assertEquals(8, r.retries());
        assertTrue(
                messages.stream()
                        .allMatch(m -> m.contains("matched when read again; fake is corrupting")),
                messages.toString());
    }

    @Test
    void hostToBoardCorruptionDuringWriteRewritesThatBlockOnlyThroughNoisyReads() throws Exception {
        dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
        FirmwareImage img = image(1024);
        // the third block's first two data bytes get the same bit flipped: its XOR cannot see that,
        // so the board programs wrong bytes and acknowledges them
        long thirdData = H2B_BEFORE_WRITES + 2L * (7 + 258) + 7 + 1;
        FaultyLink link =
                new FaultyLink(
                        dev,
                        FaultPlan.of(
                                new Fault(
                                        FaultKind.CORRUPT,
                                        Direction.HOST_TO_BOARD,
                                        thirdData,
                                        0x04),
                                new Fault(
                                        FaultKind.CORRUPT,
                                        Direction.HOST_TO_BOARD,
                                        thirdData + 1,
                                        0x04),
                                // and the first read-back is corrupted on the way back too
                                new Fault(
                                        FaultKind.CORRUPT,
                                        Direction.BOARD_TO_HOST,
                                        readBackByte(4, new int[0], 0, 37),
                                        0x5A)),
                        BoardReset.NONE);
        flashThrough(link, img);
        assertFlashed(img);
        assertEquals(3, link.injected().size());
        assertEquals(5, dev.writes, "4 blocks, then the block at 0x8200 once more");
        assertEquals(
                1, dev.log.stream().filter(l -> l.contains("erase")).count(), dev.log.toString());
        assertTrue(
                messages.stream()
                        .anyMatch(m -> m.startsWith("verify: the block at 0x00008200 read back")),
                messages.toString());
    }

    @Test
    void rereadsThatDisagreeBlameTheSerialLinkNotTheFlash() {
        dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
        int[] sizes = {256, 256, 256};
        // the second block's three reads each arrive with a different bit of one byte flipped
        FaultyLink link =
                new FaultyLink(
                        dev,
                        FaultPlan.of(
                                new Fault(
                                        FaultKind.CORRUPT,
                                        Direction.BOARD_TO_HOST,
                                        readBackByte(3, sizes, 1, 37),
                                        0x01),
                                new Fault(
                                        FaultKind.CORRUPT,
                                        Direction.BOARD_TO_HOST,
                                        readBackByte(3, sizes, 2, 37),
                                        0x02),
                                new Fault(
                                        FaultKind.CORRUPT,
                                        Direction.BOARD_TO_HOST,
                                        readBackByte(3, sizes, 3, 37),
                                        0x04)),
                        BoardReset.NONE);
        LinkException e = assertThrows(LinkException.class, () -> flashThrough(link, image(600)));
        assertEquals(Kind.PROTOCOL, e.kind());
        assertTrue(
                e.getMessage().startsWith("fake: 3 read-backs of the block at 0x00008100 disagree"),
                e.getMessage());
        assertTrue(
                e.getMessage().contains("serial link on fake is corrupting data from the board"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("worn"), e.getMessage());
        assertEquals(3, dev.writes, "nothing was written again");
        assertEquals(3, link.injected().size());
    }

    /**
     * Board-to-host offset of the ACK that ends Go in a fault-free flash of 600 bytes: after the
     * writes, three Read Memory answers (3 ACKs + 256, 256 and 88 bytes), then Go's command ACK.
     */
    static final long GO_ADDRESS_ACK_600 =
            B2H_BEFORE_WRITES + 3 * 3 + (3 + 256) + (3 + 256) + (3 + 88) + 1;

    @Test
    void lostAnswerToGoCountsAsDoneWhenTheStartedApplicationTalks() throws Exception {
        for (Fault f :
                new Fault[] {
                    Fault.of(FaultKind.DROP, Direction.BOARD_TO_HOST, GO_ADDRESS_ACK_600),
                    new Fault(FaultKind.CORRUPT, Direction.BOARD_TO_HOST, GO_ADDRESS_ACK_600, 0x40),
                    new Fault(FaultKind.DELAY, Direction.BOARD_TO_HOST, GO_ADDRESS_ACK_600, 450)
                }) { // past the 300 ms timeout
            messages.clear();
            dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
            dev.startsApplication = true;
            FaultyLink link = new FaultyLink(dev, FaultPlan.of(f), BoardReset.NONE);
            FirmwareImage img = image(600);
            FlashReport r = flashThrough(link, img);
            assertEquals(List.of(f), link.injected(), "the fault hit Go's last ACK");
            assertFlashed(img);
            assertEquals(1, r.retries(), f.describe());
            assertTrue(
                    messages.get(messages.size() - 1).contains("has started"), messages.toString());
            byte[] rest = new byte[64];
            int n = 0;
            int k;
            while ((k = link.read(rest, n, rest.length - n, 200)) > 0) {
                n += k;
            }
            assertTrue(
                    new String(rest, 0, n, java.nio.charset.StandardCharsets.US_ASCII)
                            .endsWith("init-done\r\nm-ready\r\n"),
                    "the banner is left for the application's client: " + new String(rest, 0, n));
            dev.close();
        }
    }

    @Test
    void lostAnswerToGoWithASilentBoardIsRetriedAfterSyncing() throws Exception {
        dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
        // the Go command's own ACK is delayed past the answer timeout: the bootloader still waits
        // for
        // the address; the late ACK must not be taken for a started application
        long goCommandAck = GO_ADDRESS_ACK_600 - 1;
        FaultyLink link =
                new FaultyLink(
                        dev,
                        FaultPlan.of(
                                new Fault(
                                        FaultKind.DELAY,
                                        Direction.BOARD_TO_HOST,
                                        goCommandAck,
                                        600)),
                        BoardReset.NONE);
        FirmwareImage img = image(600);
        FlashReport r = flashThrough(link, img);
        assertFlashed(img);
        assertEquals(1, r.retries());
        assertTrue(
                messages.stream()
                        .anyMatch(m -> m.startsWith("Go failed") && m.contains("re-synchronising")),
                messages.toString());
        assertTrue(
                messages.stream().noneMatch(m -> m.contains("has started")), messages.toString());
    }

    @Test
    void vanishingPortFailsAtOnceWithClearError() {
        dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
        dev.vanishAfterWrites = 1;
        LinkException e =
                assertThrows(
                        LinkException.class, () -> flash(image(2000), profile("emulated", 0x421)));
        assertEquals(Kind.GONE, e.kind());
        assertTrue(e.getMessage().contains("went away"), e.getMessage());
    }

    @Test
    void imageLargerThanFlashIsRefusedBeforeTouchingTheBoard() {
        dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
        LinkException e =
                assertThrows(
                        LinkException.class,
                        () -> flash(image(SIZE + 4), profile("emulated", 0x421)));
        assertEquals(Kind.INVALID_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("4 bytes too large"), e.getMessage());
        assertEquals(0, dev.sent.size(), "nothing was sent");
    }

    @Test
    void imageBelowFlashOriginIsRefused() {
        dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
        FirmwareImage low = new FirmwareImage(0x0, new byte[64], "boot.elf");
        LinkException e =
                assertThrows(LinkException.class, () -> flash(low, profile("emulated", 0x421)));
        assertTrue(e.getMessage().contains("linked at flash.origin 0x00008000"), e.getMessage());
        assertEquals(0, dev.sent.size());
    }

    @Test
    void wrongChipIsRefusedBeforeWriting() {
        dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
        LinkException e =
                assertThrows(
                        LinkException.class, () -> flash(image(100), profile("emulated", 0x470)));
        assertTrue(
                e.getMessage().contains("product ID 0x421 but board fake expects 0x470"),
                e.getMessage());
        assertEquals(0, dev.writes);
    }

    @Test
    void unstampedImageIsRefusedForEmulatedBoards() {
        dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
        FlashOptions opts = FlashOptions.defaults();
        LinkException e =
                assertThrows(
                        LinkException.class,
                        () ->
                                new An3155Flasher(
                                                dev,
                                                profile("emulated", 0x421),
                                                opts,
                                                FlashProgress.NONE,
                                                messages::add)
                                        .flash(image(128)));
        assertTrue(e.getMessage().contains("no integrity record"), e.getMessage());
        assertEquals(0, dev.sent.size());
    }

    @Test
    void realBoardGetsEvenParityAndResetThroughDtrRts() throws Exception {
        dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
        FirmwareImage img = image(64);
        flash(img, profile("dtr-rts", 0x421));
        assertFlashed(img);
        assertEquals(
                List.of("configure 115200 EVEN", "dtr=true rts=true", "dtr=false rts=true"),
                dev.log.subList(0, 3));
    }

    @Test
    void manualEntryTellsTheUserWhatToDo() throws Exception {
        dev = new FakeBootloader(BASE, SIZE, 0x421, EXT);
        flash(image(64), profile("manual", 0x421));
        assertTrue(
                messages.get(0).startsWith("Put fake into its ROM bootloader now: set BOOT0 high"),
                messages.toString());
    }
}
