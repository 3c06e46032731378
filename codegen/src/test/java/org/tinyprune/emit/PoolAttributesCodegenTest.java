package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.OpKind;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.ModelProto;

/**
 * Pool attributes (ceil_mode, count_include_pad, dilations, auto_pad) in float: ONNX Runtime vs
 * generated C built for the host, 1e-5 relative; shapes from the reader equal ONNX Runtime's.
 */
class PoolAttributesCodegenTest {

    private static ModelProto pool(
            String op, int c, int h, int w, long[] out, AttributeProto... attrs) {
        OnnxGraphs g = new OnnxGraphs(op.toLowerCase(), 5, 1, c, h, w);
        String y = g.op(op, List.of("x"), attrs);
        return g.build(y, out);
    }

    @Test
    void ceilModeMaxAndAveragePools() throws Exception {
        // 7 wide, kernel 2, stride 2: floor gives 3, ceil 4 (the last window holds one column)
        CodegenChecks.floatModel(
                pool(
                        "MaxPool",
                        3,
                        7,
                        7,
                        new long[] {1, 3, 4, 4},
                        OnnxAttributes.ints("kernel_shape", 2, 2),
                        OnnxAttributes.ints("strides", 2, 2),
                        OnnxAttributes.of("ceil_mode", 1L)),
                1,
                3,
                7,
                7);
        CodegenChecks.floatModel(
                pool(
                        "AveragePool",
                        3,
                        7,
                        6,
                        new long[] {1, 3, 3, 3},
                        OnnxAttributes.ints("kernel_shape", 3, 3),
                        OnnxAttributes.ints("strides", 2, 2),
                        OnnxAttributes.of("ceil_mode", 1L)),
                1,
                3,
                7,
                6);
    }

    @Test
    void ceilModeDropsAWindowThatWouldStartInTheRightPadding() throws Exception {
        // in 4, pads 1+1, kernel 2, stride 3: ceil((4+2-2)/3)+1 = 3, but window 2 starts at 6-1 = 5
        // >= 4+1
        ModelProto m =
                pool(
                        "MaxPool",
                        2,
                        4,
                        4,
                        new long[] {1, 2, 2, 2},
                        OnnxAttributes.ints("kernel_shape", 2, 2),
                        OnnxAttributes.ints("strides", 3, 3),
                        OnnxAttributes.ints("pads", 1, 1, 1, 1),
                        OnnxAttributes.of("ceil_mode", 1L));
        assertEquals(2, OnnxReader.read(m).tensor(m.getGraph().getOutput(0).getName()).dim(2));
        CodegenChecks.floatModel(m, 1, 2, 4, 4);
    }

    @Test
    void countIncludePadWithAndWithoutCeilMode() throws Exception {
        CodegenChecks.floatModel(
                pool(
                        "AveragePool",
                        4,
                        6,
                        5,
                        new long[] {1, 4, 3, 3},
                        OnnxAttributes.ints("kernel_shape", 3, 3),
                        OnnxAttributes.ints("strides", 2, 2),
                        OnnxAttributes.ints("pads", 1, 1, 1, 1),
                        OnnxAttributes.of("count_include_pad", 1L)),
                1,
                4,
                6,
                5);
        // ceil mode adds a last window that reaches beyond the bottom padding: those taps do not
        // count
        ModelProto m =
                pool(
                        "AveragePool",
                        2,
                        7,
                        7,
                        new long[] {1, 2, 4, 4},
                        OnnxAttributes.ints("kernel_shape", 3, 3),
                        OnnxAttributes.ints("strides", 2, 2),
                        OnnxAttributes.ints("pads", 1, 1, 0, 0),
                        OnnxAttributes.of("count_include_pad", 1L),
                        OnnxAttributes.of("ceil_mode", 1L));
        Graph g = OnnxReader.read(m);
        assertEquals(true, g.nodes().get(0).attributes().countIncludePad());
        CodegenChecks.floatModel(m, 1, 2, 7, 7);
    }

    @Test
    void dilatedMaxAndAveragePools() throws Exception {
        CodegenChecks.floatModel(
                pool(
                        "MaxPool",
                        3,
                        9,
                        8,
                        new long[] {1, 3, 4, 3},
                        OnnxAttributes.ints("kernel_shape", 3, 2),
                        OnnxAttributes.ints("strides", 2, 2),
                        OnnxAttributes.ints("dilations", 2, 3),
                        OnnxAttributes.ints("pads", 1, 0, 1, 1)),
                1,
                3,
                9,
                8);
        // AveragePool has dilations from opset 19
        CodegenChecks.floatModel(
                Opsets.with(
                        pool(
                                "AveragePool",
                                3,
                                9,
                                8,
                                new long[] {1, 3, 4, 4},
                                OnnxAttributes.ints("kernel_shape", 2, 2),
                                OnnxAttributes.ints("strides", 2, 2),
                                OnnxAttributes.ints("dilations", 2, 2),
                                OnnxAttributes.of("ceil_mode", 1L)),
                        19),
                1,
                3,
                9,
                8);
    }

    @Test
    void autoPadSameLowerAndUpperAndValid() throws Exception {
        CodegenChecks.floatModel(
                pool(
                        "MaxPool",
                        2,
                        7,
                        6,
                        new long[] {1, 2, 4, 3},
                        OnnxAttributes.ints("kernel_shape", 3, 2),
                        OnnxAttributes.ints("strides", 2, 2),
                        OnnxAttributes.of("auto_pad", "SAME_LOWER")),
                1,
                2,
                7,
                6);
        CodegenChecks.floatModel(
                pool(
                        "AveragePool",
                        2,
                        7,
                        6,
                        new long[] {1, 2, 4, 3},
                        OnnxAttributes.ints("kernel_shape", 3, 2),
                        OnnxAttributes.ints("strides", 2, 2),
                        OnnxAttributes.of("auto_pad", "SAME_UPPER")),
                1,
                2,
                7,
                6);
        ModelProto m =
                pool(
                        "AveragePool",
                        2,
                        7,
                        6,
                        new long[] {1, 2, 3, 3},
                        OnnxAttributes.ints("kernel_shape", 3, 2),
                        OnnxAttributes.ints("strides", 2, 2),
                        OnnxAttributes.of("auto_pad", "VALID"));
        assertEquals(OpKind.AVG_POOL, OnnxReader.read(m).nodes().get(0).op());
        CodegenChecks.floatModel(m, 1, 2, 7, 6);
    }
}
