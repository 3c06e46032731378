package org.tinyprune.int8;

import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;

/** int8 SIGMOID, HARD_SIGMOID and HARD_SWISH: a lookup in the node's {@link LookupTable}. */
final class LutInt8 implements Int8Kernel {

    private final byte[] table;

    LutInt8(Graph graph, Node node) {
        table = LookupTable.of(graph, node);
    }

    @Override
    public byte[] run(List<byte[]> inputs) {
        byte[] x = inputs.get(0);
        byte[] y = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = table[x[i] + 128];
        }
        return y;
    }
}
