package org.tinyprune.pass;

import java.util.ArrayList;
import java.util.List;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.GraphBuilder;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;

/**
 * Folds each {@link OpKind#BATCH_NORM} into the float convolution that produces its input ({@code
 * W'[o] = W[o] * mul[o]}, {@code b'[o] = b[o] * mul[o] + add[o]}). A batch norm that does not
 * follow a foldable convolution becomes a 1×1 depthwise convolution with weights {@code mul} and
 * bias {@code add}, which computes exactly the same affine map.
 */
public final class FoldBatchNorm implements GraphPass {
    @Override
    public String name() {
        return "fold-batch-norm";
    }

    @Override
    public Graph apply(Graph g) throws UnsupportedModelException {
        GraphBuilder b = g.toBuilder();
        List<Node> nodes = b.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            Node bn = nodes.get(i);
            if (bn.op() != OpKind.BATCH_NORM) {
                continue;
            }
            float[] mul = g.tensor(bn.input(1)).floatData();
            float[] add = g.tensor(bn.input(2)).floatData();
            Node conv = g.producer(bn.input(0)).orElse(null);
            int at = conv == null ? -1 : nodes.indexOf(conv);
            if (at >= 0 && foldable(g, conv, bn)) {
                nodes.set(at, fold(g, b, conv, bn, mul, add));
                nodes.remove(i--);
            } else {
                nodes.set(i, asDepthwise(g, b, bn, mul, add));
            }
        }
        return b.build();
    }

    private static boolean foldable(Graph g, Node conv, Node bn) {
        return conv.op() == OpKind.CONV
                && conv.attributes().clamp().isNone()
                && g.tensor(conv.input(1)).isConstant()
                && g.consumers(conv.output()).size() == 1
                && !g.outputs().contains(conv.output())
                && (conv.inputs().size() < 3 || g.tensor(conv.input(2)).isConstant());
    }

    private static Node fold(Graph g, GraphBuilder b, Node conv, Node bn, float[] mul, float[] add)
            throws UnsupportedModelException {
        String output = bn.output();
        Tensor w = g.tensor(conv.input(1));
        float[] wv = w.floatData().clone();
        int per = wv.length / mul.length;
        for (int o = 0; o < mul.length; o++) {
            for (int k = 0; k < per; k++) {
                wv[o * per + k] *= mul[o];
            }
        }
        float[] bias =
                conv.inputs().size() == 3
                        ? g.tensor(conv.input(2)).floatData()
                        : new float[mul.length];
        float[] bv = new float[mul.length];
        for (int o = 0; o < mul.length; o++) {
            bv[o] = bias[o] * mul[o] + add[o];
        }
        for (float[] v : new float[][] {wv, bv}) {
            for (float f : v) {
                if (!Float.isFinite(f)) {
                    throw new UnsupportedModelException(
                            bn.name(),
                            "BatchNormalization",
                            "folded into '"
                                    + conv.name()
                                    + "' it gives weights beyond float range ("
                                    + f
                                    + "); the weights or statistics are damaged");
                }
            }
        }
        Tensor nw = Tensor.constant(conv.name() + "_bn_weight", w.shape(), wv);
        Tensor nb = Tensor.constant(conv.name() + "_bn_bias", new int[] {mul.length}, bv);
        b.tensor(nw).tensor(nb);
        return new Node(
                conv.name(),
                OpKind.CONV,
                List.of(conv.input(0), nw.name(), nb.name()),
                output,
                conv.attributes());
    }

    private static Node asDepthwise(Graph g, GraphBuilder b, Node bn, float[] mul, float[] add)
            throws UnsupportedModelException {
        Tensor x = g.tensor(bn.input(0));
        if (x.rank() != 4) {
            throw new UnsupportedModelException(
                    bn.name(),
                    "BatchNormalization",
                    "input "
                            + x
                            + " is not 4-D and does not follow a convolution it could be folded into");
        }
        int c = mul.length;
        Tensor w = Tensor.constant(bn.name() + "_weight", new int[] {c, 1, 1, 1}, mul);
        b.tensor(w);
        List<String> in = new ArrayList<>(List.of(x.name(), w.name(), bn.input(2)));
        return new Node(bn.name(), OpKind.CONV, in, bn.output(), Attributes.DEFAULT.withGroup(c));
    }
}
