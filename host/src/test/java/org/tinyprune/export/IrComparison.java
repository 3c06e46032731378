package org.tinyprune.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.Tensor;

/**
 * Test support: two quantised IR graphs compute the same thing node for node, whatever their tensor
 * names (a QDQ file read back names tensors after its QuantizeLinear outputs): the same ops in the
 * same order with the same attributes, each input coming from the same node (or the graph input) or
 * being an equal constant (dtype, shape, quantisation, data), and every output quantised alike.
 */
final class IrComparison {
    private IrComparison() {}

    static void assertSameIr(Graph expected, Graph actual) {
        String where = "\nexpected " + expected + "\nactual " + actual;
        assertEquals(expected.inputs().size(), actual.inputs().size(), "graph inputs" + where);
        assertEquals(expected.nodes().size(), actual.nodes().size(), "node count" + where);
        Map<String, String> idE = ids(expected);
        Map<String, String> idA = ids(actual);
        Tensor inE = expected.tensor(expected.inputs().get(0));
        Tensor inA = actual.tensor(actual.inputs().get(0));
        assertEquals(inE.quantization(), inA.quantization(), "input quantisation");
        assertArrayEquals(inE.shape(), inA.shape(), "input shape");
        for (int i = 0; i < expected.nodes().size(); i++) {
            Node e = expected.nodes().get(i);
            Node a = actual.nodes().get(i);
            String at = "node " + i + " '" + e.name() + "' vs '" + a.name() + "'";
            assertEquals(e.op(), a.op(), at + " op");
            assertEquals(e.attributes(), a.attributes(), at + " attributes");
            assertEquals(e.inputs().size(), a.inputs().size(), at + " inputs");
            for (int k = 0; k < e.inputs().size(); k++) {
                Tensor te = expected.tensor(e.input(k));
                Tensor ta = actual.tensor(a.input(k));
                assertEquals(te.isConstant(), ta.isConstant(), at + " input " + k + " constness");
                if (te.isConstant()) {
                    assertConstantsEqual(te, ta, at + " input " + k);
                } else {
                    assertEquals(
                            idE.get(te.name()), idA.get(ta.name()), at + " input " + k + " source");
                }
            }
            Tensor oe = expected.tensor(e.output());
            Tensor oa = actual.tensor(a.output());
            assertArrayEquals(oe.shape(), oa.shape(), at + " output shape");
            assertEquals(oe.dtype(), oa.dtype(), at + " output dtype");
            assertEquals(oe.quantization(), oa.quantization(), at + " output quantisation");
        }
        assertEquals(
                idE.get(expected.outputs().get(0)),
                idA.get(actual.outputs().get(0)),
                "graph output" + where);
    }

    /** Activation tensor name → "input" or the index of the node producing it. */
    private static Map<String, String> ids(Graph g) {
        Map<String, String> ids = new HashMap<>();
        g.inputs().forEach(in -> ids.put(in, "input"));
        List<Node> nodes = g.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            ids.put(nodes.get(i).output(), "node " + i);
        }
        return ids;
    }

    private static void assertConstantsEqual(Tensor e, Tensor a, String at) {
        assertEquals(e.dtype(), a.dtype(), at + " dtype");
        assertArrayEquals(e.shape(), a.shape(), at + " shape");
        assertEquals(e.quantization(), a.quantization(), at + " quantisation");
        switch (e.dtype()) {
            case INT8 -> assertArrayEquals(e.int8Data(), a.int8Data(), at + " int8 data");
            case INT32 -> assertArrayEquals(e.int32Data(), a.int32Data(), at + " int32 data");
            case FLOAT32 -> assertArrayEquals(e.floatData(), a.floatData(), at + " float data");
            default -> assertTrue(false, at + ": unexpected constant dtype " + e.dtype());
        }
    }
}
