package org.tinyprune.onnx;

import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.AttributeProto.AttributeType;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;

/**
 * Builds ONNX node attributes with their {@code type} discriminator set (required since IR version
 * 2) and looks them up on nodes with errors that name the node.
 */
public final class OnnxAttributes {

    private OnnxAttributes() {}

    /** An {@code INT} attribute. */
    public static AttributeProto of(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeType.INT)
                .setI(value)
                .build();
    }

    /** A {@code FLOAT} attribute. */
    public static AttributeProto of(String name, float value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeType.FLOAT)
                .setF(value)
                .build();
    }

    /** A {@code STRING} attribute (UTF-8). */
    public static AttributeProto of(String name, String value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value))
                .build();
    }

    /** A {@code TENSOR} attribute (for example the value of a Constant node). */
    public static AttributeProto of(String name, TensorProto value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeType.TENSOR)
                .setT(value)
                .build();
    }

    /** An {@code INTS} attribute (kernel_shape, strides, pads, ...). */
    public static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder b =
                AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    /** A {@code FLOATS} attribute. */
    public static AttributeProto floats(String name, float... values) {
        AttributeProto.Builder b =
                AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOATS);
        for (float v : values) {
            b.addFloats(v);
        }
        return b.build();
    }

    /**
     * The attribute called {@code name} on {@code node}, or {@code null} when absent.
     *
     * @throws IllegalArgumentException if present with a type other than {@code expected}
     */
    public static AttributeProto find(NodeProto node, String name, AttributeType expected) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                if (a.getType() != expected) {
                    throw new IllegalArgumentException(
                            "node '"
                                    + node.getName()
                                    + "' ("
                                    + node.getOpType()
                                    + "): attribute '"
                                    + name
                                    + "' has type "
                                    + a.getType()
                                    + ", expected "
                                    + expected);
                }
                return a;
            }
        }
        return null;
    }

    /** An {@code INT} attribute's value, or {@code fallback} when the node does not carry it. */
    public static long getInt(NodeProto node, String name, long fallback) {
        AttributeProto a = find(node, name, AttributeType.INT);
        return a == null ? fallback : a.getI();
    }

    /** An {@code INTS} attribute's values, or {@code fallback} when the node does not carry it. */
    public static long[] getInts(NodeProto node, String name, long[] fallback) {
        AttributeProto a = find(node, name, AttributeType.INTS);
        return a == null ? fallback : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** A {@code FLOAT} attribute's value, or {@code fallback} when the node does not carry it. */
    public static float getFloat(NodeProto node, String name, float fallback) {
        AttributeProto a = find(node, name, AttributeType.FLOAT);
        return a == null ? fallback : a.getF();
    }
}
