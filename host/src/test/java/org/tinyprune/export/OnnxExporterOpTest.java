package org.tinyprune.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.layer.AvgPool2d;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.MaxPool2d;
import org.tinyprune.provenance.Provenance;

/**
 * One random-weight layer at a time, with the settings that break exporters: odd and non-square
 * inputs, every stride/padding/group combination, padding excluded from averages, ReLU6 inputs far
 * outside [0, 6], many-input add and concat. ONNX Runtime is the reference.
 */
class OnnxExporterOpTest {
    static final float TOLERANCE = 1e-4f;

    static Stream<Arguments> convs() {
        // in, out, kh, kw, stride, padH, padW, groups, bias, H, W
        return Stream.of(
                Arguments.of(3, 5, 1, 1, 1, 0, 0, 1, true, 7, 9),
                Arguments.of(3, 6, 3, 3, 1, 1, 1, 1, false, 7, 7),
                Arguments.of(4, 8, 3, 3, 2, 1, 1, 2, true, 9, 8),
                Arguments.of(4, 4, 3, 3, 2, 0, 0, 4, false, 11, 6),
                Arguments.of(6, 6, 5, 5, 1, 2, 2, 6, true, 8, 8),
                Arguments.of(6, 12, 3, 3, 1, 1, 1, 6, true, 5, 5),
                Arguments.of(2, 4, 5, 3, 3, 2, 1, 1, true, 10, 7),
                Arguments.of(8, 4, 1, 1, 2, 0, 0, 4, false, 6, 6),
                Arguments.of(1, 3, 4, 4, 3, 1, 1, 1, true, 28, 28));
    }

    @ParameterizedTest(
            name = "conv in={0} out={1} k={2}x{3} s={4} p={5},{6} g={7} bias={8} {9}x{10}")
    @MethodSource("convs")
    void conv(
            int in,
            int out,
            int kh,
            int kw,
            int stride,
            int padH,
            int padW,
            int groups,
            boolean bias,
            int h,
            int w)
            throws Exception {
        GraphBuilder b = Graph.builder("conv").input("x", in, h, w);
        b.layer("conv", new Conv2d(in, out, kh, kw, stride, padH, padW, groups, bias));
        check(b.batchNorm("bn").build(), in, h, w, 1f);
    }

    static Stream<Arguments> pools() {
        // max?, kernel, stride, padding, H, W
        return Stream.of(
                Arguments.of(true, 2, 2, 0, 8, 8),
                Arguments.of(true, 3, 2, 1, 7, 9),
                Arguments.of(true, 3, 1, 1, 5, 5),
                Arguments.of(true, 2, 2, 0, 7, 7),
                Arguments.of(false, 2, 2, 0, 8, 6),
                Arguments.of(false, 3, 2, 1, 7, 9),
                Arguments.of(false, 3, 1, 1, 4, 4),
                Arguments.of(false, 5, 3, 2, 11, 10),
                Arguments.of(false, 4, 4, 2, 9, 9));
    }

    @ParameterizedTest(name = "max={0} k={1} s={2} p={3} {4}x{5}")
    @MethodSource("pools")
    void pool(boolean max, int k, int s, int p, int h, int w) throws Exception {
        GraphBuilder b = Graph.builder("pool").input("x", 3, h, w);
        b.layer("pool", max ? new MaxPool2d(k, s, p) : new AvgPool2d(k, s, p));
        check(b.build(), 3, h, w, 3f);
    }

    @ParameterizedTest(name = "activation relu6={0}")
    @MethodSource("booleans")
    void activations(boolean relu6) throws Exception {
        GraphBuilder b = Graph.builder("act").input("x", 4, 5, 5);
        Graph g = (relu6 ? b.relu6("act") : b.relu("act")).build();
        check(g, 4, 5, 5, 10f);
    }

    @ParameterizedTest(name = "dense gemm={0}")
    @MethodSource("booleans")
    void dense(boolean gemm) throws Exception {
        Graph g = Graph.builder("dense").input("x", 3, 4, 5).flatten("flat").dense("fc", 7).build();
        check(g, 3, 4, 5, 1f, ExportOptions.defaults().withDenseAsGemm(gemm));
    }

    @ParameterizedTest(name = "global average pool fixed batch={0}")
    @MethodSource("booleans")
    void globalAvgPool(boolean fixed) throws Exception {
        Graph g = Graph.builder("gap").input("x", 5, 7, 3).globalAvgPool("gap").build();
        check(g, 5, 7, 3, 2f, ExportOptions.defaults().withBatchSize(fixed ? 3 : 0));
    }

    @ParameterizedTest(name = "add/concat of {0} inputs")
    @MethodSource("arities")
    void addAndConcat(int arity) throws Exception {
        GraphBuilder b = Graph.builder("join").input("x", 4, 6, 6);
        String[] branches = new String[arity];
        for (int i = 0; i < arity; i++) {
            b.from("x").conv("c" + i, 4, 1, 1, 0, 1, true);
            branches[i] = b.current();
        }
        b.add("sum", branches);
        String sum = b.current();
        String[] cat = new String[arity + 1];
        System.arraycopy(branches, 0, cat, 0, arity);
        cat[arity] = sum;
        check(b.concat("cat", cat).build(), 4, 6, 6, 1f);
    }

    static Stream<Boolean> booleans() {
        return Stream.of(false, true);
    }

    static Stream<Integer> arities() {
        return Stream.of(2, 3);
    }

    private static void check(Graph g, int c, int h, int w, float scale) throws Exception {
        for (boolean fold : new boolean[] {false, true}) {
            check(g, c, h, w, scale, ExportOptions.defaults().withFoldBatchNorm(fold));
        }
    }

    private static void check(Graph g, int c, int h, int w, float scale, ExportOptions o)
            throws Exception {
        OrtCheck.randomize(g, 21);
        int batch = o.batchSize() == 0 ? 3 : o.batchSize();
        Tensor x = OrtCheck.random(22, scale, batch, c, h, w);
        Provenance p = Provenance.builder().seed(21).build();
        float[] ort = OrtCheck.run(OnnxExporter.toModel(g, p, o), x);
        float err = OrtCheck.maxAbsDiff(g.forward(x).data(), ort);
        assertTrue(err <= TOLERANCE, g.name() + " " + o + ": max abs error " + err);
    }
}
