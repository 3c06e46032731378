package org.tinyprune.emit;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code const} arrays of a model (flash), in emission order, with their size and the FNV-1a
 * 32-bit hash of their stored bytes (little-endian), as contract C2 defines {@code
 * TP_MODEL_WEIGHTS_HASH}.
 */
final class ConstantTable {
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;
    private static final int PER_LINE = 16;

    private final StringBuilder code = new StringBuilder();
    private final List<String> names = new ArrayList<>();
    private int hash = FNV_OFFSET;
    private long bytes;

    /** Declares {@code static const int8_t name[]}; returns the name. */
    String int8(String name, byte[] v) {
        String[] s = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = Byte.toString(v[i]);
            mix(v[i]);
        }
        return declare("int8_t", name, s, v.length);
    }

    /** Declares {@code static const int32_t name[]}; returns the name. */
    String int32(String name, int[] v) {
        String[] s = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = CLiterals.int32(v[i]);
            mixInt(v[i]);
        }
        return declare("int32_t", name, s, v.length * 4L);
    }

    /** Declares {@code static const float name[]}; returns the name. */
    String float32(String name, float[] v) {
        String[] s = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = CLiterals.float32(v[i]);
            mixInt(Float.floatToRawIntBits(v[i]));
        }
        return declare("float", name, s, v.length * 4L);
    }

    private String declare(String type, String name, String[] values, long size) {
        names.add(name);
        bytes += size;
        code.append("static const ")
                .append(type)
                .append(' ')
                .append(name)
                .append('[')
                .append(values.length)
                .append("] = {");
        for (int i = 0; i < values.length; i++) {
            code.append(i % PER_LINE == 0 ? "\n    " : " ")
                    .append(values[i])
                    .append(i + 1 < values.length ? "," : "");
        }
        code.append("\n};\n");
        return name;
    }

    private void mixInt(int v) {
        for (int k = 0; k < 4; k++) {
            mix((byte) (v >>> (8 * k)));
        }
    }

    private void mix(byte b) {
        hash ^= b & 0xff;
        hash *= FNV_PRIME;
    }

    /** The declarations, in order. */
    String code() {
        return code.toString();
    }

    /** FNV-1a over all bytes so far. */
    int hash() {
        return hash;
    }

    /** Total bytes of all arrays (their flash footprint). */
    long bytes() {
        return bytes;
    }
}
