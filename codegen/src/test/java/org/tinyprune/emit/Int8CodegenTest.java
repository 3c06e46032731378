package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tinyprune.int8.Int8Interpreter;
import org.tinyprune.ir.Graph;

/**
 * Randomly shaped int8 layers → generated C → host gcc: outputs bit-identical to the Java int8
 * interpreter.
 */
class Int8CodegenTest {

    private static List<Graph> cases(long seed, int perKind) {
        Random rnd = new Random(seed);
        List<Graph> graphs = new ArrayList<>();
        for (int i = 0; i < perKind; i++) {
            graphs.add(Int8Graphs.conv(rnd, i));
            graphs.add(Int8Graphs.dense(rnd, i));
            graphs.add(Int8Graphs.pool(rnd, i));
            graphs.add(Int8Graphs.addOrConcat(rnd, i));
        }
        return graphs;
    }

    @Test
    void randomLayersAreBitExact() throws Exception {
        checkAll(cases(2026, 6), false);
    }

    @Test
    void randomLayersAreBitExactUnderAddressAndUndefinedBehaviourSanitizers() throws Exception {
        checkAll(cases(77, 1), true);
    }

    private static void checkAll(List<Graph> graphs, boolean sanitize) throws Exception {
        Random rnd = new Random(5);
        int nonTrivial = 0;
        for (Graph g : graphs) {
            byte[] x = Int8Graphs.input(rnd, g);
            byte[] want = new Int8Interpreter(g).run(x);
            Path bin = HostHarness.runner(g, sanitize);
            byte[] got = HostHarness.runInt8(bin, x);
            assertArrayEquals(want, got, g.toString());
            nonTrivial += distinct(want) > 2 ? 1 : 0;
        }
        assertTrue(
                nonTrivial >= graphs.size() / 2,
                "too many constant outputs: " + nonTrivial + " of " + graphs.size());
    }

    private static long distinct(byte[] v) {
        return new String(v, java.nio.charset.StandardCharsets.ISO_8859_1)
                .chars()
                .distinct()
                .count();
    }
}
