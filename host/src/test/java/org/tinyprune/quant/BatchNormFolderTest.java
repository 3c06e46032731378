package org.tinyprune.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.layer.BatchNorm2d;
import org.tinyprune.nn.layer.Dropout;

/** Folding keeps the eval-mode function and removes every BatchNorm and Dropout. */
class BatchNormFolderTest {

    @Test
    void foldedForwardEqualsUnfolded() {
        Graph g = TestModels.everyLayer(3);
        Graph folded = BatchNormFolder.fold(g);
        assertTrue(
                folded.nodes().stream()
                        .noneMatch(
                                n ->
                                        n.layer() instanceof BatchNorm2d
                                                || n.layer() instanceof Dropout),
                folded.toString());
        assertEquals(g.nodes().size() - 4, folded.nodes().size());
        for (Tensor x : TestModels.noiseBatches(new int[] {1, 12, 12}, 3, 4, 9)) {
            float[] a = g.forward(x).data();
            float[] b = folded.forward(x).data();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5 * Math.max(1, Math.abs(a[i])), "logit " + i);
            }
        }
    }

    @Test
    void originalIsUntouched() {
        Graph g = TestModels.everyLayer(4);
        float before = g.params().get("c1.weight").values()[0];
        Graph folded = BatchNormFolder.fold(g);
        folded.params().get("c1.weight").values()[0] += 1;
        assertEquals(before, g.params().get("c1.weight").values()[0]);
        assertFalse(g.params().containsKey("c1.bias"));
        assertTrue(folded.params().containsKey("c1.bias"));
    }

    @Test
    void batchNormWithoutConvolutionIsRejectedByName() {
        Graph g = Graph.builder("bad").input("input", 2, 4, 4).batchNorm("lonely").build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> BatchNormFolder.fold(g));
        assertTrue(e.getMessage().contains("'lonely'"), e.getMessage());
    }
}
