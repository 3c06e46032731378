package org.tinyprune.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.emit.HostBuild;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Clamp;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.OpKind;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.layer.AvgPool2d;
import org.tinyprune.nn.layer.ChannelShuffle;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.Dropout;
import org.tinyprune.nn.layer.HardSigmoid;
import org.tinyprune.nn.layer.HardSwish;
import org.tinyprune.nn.layer.MaxPool2d;
import org.tinyprune.nn.layer.Mul;
import org.tinyprune.nn.layer.Reshape;
import org.tinyprune.nn.layer.Sigmoid;
import org.tinyprune.nn.layer.ZeroPad2d;
import org.tinyprune.quant.IrQuantizer;
import org.tinyprune.quant.QuantOptions;
import org.tinyprune.quant.QuantizedModel;
import org.tinyprune.quant.Quantizer;

/**
 * The int8 form ({@link org.tinyprune.nn.Int8Form}) of each layer an imported model adds, on a toy
 * graph per family: the quantised IR has the op, attributes, constants and quantisation sharing the
 * layer declares, and the graph goes through every int8 path bit-exact ({@link Int8RoundTrip}: QDQ
 * read back to the same IR, host C, ONNX Runtime within one step).
 */
class Int8FormLayersTest {
    private static final int[] SHAPE = {4, 10, 10};

    private static HostBuild build;

    @TempDir static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        build = new HostBuild(HostBuild.findRuntime(Path.of(".")), dir.resolve("kernels"), false);
    }

    private static QuantizedModel quantize(Graph g) {
        g.init(7);
        return Quantizer.quantize(
                g, Int8RoundTrip.gaussian(11, g.inputShape(), 3, 16), QuantOptions.DEFAULTS);
    }

    private static void roundTrip(String name, QuantizedModel q) throws Exception {
        int per = Shapes.size(q.foldedGraph().inputShape());
        float[] noise =
                Int8RoundTrip.gaussian(23, q.foldedGraph().inputShape(), 1, 4).get(0).data();
        float[][] samples = new float[4][];
        for (int s = 0; s < 4; s++) {
            samples[s] = Arrays.copyOfRange(noise, s * per, (s + 1) * per);
        }
        System.out.println(
                "INT8 FORM " + name + ": " + Int8RoundTrip.check(name, q, samples, build, dir));
    }

    private static List<OpKind> ops(org.tinyprune.ir.Graph ir) {
        return ir.nodes().stream().map(org.tinyprune.ir.Node::op).toList();
    }

    @Test
    void tableActivationsHaveTheirOwnRangeAndHardSigmoidKeepsItsParameters() throws Exception {
        GraphBuilder b = Graph.builder("tables").input("input", SHAPE);
        b.conv("c1", 8, 3, 1, 1).layer("hswish", new HardSwish());
        b.conv("c2", 8, 1, 1, 0).layer("hsig", new HardSigmoid(0.25f, 0.4f));
        b.conv("c3", 8, 3, 2, 1).layer("sig", new Sigmoid());
        QuantizedModel q = quantize(b.build());
        org.tinyprune.ir.Graph ir = q.toIr();
        assertEquals(
                List.of(
                        OpKind.CONV,
                        OpKind.HARD_SWISH,
                        OpKind.CONV,
                        OpKind.HARD_SIGMOID,
                        OpKind.CONV,
                        OpKind.SIGMOID),
                ops(ir));
        org.tinyprune.ir.Tensor ab = ir.tensor(ir.node("hsig").input(1));
        assertEquals(DType.FLOAT32, ab.dtype());
        assertArrayEquals(new float[] {0.25f, 0.4f}, ab.floatData());
        assertTrue(
                !ir.tensor("c2").quantization().equals(ir.tensor("hsig").quantization()),
                "a table activation rescales to its own range");
        assertTrue(
                q.ranges().get("sig").min() >= 0f && q.ranges().get("sig").max() <= 1f,
                q.ranges().get("sig") + " calibrated for a sigmoid");
        roundTrip("tables", q);
    }

    @Test
    void mulTakesTheFullSizeFactorFirstAndAFusedRelu() throws Exception {
        GraphBuilder b = Graph.builder("mul").input("input", SHAPE);
        b.conv("c1", 8, 3, 1, 1)
                .relu("r1")
                .globalAvgPool("gap")
                .conv("se", 8, 1, 1, 0)
                .layer("gate", new Sigmoid());
        b.layer("excite", new Mul(), "gate", "r1").relu("r2");
        b.conv("c2", 6, 3, 1, 1).layer("s2", new Sigmoid());
        b.layer("silu", new Mul(), "c2", "s2");
        QuantizedModel q = quantize(b.build());
        org.tinyprune.ir.Graph ir = q.toIr();
        assertEquals(
                List.of(
                        OpKind.CONV,
                        OpKind.GLOBAL_AVG_POOL,
                        OpKind.CONV,
                        OpKind.SIGMOID,
                        OpKind.MUL,
                        OpKind.CONV,
                        OpKind.SIGMOID,
                        OpKind.MUL),
                ops(ir));
        org.tinyprune.ir.Node excite = ir.node("excite");
        assertEquals(
                List.of("r1", "gate"),
                excite.inputs(),
                "the [C, H, W] factor first, the gate broadcast");
        assertEquals(Clamp.RELU, excite.attributes().clamp());
        assertEquals("r2", excite.output());
        assertEquals(List.of("c2", "s2"), ir.node("silu").inputs());
        assertEquals(Clamp.NONE, ir.node("silu").attributes().clamp());
        roundTrip("mul", q);
    }

    @Test
    void clampFusesLikeReluOrStandsAloneInItsInputsQuantisation() throws Exception {
        GraphBuilder b = Graph.builder("clamp").input("input", SHAPE);
        b.conv("c1", 8, 3, 1, 1).layer("k1", new org.tinyprune.nn.layer.Clamp(-0.5f, 1.5f));
        b.conv("c2", 8, 3, 1, 1)
                .layer("k2", new org.tinyprune.nn.layer.Clamp(Float.NEGATIVE_INFINITY, 0.75f));
        b.add("sum", "k2", "c2")
                .layer("k3", new org.tinyprune.nn.layer.Clamp(-1f, Float.POSITIVE_INFINITY));
        QuantizedModel q = quantize(b.build());
        org.tinyprune.ir.Graph ir = q.toIr();
        assertEquals(List.of(OpKind.CONV, OpKind.CONV, OpKind.CLAMP, OpKind.ADD), ops(ir));
        assertEquals(new Clamp(-0.5f, 1.5f), ir.node("c1").attributes().clamp());
        assertEquals("k1", ir.node("c1").output());
        assertEquals(new Clamp(Float.NEGATIVE_INFINITY, 0.75f), ir.node("k2").attributes().clamp());
        assertEquals(
                ir.tensor("c2").quantization(),
                ir.tensor("k2").quantization(),
                "int8 CLAMP keeps its input's quantisation");
        assertEquals(new Clamp(-1f, Float.POSITIVE_INFINITY), ir.node("sum").attributes().clamp());
        roundTrip("clamp", q);
    }

    @Test
    void poolsKeepTheirWholeWindowAndReshapeItsShape() throws Exception {
        GraphBuilder b = Graph.builder("windows").input("input", 3, 11, 9);
        b.layer("mp", new MaxPool2d(3, 2, 2, 1, 1, 0, 1, 1, false, 11, 9));
        b.layer("ap", new AvgPool2d(2, 3, 1, 2, 0, 1, 1, 0, false, false, -1, -1));
        b.conv("c1", 8, 3, 1, 1).relu("r1").globalAvgPool("gap").flatten("flat").dense("fc", 6);
        b.layer("unflat", new Reshape(6, 1, 1)).conv("c2", 5, 1, 1, 0);
        QuantizedModel q = quantize(b.build());
        org.tinyprune.ir.Graph ir = q.toIr();
        assertEquals(
                List.of(
                        OpKind.MAX_POOL,
                        OpKind.AVG_POOL,
                        OpKind.CONV,
                        OpKind.GLOBAL_AVG_POOL,
                        OpKind.RESHAPE,
                        OpKind.DENSE,
                        OpKind.RESHAPE,
                        OpKind.CONV),
                ops(ir));
        assertEquals(
                Attributes.DEFAULT.withKernel(3, 2).withStrides(2, 1).withPads(1, 0, 1, 1),
                ir.node("mp").attributes());
        assertEquals(
                Attributes.DEFAULT.withKernel(2, 3).withStrides(1, 2).withPads(0, 1, 1, 0),
                ir.node("ap").attributes());
        assertArrayEquals(new int[] {1, 6, 1, 1}, ir.tensor("unflat").shape());
        for (String t : List.of("mp", "ap")) {
            assertEquals(ir.tensor("input").quantization(), ir.tensor(t).quantization(), t);
        }
        assertEquals(ir.tensor("fc").quantization(), ir.tensor("unflat").quantization());
        roundTrip("windows", q);
    }

    @Test
    void dilatedConvAndCeilModeAndPaddingCountingPools() throws Exception {
        GraphBuilder b = Graph.builder("dilated").input("input", SHAPE);
        b.layer("dil", new Conv2d(4, 8, 3, 3, 1, 2, 2, 2, 2, 1, true)).relu("r1");
        b.layer("ceil", new MaxPool2d(3, 3, 2, 2, 0, 0, 0, 0, true, 10, 10));
        b.layer("cip", new AvgPool2d(3, 3, 1, 1, 1, 1, 1, 1, false, true, 5, 5));
        b.layer("ceilavg", new AvgPool2d(2, 2, 2, 2, 0, 0, 0, 0, true, false, 5, 5));
        b.conv("c2", 6, 3, 1, 1).flatten("flat").dense("fc", 5);
        QuantizedModel q = quantize(b.build());
        org.tinyprune.ir.Graph ir = q.toIr();
        assertEquals(
                List.of(
                        OpKind.CONV,
                        OpKind.MAX_POOL,
                        OpKind.AVG_POOL,
                        OpKind.AVG_POOL,
                        OpKind.CONV,
                        OpKind.RESHAPE,
                        OpKind.DENSE),
                ops(ir));
        assertArrayEquals(new int[] {2, 2}, ir.node("dil").attributes().dilations());
        assertTrue(ir.node("ceil").attributes().ceilMode());
        assertArrayEquals(new int[] {1, 8, 5, 5}, ir.tensor("ceil").shape());
        assertTrue(ir.node("cip").attributes().countIncludePad());
        assertArrayEquals(new int[] {1, 8, 3, 3}, ir.tensor("ceilavg").shape());
        roundTrip("dilated", q);
    }

    @Test
    void zeroPaddingMergesIntoTheConvolutionReadingItOrStandsAlone() throws Exception {
        GraphBuilder b = Graph.builder("pad").input("input", SHAPE);
        b.layer("pad1", new ZeroPad2d(1, 0, 2, 1)).conv("c1", 8, 3, 1, 0).relu("r1");
        b.layer("pad2", new ZeroPad2d(1, 1, 0, 2))
                .globalAvgPool("gap")
                .flatten("flat")
                .dense("fc", 5);
        QuantizedModel q = quantize(b.build());
        org.tinyprune.ir.Graph ir = q.toIr();
        assertEquals(
                List.of(
                        OpKind.CONV,
                        OpKind.PAD,
                        OpKind.GLOBAL_AVG_POOL,
                        OpKind.RESHAPE,
                        OpKind.DENSE),
                ops(ir));
        assertArrayEquals(
                new int[] {1, 0, 2, 1}, ir.node("c1").attributes().pads(), "the padding merged");
        assertEquals("input", ir.node("c1").input(0));
        assertArrayEquals(new int[] {1, 1, 0, 2}, ir.node("pad2").attributes().pads());
        assertEquals(ir.tensor("r1").quantization(), ir.tensor("pad2").quantization());
        roundTrip("pad", q);
    }

    @Test
    void channelShuffleMovesCodesInItsInputsQuantisation() throws Exception {
        GraphBuilder b = Graph.builder("shuffle").input("input", SHAPE);
        b.conv("c1", 8, 3, 1, 1)
                .relu("r1")
                .layer("shuffle", new ChannelShuffle(2))
                .conv("c2", 6, 1, 1, 0);
        QuantizedModel q = quantize(b.build());
        org.tinyprune.ir.Graph ir = q.toIr();
        assertEquals(List.of(OpKind.CONV, OpKind.CHANNEL_SHUFFLE, OpKind.CONV), ops(ir));
        assertEquals(2, ir.node("shuffle").attributes().group());
        assertEquals(ir.tensor("r1").quantization(), ir.tensor("shuffle").quantization());
        roundTrip("shuffle", q);
    }

    @Test
    void everyNodeWithoutAnInt8FormIsNamedBeforeCalibration() {
        GraphBuilder b = Graph.builder("refused").input("input", SHAPE);
        b.layer("overhang", new AvgPool2d(3, 3, 2, 2, 1, 1, 1, 1, true, true, -1, -1), "input");
        b.layer("drop", new Dropout(0.5f), "input");
        b.add("sum3", "input", "drop", "input");
        Graph g = b.build();
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> IrQuantizer.quantize(g, Map.of()));
        for (String node :
                List.of(
                        "'overhang' (AvgPool2d): its last ceil-mode window runs past the end padding",
                        "'drop': layer Dropout has no int8 form",
                        "'sum3' (Add): int8 add takes exactly 2 inputs")) {
            assertTrue(e.getMessage().contains(node), "missing " + node + " in: " + e.getMessage());
        }
    }
}
