package org.tinyprune.ir;

/** Element type of a tensor. */
public enum DType {
    /** IEEE 754 single precision: float graphs, and constants before quantisation. */
    FLOAT32(4, "float"),
    /** Signed 8-bit: quantised activations and weights. */
    INT8(1, "int8_t"),
    /** Signed 32-bit: quantised biases. */
    INT32(4, "int32_t");

    private final int bytes;
    private final String cType;

    DType(int bytes, String cType) {
        this.bytes = bytes;
        this.cType = cType;
    }

    /** Bytes per element as stored on the device. */
    public int bytes() {
        return bytes;
    }

    /** The C type of one element ({@code float}, {@code int8_t}, {@code int32_t}). */
    public String cType() {
        return cType;
    }
}
