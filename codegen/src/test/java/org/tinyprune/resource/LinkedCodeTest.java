package org.tinyprune.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LinkedCode: kernels shared between kinds count once, and its maps list their keys sorted. */
class LinkedCodeTest {
    private static final List<String> OPS =
            List.of("add", "concat", "conv", "dense", "dw", "pool", "relu");

    @Test
    void sharedSectionsCountOnceAndKeysComeSorted() {
        Map<String, Double> layer = new HashMap<>();
        Map<String, Map<String, Integer>> kernels = new HashMap<>();
        for (int i = OPS.size() - 1; i >= 0; i--) {
            layer.put(OPS.get(i), 10.0 * i);
            kernels.put(
                    OPS.get(i),
                    Map.of("shared", 100, "own_" + OPS.get(i), i + 1, "z_" + i, 1, "a_" + i, 2));
        }
        LinkedCode code = new LinkedCode(layer, 0, 0, kernels);
        // hand-worked: 100 once, then own (1 + 2) + z (1 + 1) + a (2 + 2) for add and concat
        assertEquals(100 + 3 + 2 + 4, code.kernels(List.of("add", "concat")));
        // the order reports and profiles are written in must not change from run to run
        assertEquals(OPS, List.copyOf(code.kernelSections().keySet()));
        assertEquals(OPS, List.copyOf(code.layerBytes().keySet()));
        assertEquals(
                List.of("a_2", "own_conv", "shared", "z_2"),
                List.copyOf(code.kernelSections().get("conv").keySet()));
    }
}
