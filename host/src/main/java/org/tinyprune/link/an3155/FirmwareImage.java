package org.tinyprune.link.an3155;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.tinyprune.link.LinkException;
import org.tinyprune.link.LinkException.Kind;

/**
 * The bytes to write and where: the loadable segments of a 32-bit little-endian Arm ELF placed at
 * their load (physical) addresses, gaps filled with the erased value 0xFF.
 *
 * @param address first byte's address
 * @param bytes image contents
 * @param source where it came from, for messages
 */
public record FirmwareImage(long address, byte[] bytes, String source) {
    /**
     * Offset of the integrity record in the vector table (see device-runtime/common/tp_image.h).
     */
    public static final int MAGIC_OFFSET = 0x20;

    /** "TPIM" as a little-endian word. */
    public static final int MAGIC = 0x4D495054;

    private static final long MAX_SPAN = 64L << 20;

    /**
     * Returns the address just past the last byte.
     *
     * @return the address just past the last byte
     */
    public long end() {
        return address + bytes.length;
    }

    /**
     * Reads an ELF's PT_LOAD segments (those with file contents) at their physical addresses.
     *
     * @param elf path to an ELF file from arm-none-eabi-gcc
     * @return the image
     * @throws LinkException {@link Kind#INVALID_REQUEST} when the file is not a 32-bit Arm ELF or
     *     its segments are spread too far apart to be one flash image
     */
    public static FirmwareImage fromElf(Path elf) throws LinkException {
        ByteBuffer b;
        try {
            b = ByteBuffer.wrap(Files.readAllBytes(elf)).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw invalid(elf, "cannot read: " + e.getMessage());
        }
        if (b.limit() < 52 || b.getInt(0) != 0x464C457F || b.get(4) != 1 || b.get(5) != 1) {
            throw invalid(
                    elf,
                    "not a 32-bit little-endian ELF file; pass the .elf the firmware build wrote");
        }
        if (b.getShort(18) != 40) {
            throw invalid(
                    elf,
                    "ELF machine "
                            + b.getShort(18)
                            + " is not Arm (40); build with arm-none-eabi-gcc");
        }
        int phoff = b.getInt(28);
        int phentsize = b.getShort(42) & 0xFFFF;
        int phnum = b.getShort(44) & 0xFFFF;
        List<long[]> segs = new ArrayList<>();
        long lo = Long.MAX_VALUE;
        long hi = 0;
        for (int i = 0; i < phnum; i++) {
            int h = phoff + i * phentsize;
            long type = Integer.toUnsignedLong(b.getInt(h));
            long offset = Integer.toUnsignedLong(b.getInt(h + 4));
            long paddr = Integer.toUnsignedLong(b.getInt(h + 12));
            long filesz = Integer.toUnsignedLong(b.getInt(h + 16));
            if (type == 1 && filesz > 0) {
                if (offset + filesz > b.limit()) {
                    throw invalid(
                            elf,
                            "segment "
                                    + i
                                    + " extends past the end of the file; the ELF is truncated");
                }
                segs.add(new long[] {paddr, offset, filesz});
                lo = Math.min(lo, paddr);
                hi = Math.max(hi, paddr + filesz);
            }
        }
        if (segs.isEmpty()) {
            throw invalid(elf, "no loadable segment with contents");
        }
        if (hi - lo > MAX_SPAN) {
            throw invalid(
                    elf,
                    "loadable segments span "
                            + BootloaderSession.hex(lo)
                            + ".."
                            + BootloaderSession.hex(hi)
                            + "; initialised data must be loaded into flash (AT> FLASH in "
                            + "the linker script)");
        }
        byte[] img = new byte[(int) (hi - lo)];
        Arrays.fill(img, (byte) 0xFF);
        for (long[] s : segs) {
            b.get((int) s[1], img, (int) (s[0] - lo), (int) s[2]);
        }
        return new FirmwareImage(lo, img, elf.toString());
    }

    /**
     * Describes what is wrong with the image's integrity record (magic, length, CRC-32 at vector
     * table words 8..10, as the emulated boards' bootloader checks before Go).
     *
     * @return empty when the record is present and matches, otherwise the problem
     */
    public String integrityProblem() {
        if (bytes.length < 0x40) {
            return "image of " + bytes.length + " bytes is too short to hold a vector table";
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(MAGIC_OFFSET) != MAGIC) {
            return "no integrity record (\"TPIM\" at +0x20); stamp the image with the firmware build (tp_stamp)";
        }
        long length = Integer.toUnsignedLong(b.getInt(MAGIC_OFFSET + 4));
        if (length < 0x40 || length > bytes.length) {
            return "integrity record gives length "
                    + length
                    + " but the image has "
                    + bytes.length
                    + " bytes";
        }
        byte[] copy = Arrays.copyOf(bytes, (int) length);
        Arrays.fill(copy, MAGIC_OFFSET + 8, MAGIC_OFFSET + 12, (byte) 0);
        CRC32 crc = new CRC32();
        crc.update(copy);
        long stored = Integer.toUnsignedLong(b.getInt(MAGIC_OFFSET + 8));
        if (crc.getValue() != stored) {
            return String.format(
                    "CRC-32 mismatch: record says %08x, contents give %08x; the image is "
                            + "corrupted or was changed after stamping",
                    stored, crc.getValue());
        }
        return "";
    }

    private static LinkException invalid(Path elf, String problem) {
        return new LinkException(Kind.INVALID_REQUEST, elf + ": " + problem);
    }
}
