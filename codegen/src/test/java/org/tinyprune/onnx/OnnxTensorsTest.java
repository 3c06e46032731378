package org.tinyprune.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

class OnnxTensorsTest {

    @Test
    void floatsAreStoredLittleEndianIeee754() {
        TensorProto t = OnnxTensors.floats("w", new long[] {2}, new float[] {1.0f, -2.0f});
        // 1.0f = 0x3F800000, -2.0f = 0xC0000000, least significant byte first.
        assertArrayEquals(
                new byte[] {0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0},
                t.getRawData().toByteArray());
        assertEquals(DataType.FLOAT.getNumber(), t.getDataType());
        assertEquals(java.util.List.of(2L), t.getDimsList());
    }

    @Test
    void int32AndInt8RoundTrip() {
        int[] ints = {Integer.MIN_VALUE, -1, 0, 7, Integer.MAX_VALUE, 65536};
        TensorProto i32 = OnnxTensors.int32s("b", new long[] {2, 3}, ints);
        assertArrayEquals(ints, OnnxTensors.toInt32s(i32));
        assertArrayEquals(
                new byte[] {1, 0, 0, 0},
                java.util.Arrays.copyOfRange(
                        OnnxTensors.int32s("one", new long[] {1}, new int[] {1})
                                .getRawData()
                                .toByteArray(),
                        0,
                        4));
        byte[] bytes = {-128, -1, 0, 127};
        assertArrayEquals(
                bytes, OnnxTensors.toInt8s(OnnxTensors.int8s("q", new long[] {4}, bytes)));
    }

    @Test
    void readsTypedFieldsWrittenByOtherTools() {
        TensorProto t =
                TensorProto.newBuilder()
                        .setName("x")
                        .setDataType(DataType.FLOAT.getNumber())
                        .addDims(3)
                        .addFloatData(0.5f)
                        .addFloatData(1.5f)
                        .addFloatData(-3f)
                        .build();
        assertArrayEquals(new float[] {0.5f, 1.5f, -3f}, OnnxTensors.toFloats(t));
    }

    @Test
    void scalarHasRankZero() {
        TensorProto s = OnnxTensors.scalar("six", 6f);
        assertEquals(0, s.getDimsCount());
        assertArrayEquals(new float[] {6f}, OnnxTensors.toFloats(s));
    }

    @Test
    void shapeAndValueCountMustAgree() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> OnnxTensors.floats("conv1.weight", new long[] {2, 2}, new float[3]));
        assertTrue(
                e.getMessage().contains("conv1.weight") && e.getMessage().contains("4"),
                e.getMessage());
    }

    @Test
    void wrongTypeIsNamed() {
        TensorProto t = OnnxTensors.int8s("q", new long[] {1}, new byte[] {1});
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> OnnxTensors.toFloats(t));
        assertTrue(
                e.getMessage().contains("'q'") && e.getMessage().contains("INT8"), e.getMessage());
    }
}
