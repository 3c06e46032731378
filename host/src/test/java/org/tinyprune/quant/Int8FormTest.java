package org.tinyprune.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Clamp;
import org.tinyprune.ir.OpKind;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;
import org.tinyprune.nn.Int8Form;
import org.tinyprune.nn.Int8Form.ConstantInput;
import org.tinyprune.nn.Int8Form.Lowering;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Tensor;

/**
 * The {@link Int8Form} capability itself: the quantiser lowers a layer class it has never seen
 * (declared here, in the test) from what the layer declares, fusion and range sharing included; and
 * the capability's records reject inconsistent declarations.
 */
class Int8FormTest {

    /** A layer unknown to quant/: y = min(max(x, -1), 1), declared as a CLAMP. */
    static final class HardTanh extends Layer implements Int8Form {
        @Override
        public String kind() {
            return "HardTanh";
        }

        @Override
        public int[] outputShape(List<int[]> inputShapes) {
            return inputShapes.get(0).clone();
        }

        @Override
        public Tensor forward(Tensor[] inputs, boolean training) {
            Tensor y = inputs[0].copy();
            float[] d = y.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = Math.min(Math.max(d[i], -1f), 1f);
            }
            return y;
        }

        @Override
        public Tensor[] backward(
                Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad) {
            throw new UnsupportedOperationException("inference only");
        }

        @Override
        public Lowering int8Form(List<int[]> inputShapes) {
            return Lowering.passThrough(
                    OpKind.CLAMP, Attributes.DEFAULT.withClamp(new Clamp(-1f, 1f)));
        }
    }

    @Test
    void aLayerTheQuantiserDoesNotKnowLowersFromItsDeclaration() {
        GraphBuilder b = Graph.builder("unknown").input("input", 1, 12, 12);
        b.conv("c1", 4, 3, 1, 1).layer("t1", new HardTanh());
        String t1 = b.current();
        b.conv("c2", 4, 3, 1, 1).layer("t2", new HardTanh(), "c2").add("sum", "t2", "c2");
        Graph g = b.build();
        g.init(3);
        QuantizedModel q =
                Quantizer.quantize(
                        g,
                        TestModels.noiseBatches(new int[] {1, 12, 12}, 2, 8, 4),
                        QuantOptions.DEFAULTS);
        org.tinyprune.ir.Graph ir = q.toIr();
        assertEquals(
                List.of(OpKind.CONV, OpKind.CONV, OpKind.CLAMP, OpKind.ADD),
                ir.nodes().stream().map(org.tinyprune.ir.Node::op).toList());
        assertEquals(
                new Clamp(-1f, 1f),
                ir.node("c1").attributes().clamp(),
                "fused into its only producer");
        assertEquals(t1, ir.node("c1").output());
        assertEquals(
                ir.tensor("c2").quantization(),
                ir.tensor("t2").quantization(),
                "standalone: shares its input's");
    }

    @Test
    void inconsistentDeclarationsAreRejected() {
        Lowering pool = Lowering.passThrough(OpKind.MAX_POOL, Attributes.DEFAULT);
        assertThrows(IllegalArgumentException.class, pool::takingActivation);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ConstantInput.weight(new int[] {2, 3}, new float[5]));
        assertTrue(
                e.getMessage().contains("'weight'") && e.getMessage().contains("needs 6 values"),
                e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> ConstantInput.floats("p", new int[] {1}, (float[]) null));
        assertEquals(null, ConstantInput.bias(3, null).values(), "an absent bias is zeros");
    }
}
