package org.tinyprune.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tinyprune.emit.CodeGenerator;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphRunner;
import org.tinyprune.nn.Param;
import org.tinyprune.nn.Tensor;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.prune.CouplingGroups;
import org.tinyprune.prune.GraphSurgery;
import org.tinyprune.quant.QuantOptions;
import org.tinyprune.quant.QuantizedModel;
import org.tinyprune.quant.Quantizer;
import org.tinyprune.zoo.ModelConfig;
import org.tinyprune.zoo.Zoo;

/**
 * Every zoo model with every prunable coupling group cut (to an odd, uneven share of its channels)
 * still trains a step, exports to ONNX that ONNX Runtime runs with the Java forward pass's outputs,
 * quantises, and generates C.
 */
class PrunedZooTest {
    @ParameterizedTest
    @ValueSource(strings = {"vgg-small", "mobilenetv2-small", "ds-cnn", "resnet8"})
    void prunedZooModelTrainsExportsAndGeneratesC(String name) throws Exception {
        Graph g = Zoo.build(name, ModelConfig.of(new int[] {1, 28, 28}, 10).withWidth(0.5));
        g.init(7);
        CouplingGroups groups = CouplingGroups.analyse(g);
        Map<Integer, int[]> keep = new HashMap<>();
        SplittableRandom rng = new SplittableRandom(3);
        for (CouplingGroups.Group grp : groups.prunable()) {
            int k = Math.max(1, grp.channels() / 3 + 1);
            keep.put(
                    grp.id(),
                    IntStream.range(0, grp.channels()).filter(c -> c % 3 != 1).limit(k).toArray());
        }
        assertTrue(!keep.isEmpty(), name + " has prunable groups");
        Graph pruned = GraphSurgery.select(g, groups, keep);
        assertTrue(pruned.paramCount() < g.paramCount());

        Tensor x = new Tensor(4, 1, 28, 28);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) rng.nextGaussian();
        }
        GraphRunner runner = new GraphRunner(pruned);
        runner.zeroGrads();
        Tensor y = runner.forward(new Tensor[] {x}, true);
        Tensor dy = new Tensor(y.shape());
        java.util.Arrays.fill(dy.data(), 0.01f);
        runner.backward(dy);
        for (Param p : pruned.params().values()) {
            if (p.trainable()) {
                for (int i = 0; i < p.size(); i++) {
                    p.values()[i] -= 0.01f * p.grads()[i];
                    assertTrue(Float.isFinite(p.values()[i]), name + " " + p);
                }
            }
        }

        Provenance prov = Provenance.builder().seed(7).build();
        float diff =
                OrtCheck.maxAbsDiff(
                        pruned.forward(x).data(),
                        OrtCheck.run(
                                OnnxExporter.toModel(pruned, prov, ExportOptions.defaults()), x));
        assertTrue(diff < 1e-4, name + " pruned: ONNX Runtime differs by " + diff);

        QuantizedModel q = Quantizer.quantize(pruned, java.util.List.of(x), QuantOptions.DEFAULTS);
        assertTrue(CodeGenerator.generate(q.toIr(), prov) != null);
    }
}
