package org.tinyprune.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tinyprune.emit.CodeGenerator;
import org.tinyprune.emit.GeneratedModel;
import org.tinyprune.emit.HostBuild;
import org.tinyprune.emit.HostRunner;
import org.tinyprune.int8.Affine;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Tensor;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.quant.QuantOptions;
import org.tinyprune.quant.QuantizedModel;
import org.tinyprune.quant.Quantizer;
import org.tinyprune.zoo.ModelConfig;
import org.tinyprune.zoo.Zoo;

/**
 * Every zoo model through the whole code path on real Fashion-MNIST images: float export → reader →
 * generated C → host gcc equals ONNX Runtime within 1e-5 relative; int8 quantisation → QDQ export →
 * reader → generated C equals the int8 interpreter bit for bit. Prints planned arena vs lower bound
 * for each.
 */
class ZooCodegenTest {
    private static Tensor images;
    private static HostBuild build;

    @TempDir static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        images = OrtCheck.fashionMnist(4);
        build = new HostBuild(HostBuild.findRuntime(Path.of(".")), dir.resolve("kernels"), false);
    }

    static Stream<String> models() {
        return Zoo.names().stream();
    }

    private static float[] image(int i) {
        return Arrays.copyOfRange(images.data(), i * 784, (i + 1) * 784);
    }

    private static Path runner(GeneratedModel gen, String name) throws Exception {
        Path d = dir.resolve(name);
        gen.writeTo(d);
        HostRunner.writeTo(d);
        return build.buildRunner(d);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void floatAndInt8CodeMatchTheirReferences(String name) throws Exception {
        Graph g = Zoo.build(name, ModelConfig.of(new int[] {1, 28, 28}, 10));
        OrtCheck.randomize(g, 99);
        Provenance p =
                Provenance.builder()
                        .seed(99)
                        .dataset("fashion-mnist t10k[0:4]")
                        .config("model", name)
                        .build();
        ModelProto fm = OnnxExporter.toModel(g, p, ExportOptions.defaults().withBatchSize(1));
        org.tinyprune.ir.Graph fir = OnnxReader.read(fm);
        GeneratedModel fgen = CodeGenerator.generate(fir, p);
        Path fbin = runner(fgen, name + "-f32");
        List<Tensor> calib = List.of(images);
        QuantizedModel q = Quantizer.quantize(g, calib, QuantOptions.DEFAULTS);
        ModelProto qm = QdqExporter.toModel(q.toIr(), p);
        org.tinyprune.ir.Graph qir = OnnxReader.read(qm);
        GeneratedModel qgen = CodeGenerator.generate(qir, p);
        Path qbin = runner(qgen, name + "-s8");
        for (int i = 0; i < 2; i++) {
            float[] x = image(i);
            float[] want = OrtCheck.run(fm, new Tensor(new int[] {1, 1, 28, 28}, x));
            float[] got = runFloat(fbin, x, want.length);
            float max = 0;
            for (float v : want) {
                max = Math.max(max, Math.abs(v));
            }
            for (int k = 0; k < want.length; k++) {
                assertEquals(want[k], got[k], 1e-5 * max, name + " float logit " + k);
            }
            byte[] xq = Affine.quantize(x, q.interpreter().inputQuantization());
            byte[] ref = q.runInt8(x);
            assertArrayEquals(
                    ref,
                    new org.tinyprune.int8.Int8Interpreter(qir).run(xq),
                    name + ": QDQ round trip");
            assertArrayEquals(ref, runInt8(qbin, xq), name + ": generated C vs int8 interpreter");
        }
        assertTrue(fgen.plan().arenaBytes() >= fgen.plan().lowerBoundBytes());
        System.out.printf(
                "ZOO %-18s float: arena %7d B lower bound %7d B | int8: arena %6d B lower bound %6d B "
                        + "(graph order %6d B) flash %6d B layers %d%n",
                name,
                fgen.plan().arenaBytes(),
                fgen.plan().lowerBoundBytes(),
                qgen.plan().arenaBytes(),
                qgen.plan().lowerBoundBytes(),
                qgen.plan().givenOrderPeakBytes(),
                qgen.constantBytes(),
                qgen.layerNames().size());
    }

    private static float[] runFloat(Path bin, float[] x, int n) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(x);
        Path in = Files.write(bin.resolveSibling("x.bin"), b.array());
        Path out = bin.resolveSibling("y.bin");
        HostBuild.run(bin, in.toString(), out.toString());
        float[] r = new float[n];
        ByteBuffer.wrap(Files.readAllBytes(out))
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(r);
        return r;
    }

    private static byte[] runInt8(Path bin, byte[] xq) throws Exception {
        Path in = Files.write(bin.resolveSibling("x.s8"), xq);
        Path out = bin.resolveSibling("y.s8");
        HostBuild.run(bin, "--int8", in.toString(), out.toString());
        return Files.readAllBytes(out);
    }
}
