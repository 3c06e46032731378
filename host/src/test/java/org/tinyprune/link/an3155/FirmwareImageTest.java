package org.tinyprune.link.an3155;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.link.LinkException;

class FirmwareImageTest {
    @TempDir Path dir;

    @Test
    void segmentsArePlacedAtLoadAddressesWithErasedGaps() throws Exception {
        Path elf = dir.resolve("a.elf");
        // .text 8 bytes at 0x4000, a .bss-like segment without file contents, .data 4 bytes at
        // 0x400c
        Files.write(
                elf,
                TestElf.build(
                        new long[] {0x4000, 8, 8},
                        new long[] {0x20000000, 0, 64},
                        new long[] {0x400c, 4, 4}));
        FirmwareImage img = FirmwareImage.fromElf(elf);
        assertEquals(0x4000, img.address());
        assertArrayEquals(
                new byte[] {0, 1, 2, 3, 4, 5, 6, 7, -1, -1, -1, -1, 2, 3, 4, 5}, img.bytes());
        assertEquals(0x4010, img.end());
    }

    @Test
    void notAnElfIsRejectedWithTheFile() throws Exception {
        Path bin = dir.resolve("firmware.bin");
        Files.write(bin, new byte[100]);
        LinkException e = assertThrows(LinkException.class, () -> FirmwareImage.fromElf(bin));
        assertTrue(
                e.getMessage().startsWith(bin + ": not a 32-bit little-endian ELF"),
                e.getMessage());
    }

    @Test
    void segmentsFarApartAreRejected() throws Exception {
        Path elf = dir.resolve("b.elf");
        Files.write(elf, TestElf.build(new long[] {0x4000, 8, 8}, new long[] {0x20000000, 4, 4}));
        LinkException e = assertThrows(LinkException.class, () -> FirmwareImage.fromElf(elf));
        assertTrue(e.getMessage().contains("AT> FLASH"), e.getMessage());
    }

    @Test
    void integrityRecordIsCheckedLikeTheBootloader() {
        byte[] bytes = new byte[0x80];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertTrue(
                new FirmwareImage(0, bytes, "x")
                        .integrityProblem()
                        .startsWith("no integrity record"));
        b.putInt(0x20, FirmwareImage.MAGIC).putInt(0x24, 0x80);
        // zlib crc32 of 0x80 bytes: 0x00 * 0x20, "TPIM", 80 00 00 00, then zeros -- computed with
        // python3 -c "import zlib;
        // print(hex(zlib.crc32(bytes(32)+b'TPIM'+bytes([0x80,0,0,0])+bytes(88))))"
        b.putInt(0x28, 0x05dff5fd);
        assertEquals("", new FirmwareImage(0, bytes, "x").integrityProblem());
        bytes[0x40] ^= 1;
        assertTrue(new FirmwareImage(0, bytes, "x").integrityProblem().contains("CRC-32 mismatch"));
    }
}
