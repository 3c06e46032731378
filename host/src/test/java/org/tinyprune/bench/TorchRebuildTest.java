package org.tinyprune.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.Param;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.layer.BatchNorm2d;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.zoo.ModelConfig;
import org.tinyprune.zoo.Zoo;

/**
 * The PyTorch baseline trains the same architecture: its generic rebuild from {@link
 * ArchitectureJson}, given our weights, computes our eval-mode outputs (within 1e-4) and has our
 * parameter count. Skipped where Debian's python3-torch is not installed.
 */
class TorchRebuildTest {
    static TorchBaseline torch;

    @BeforeAll
    static void needTorch() throws Exception {
        Process p =
                new ProcessBuilder(TorchBaseline.DEFAULT_PYTHON, "-c", "import torch")
                        .redirectErrorStream(true)
                        .start();
        p.getInputStream().readAllBytes();
        Assumptions.assumeTrue(p.waitFor() == 0, "python3-torch is not installed");
        torch = new TorchBaseline(TorchBaseline.DEFAULT_PYTHON);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (torch != null) {
            torch.close();
        }
    }

    static Stream<Graph> graphs() {
        Stream<Graph> zoo =
                Zoo.names().stream()
                        .map(n -> Zoo.build(n, ModelConfig.of(new int[] {1, 28, 28}, 10)));
        GraphBuilder b = Graph.builder("odd-layers").input("x", 4, 11, 9);
        b.layer("rect", new Conv2d(4, 6, 3, 5, 2, 1, 2, 2, true)).batchNorm("bn").relu6("r6");
        String skip = b.current();
        b.depthwise("dw", 3, 1, 1).add("res", skip, b.current()).avgPool("ap", 3, 2, 1);
        String left = b.current();
        b.from("ap").maxPool("mp", 3, 1, 1).concat("cat", left, b.current());
        b.globalAvgPool("gap").flatten("flat").dropout("drop", 0.2f).dense("fc", 3);
        return Stream.concat(zoo, Stream.of(b.build()));
    }

    @Test
    void torchRebuildComputesOurFunction() throws Exception {
        List<Graph> graphs = graphs().toList();
        List<Tensor> inputs = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(78);
        for (Graph g : graphs) {
            g.init(77);
            for (Node n : g.nodes()) {
                if (n.layer() instanceof BatchNorm2d bn) {
                    for (Param p : bn.params()) {
                        for (int i = 0; i < p.values().length; i++) {
                            p.values()[i] = (float) (0.5 + rng.nextDouble());
                        }
                    }
                }
            }
            Tensor x = new Tensor(Shapes.batched(4, g.inputShape()));
            for (int i = 0; i < x.size(); i++) {
                x.data()[i] = (float) rng.nextGaussian();
            }
            inputs.add(x);
        }
        List<TorchBaseline.Forward> torchOut = torch.forward(graphs, inputs);
        for (int k = 0; k < graphs.size(); k++) {
            Graph g = graphs.get(k);
            float[] ours = g.forward(inputs.get(k)).data();
            float[] theirs = torchOut.get(k).output();
            assertEquals(ours.length, theirs.length, g.name() + " output size");
            float max = 0;
            for (int i = 0; i < ours.length; i++) {
                max = Math.max(max, Math.abs(ours[i] - theirs[i]));
            }
            System.out.printf("torch rebuild %-18s max_abs_diff=%.3g%n", g.name(), max);
            assertTrue(max <= 1e-4f, g.name() + ": torch rebuild differs by " + max);
            assertEquals(g.paramCount(), torchOut.get(k).params(), g.name() + " parameter count");
        }
    }
}
