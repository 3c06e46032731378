package org.tinyprune.link.an3155;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes minimal 32-bit little-endian Arm ELF files with given PT_LOAD segments, for tests. */
public final class TestElf {
    private TestElf() {}

    /**
     * Builds an ELF image.
     *
     * @param segments triples {paddr, filesz, memsz}; contents are (index + offset) bytes
     * @return the file bytes
     */
    public static byte[] build(long[]... segments) {
        int phoff = 52;
        int dataOff = phoff + 32 * segments.length;
        int total = dataOff;
        for (long[] s : segments) {
            total += (int) s[1];
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x464C457F).put(4, (byte) 1).put(5, (byte) 1).put(6, (byte) 1);
        b.putShort(16, (short) 2).putShort(18, (short) 40).putInt(20, 1);
        b.putInt(28, phoff)
                .putShort(40, (short) 52)
                .putShort(42, (short) 32)
                .putShort(44, (short) segments.length);
        int off = dataOff;
        for (int i = 0; i < segments.length; i++) {
            long[] s = segments[i];
            int h = phoff + 32 * i;
            b.putInt(h, 1)
                    .putInt(h + 4, off)
                    .putInt(h + 8, (int) s[0])
                    .putInt(h + 12, (int) s[0])
                    .putInt(h + 16, (int) s[1])
                    .putInt(h + 20, (int) s[2])
                    .putInt(h + 24, 5)
                    .putInt(h + 28, 4);
            for (int k = 0; k < s[1]; k++) {
                b.put(off + k, (byte) (i + k));
            }
            off += (int) s[1];
        }
        return b.array();
    }
}
