package org.tinyprune.emit;

/** Exact C literals for Java numbers. */
final class CLiterals {
    private CLiterals() {}

    /**
     * An int32 literal ({@code INT32_MIN} is written as an expression, since {@code -2147483648} is
     * not an int literal).
     */
    static String int32(int v) {
        return v == Integer.MIN_VALUE ? "(-2147483647 - 1)" : Integer.toString(v);
    }

    /** A float literal that parses back to exactly {@code v} (hexadecimal form). */
    static String float32(float v) {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            throw new IllegalArgumentException("cannot emit non-finite constant " + v);
        }
        return Float.toHexString(v) + "f";
    }

    /** A float literal allowing infinities ({@code INFINITY} from math.h). */
    static String float32OrInf(float v) {
        if (v == Float.POSITIVE_INFINITY) {
            return "INFINITY";
        }
        if (v == Float.NEGATIVE_INFINITY) {
            return "-INFINITY";
        }
        return float32(v);
    }
}
