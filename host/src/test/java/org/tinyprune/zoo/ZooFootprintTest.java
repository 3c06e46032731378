package org.tinyprune.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.Shapes;

/**
 * A network's size found without building it at its width: against built graphs and a hand count.
 */
class ZooFootprintTest {
    private static double activations(Graph g) {
        double n = 0;
        for (Node node : g.nodes()) {
            n += Shapes.size(g.shape(node.name()));
        }
        return n;
    }

    @Test
    void equalsTheBuiltNetworkAtEveryWidth() {
        ModelConfig[] inputs = {
            new ModelConfig(1, 28, 28, 10, 1.0),
            new ModelConfig(3, 32, 32, 10, 1.0),
            new ModelConfig(1, 49, 10, 12, 1.0)
        };
        for (String name : Zoo.names()) {
            for (ModelConfig in : inputs) {
                for (double w : new double[] {0.1, 0.25, 0.5, 1.0, 1.3, 2.0}) {
                    ModelConfig c = in.withWidth(w);
                    Graph g = Zoo.build(name, c);
                    ZooFootprint f = ZooFootprint.estimate(name, c);
                    String what =
                            name
                                    + " at width "
                                    + w
                                    + " on "
                                    + java.util.Arrays.toString(c.inputShape());
                    assertEquals(g.paramCount(), f.params(), 0, what);
                    assertEquals(activations(g), f.activations(), 0, what);
                }
            }
        }
    }

    @Test
    void hugeWidthIsSizedWithoutAllocating() {
        // vgg-small on 1x28x28, 10 classes, width 1e9, channels rounded to 4: C = 3.2e10, 6.4e10,
        // 1.28e11.
        // Hand count (no conv bias; BN scale and shift; dense weights and bias), as ZooParamsTest:
        // 9 (1 C1 + C1 C1 + C1 C2 + C2 C2 + C2 C3) + 2 (2 C1 + 2 C2 + C3) + 10 C3 + 10
        double c1 = 3.2e10;
        double c2 = 6.4e10;
        double c3 = 1.28e11;
        double expected =
                9 * (c1 + c1 * c1 + c1 * c2 + c2 * c2 + c2 * c3)
                        + 2 * (2 * c1 + 2 * c2 + c3)
                        + 10 * c3
                        + 10;
        ZooFootprint f = ZooFootprint.estimate("vgg-small", new ModelConfig(1, 28, 28, 10, 1e9));
        assertEquals(expected, f.params(), expected * 1e-12);
        assertEquals("conv3_1.weight", f.largestParam());
        assertEquals(9 * c2 * c3, f.largestParamValues(), 9 * c2 * c3 * 1e-12);
        assertTrue(f.trainingBytes(64) > 12 * expected);
    }

    @Test
    void scaleRefusesAChannelCountBeyondAnInt() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Zoo.build("vgg-small", new ModelConfig(1, 28, 28, 10, 1e9)));
        assertTrue(
                e.getMessage().contains("width multiplier 1.0E9 makes 3.20e+10 channels"),
                e.getMessage());
    }
}
