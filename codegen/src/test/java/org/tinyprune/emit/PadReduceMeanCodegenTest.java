package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.onnx.UnsupportedModelException;

/**
 * Pad (folded into the reader or standalone) and ReduceMean over H, W in float: ONNX Runtime vs
 * generated C on the host; the IR shows which pads were folded.
 */
class PadReduceMeanCodegenTest {

    private static String pads(OnnxGraphs g, long... p) {
        String name = "pads" + p.length + "_" + java.util.Arrays.hashCode(p);
        g.initRaw(OnnxTensors.int64s(name, new long[] {p.length}, p));
        return name;
    }

    private static List<OpKind> ops(Graph g) {
        return g.nodes().stream().map(Node::op).toList();
    }

    /** The PyTorch DS-CNN tail: conv, batch norm, ReLU, an all-zero Pad, AvgPool, flatten, Gemm. */
    @Test
    void dsCnnTailWithAllZeroPadBeforeAveragePool() throws Exception {
        OnnxGraphs g = new OnnxGraphs("dscnn", 1, 1, 4, 10, 6);
        String a = g.op("Relu", List.of(g.batchNorm(g.conv("x", 4, 8, 3, 1, 1, 1, false), 8)));
        String p = g.op("Pad", List.of(a, pads(g, 0, 0, 0, 0, 0, 0, 0, 0)));
        String v = g.op("AveragePool", List.of(p), OnnxAttributes.ints("kernel_shape", 10, 6));
        String f = g.op("Flatten", List.of(v));
        String y =
                g.op("Gemm", List.of(f, g.init(5, 8), g.init(5)), OnnxAttributes.of("transB", 1L));
        Graph ir = CodegenChecks.floatModel(g.build(y, 1, 5), 1, 4, 10, 6);
        assertEquals(List.of(OpKind.CONV, OpKind.AVG_POOL, OpKind.RESHAPE, OpKind.DENSE), ops(ir));
    }

    @Test
    void padFoldsIntoConvAveragePoolAndMaxPoolAfterRelu() throws Exception {
        OnnxGraphs g = new OnnxGraphs("padfold", 2, 1, 3, 8, 7);
        String c =
                g.op(
                        "Conv",
                        List.of(
                                g.op("Pad", List.of("x", pads(g, 0, 0, 1, 2, 0, 0, 1, 0))),
                                g.init(6, 3, 3, 3),
                                g.init(6)),
                        OnnxAttributes.ints("pads", 1, 0, 0, 0));
        String r = g.op("Relu", List.of(c));
        String m =
                g.op(
                        "MaxPool",
                        List.of(g.op("Pad", List.of(r, pads(g, 0, 0, 1, 1, 0, 0, 1, 1)))),
                        OnnxAttributes.ints("kernel_shape", 2, 2),
                        OnnxAttributes.ints("strides", 2, 2));
        String v =
                g.op(
                        "AveragePool",
                        List.of(g.op("Pad", List.of(m, pads(g, 0, 0, 1, 0, 0, 0, 1, 2)))),
                        OnnxAttributes.ints("kernel_shape", 3, 3),
                        OnnxAttributes.ints("strides", 1, 2));
        Graph ir = CodegenChecks.floatModel(g.build(v, 1, 6, 5, 2), 1, 3, 8, 7);
        assertEquals(
                List.of(OpKind.CONV, OpKind.MAX_POOL, OpKind.AVG_POOL), ops(ir), ir.toString());
        assertTrue(ir.nodes().get(2).attributes().countIncludePad());
    }

    /**
     * In ceil mode a window starting in the Pad's right border is kept (it starts inside the padded
     * input) but would be dropped as pool padding, so the Pad stays (ONNX Runtime's own Pad fusion
     * changes the output shape here; the oracle runs unoptimised).
     */
    @Test
    void padBeforeCeilModeAveragePoolStaysWhenFoldingWouldDropAWindow() throws Exception {
        OnnxGraphs g = new OnnxGraphs("padceil", 2, 1, 3, 5, 4);
        String v =
                g.op(
                        "AveragePool",
                        List.of(g.op("Pad", List.of("x", pads(g, 0, 0, 1, 0, 0, 0, 1, 2)))),
                        OnnxAttributes.ints("kernel_shape", 3, 3),
                        OnnxAttributes.ints("strides", 1, 2),
                        OnnxAttributes.of("ceil_mode", 1L));
        Graph ir = CodegenChecks.floatModel(g.build(v, 1, 3, 5, 3), 1, 3, 5, 4);
        assertEquals(List.of(OpKind.PAD, OpKind.AVG_POOL), ops(ir), ir.toString());
    }

    @Test
    void padStaysStandaloneBeforeMaxPoolOfSignedValuesAndAsGraphOutput() throws Exception {
        OnnxGraphs g = new OnnxGraphs("padkeep", 3, 1, 2, 5, 5);
        String c = g.conv("x", 2, 3, 1, 1, 0, 1, true);
        String m =
                g.op(
                        "MaxPool",
                        List.of(g.op("Pad", List.of(c, pads(g, 0, 0, 1, 1, 0, 0, 1, 1)))),
                        OnnxAttributes.ints("kernel_shape", 3, 3));
        String y = g.op("Pad", List.of(m, pads(g, 0, 0, 2, 0, 0, 0, 0, 1)));
        Graph ir = CodegenChecks.floatModel(g.build(y, 1, 3, 7, 6), 1, 2, 5, 5);
        assertEquals(List.of(OpKind.CONV, OpKind.PAD, OpKind.MAX_POOL, OpKind.PAD), ops(ir));
    }

    @Test
    void padAttributeFormOfOpset10() throws Exception {
        OnnxGraphs g = new OnnxGraphs("pad10", 4, 1, 2, 4, 4);
        String y =
                g.op(
                        "Pad",
                        List.of(g.conv("x", 2, 3, 1, 1, 0, 1, true)),
                        OnnxAttributes.ints("pads", 0, 0, 1, 2, 0, 0, 2, 1),
                        OnnxAttributes.of("value", 0f));
        CodegenChecks.floatModel(Opsets.with(g.build(y, 1, 3, 7, 7), 10), 1, 2, 4, 4);
    }

    @Test
    void padOfChannelsIsRefused() {
        OnnxGraphs g = new OnnxGraphs("padbad", 4, 1, 2, 4, 4);
        String y = g.op("Pad", List.of("x", pads(g, 0, 1, 0, 0, 0, 0, 0, 0)));
        UnsupportedModelException e =
                assertThrows(
                        UnsupportedModelException.class,
                        () -> OnnxReader.read(g.build(y, 1, 3, 4, 4)));
        assertTrue(e.getMessage().contains("only H and W"), e.getMessage());
    }

    /** A Pad with a value other than 0 stays standalone before a convolution and a max pool. */
    @Test
    void padWithANonZeroValueAsInputOrAttribute() throws Exception {
        OnnxGraphs g = new OnnxGraphs("padvalue", 5, 1, 2, 4, 4);
        g.initRaw(OnnxTensors.scalar("value", 1.25f));
        String p = g.op("Pad", List.of("x", pads(g, 0, 0, 1, 2, 0, 0, 2, 1), "value"));
        String c =
                g.op(
                        "Conv",
                        List.of(p, g.init(3, 2, 3, 3)),
                        OnnxAttributes.ints("kernel_shape", 3, 3));
        String m =
                g.op(
                        "MaxPool",
                        List.of(
                                g.op(
                                        "Pad",
                                        List.of(
                                                g.op("Relu", List.of(c)),
                                                pads(g, 0, 0, 1, 1, 0, 0, 1, 1),
                                                "value"))),
                        OnnxAttributes.ints("kernel_shape", 2, 2));
        Graph ir = CodegenChecks.floatModel(g.build(m, 1, 3, 6, 6), 1, 2, 4, 4);
        assertEquals(List.of(OpKind.PAD, OpKind.CONV, OpKind.PAD, OpKind.MAX_POOL), ops(ir));
        OnnxGraphs h = new OnnxGraphs("padvalue10", 6, 1, 2, 4, 4);
        String y =
                h.op(
                        "Pad",
                        List.of(h.conv("x", 2, 3, 1, 1, 0, 1, true)),
                        OnnxAttributes.ints("pads", 0, 0, 1, 2, 0, 0, 2, 1),
                        OnnxAttributes.of("value", -0.75f));
        CodegenChecks.floatModel(Opsets.with(h.build(y, 1, 3, 7, 7), 10), 1, 2, 4, 4);
    }

    @Test
    void reduceMeanOverHeightAndWidthKeepingAndDroppingDims() throws Exception {
        OnnxGraphs g = new OnnxGraphs("rmkeep", 5, 1, 3, 6, 5);
        String r =
                g.op(
                        "ReduceMean",
                        List.of(g.conv("x", 3, 6, 3, 1, 1, 1, true)),
                        OnnxAttributes.ints("axes", 2, 3));
        Graph ir = CodegenChecks.floatModel(g.build(r, 1, 6, 1, 1), 1, 3, 6, 5);
        assertEquals(List.of(OpKind.CONV, OpKind.GLOBAL_AVG_POOL), ops(ir));

        OnnxGraphs h = new OnnxGraphs("rmdrop", 6, 1, 3, 6, 5);
        String s =
                h.op(
                        "ReduceMean",
                        List.of(h.conv("x", 3, 6, 3, 1, 1, 1, true)),
                        OnnxAttributes.ints("axes", -1, -2),
                        OnnxAttributes.of("keepdims", 0L));
        String y =
                h.op("Gemm", List.of(s, h.init(4, 6), h.init(4)), OnnxAttributes.of("transB", 1L));
        ir = CodegenChecks.floatModel(h.build(y, 1, 4), 1, 3, 6, 5);
        assertEquals(
                List.of(OpKind.CONV, OpKind.GLOBAL_AVG_POOL, OpKind.RESHAPE, OpKind.DENSE),
                ops(ir));
    }

    @Test
    void reduceMeanWithAxesInputOfOpset18AsGraphOutput() throws Exception {
        OnnxGraphs g = new OnnxGraphs("rm18", 7, 1, 3, 4, 4);
        g.initRaw(OnnxTensors.int64s("axes", new long[] {2}, new long[] {2, 3}));
        String r =
                g.op(
                        "ReduceMean",
                        List.of(g.conv("x", 3, 5, 1, 1, 0, 1, true), "axes"),
                        OnnxAttributes.of("keepdims", 0L));
        CodegenChecks.floatModel(Opsets.with(g.build(r, 1, 5), 18), 1, 3, 4, 4);
    }

    @Test
    void reduceMeanOverChannelsIsRefused() {
        OnnxGraphs g = new OnnxGraphs("rmbad", 7, 1, 3, 4, 4);
        String r = g.op("ReduceMean", List.of("x"), OnnxAttributes.ints("axes", 1));
        UnsupportedModelException e =
                assertThrows(
                        UnsupportedModelException.class,
                        () -> OnnxReader.read(g.build(r, 1, 1, 4, 4)));
        assertTrue(
                e.getMessage().contains("axes {2, 3}") && e.getMessage().contains("ReduceMean"),
                e.getMessage());
    }
}
