package org.tinyprune.nn.onnx;

import java.util.Arrays;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.layer.ChannelShuffle;
import org.tinyprune.nn.layer.Concat;
import org.tinyprune.nn.layer.Flatten;
import org.tinyprune.nn.layer.Reshape;
import org.tinyprune.onnx.proto.Onnx.NodeProto;

/**
 * Operators that move or relabel data: Concat (channels), Flatten, Reshape (keeping the batch; the
 * channel-shuffle 5-D view becomes a {@link ChannelShuffle} with the Transpose and Reshape after
 * it), Transpose (channel shuffle), Pad (zeros on H, W), Shape (folded to a constant), and those
 * that vanish: Identity, Dropout (inference form), and the final Softmax (dropped for training with
 * cross-entropy; {@link ImportedModel#outputSoftmax()} remembers it).
 */
final class ShapeTranslator {
    private ShapeTranslator() {}

    static void concat(NodeProto n, Translation t) {
        Attrs a = Attrs.of(n, "axis");
        String[] in = new String[n.getInputCount()];
        for (int i = 0; i < in.length; i++) {
            in[i] = t.activation(n, i);
        }
        int rank = t.shape(in[0]).length + 1;
        long axis = a.integer("axis", 1);
        if ((axis < 0 ? axis + rank : axis) != 1) {
            throw new Unsupported(
                    "Concat along axis "
                            + axis
                            + " of rank-"
                            + rank
                            + " tensors is not supported; only"
                            + " along channels (axis 1)");
        }
        if (in.length == 1) {
            t.alias(n.getOutput(0), n.getInput(0));
            return;
        }
        t.add(n.getOutput(0), new Concat(), in);
    }

    static void flatten(NodeProto n, Translation t) {
        Attrs a = Attrs.of(n, "axis");
        String x = t.activation(n, 0);
        int[] s = t.shape(x);
        long axis = a.integer("axis", 1);
        if ((axis < 0 ? axis + s.length + 1 : axis) != 1) {
            throw new Unsupported(
                    "Flatten with axis "
                            + axis
                            + " is not supported; only axis 1 (keep the batch)");
        }
        flat(n, t, x);
    }

    private static void flat(NodeProto n, Translation t, String x) {
        if (t.shape(x).length == 1) {
            t.define(n.getOutput(0), new Translation.Activation(x));
        } else {
            t.add(n.getOutput(0), new Flatten(), x);
        }
    }

    static void reshape(NodeProto n, Translation t) {
        Attrs a = Attrs.of(n, "allowzero");
        boolean allowZero = a.integer("allowzero", 0) != 0;
        long[] target = t.constant(n, 1).longs();
        Translation.Value v = t.value(n.getInput(0));
        if (v instanceof Translation.Shuffle sh && sh.transposed()) {
            int[] s = t.shape(sh.node());
            int[] from = {1, s[0] / sh.groups(), sh.groups(), s[1], s[2]};
            int[] to = resolve(target, from, allowZero);
            if (!Arrays.equals(to, Shapes.batched(1, s))) {
                throw new Unsupported(
                        "reshapes the transposed channel groups to "
                                + Arrays.toString(to)
                                + "; a channel shuffle must reshape back to "
                                + Arrays.toString(Shapes.batched(1, s)));
            }
            t.add(n.getOutput(0), new ChannelShuffle(sh.groups()), sh.node());
            return;
        }
        String x = t.activation(n, 0);
        int[] s = t.shape(x);
        int[] to = resolve(target, Shapes.batched(1, s), allowZero);
        if (to.length == 5
                && s.length == 3
                && to[0] == 1
                && to[1] * to[2] == s[0]
                && to[3] == s[1]
                && to[4] == s[2]) {
            t.define(n.getOutput(0), new Translation.Shuffle(x, to[1], false));
            return;
        }
        if (to.length < 2 || to[0] != 1) {
            throw new Unsupported(
                    "reshape to "
                            + Arrays.toString(to)
                            + " does not keep the batch as dimension 0");
        }
        int[] per = Arrays.copyOfRange(to, 1, to.length);
        if (Arrays.equals(per, s)) {
            t.define(n.getOutput(0), new Translation.Activation(x));
        } else if (per.length == 1) {
            flat(n, t, x);
        } else {
            t.add(n.getOutput(0), new Reshape(per), x);
        }
    }

    /** ONNX Reshape's target with 0 (copy, unless allowzero) and -1 (infer) resolved. */
    static int[] resolve(long[] target, int[] from, boolean allowZero) {
        int[] to = new int[target.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < to.length; i++) {
            long d = target[i];
            if (d == 0 && !allowZero) {
                if (i >= from.length) {
                    throw new Unsupported(
                            "reshape target "
                                    + Arrays.toString(target)
                                    + " copies dimension "
                                    + i
                                    + " that the input "
                                    + Arrays.toString(from)
                                    + " lacks");
                }
                d = from[i];
            }
            if (d == -1) {
                if (infer >= 0) {
                    throw new Unsupported(
                            "reshape target " + Arrays.toString(target) + " has two -1 entries");
                }
                infer = i;
                continue;
            }
            if (d < 0) {
                throw new Unsupported(
                        "reshape target " + Arrays.toString(target) + " has a negative entry");
            }
            to[i] = Math.toIntExact(d);
            known *= d;
        }
        long size = Shapes.size(from);
        if (infer >= 0) {
            if (known == 0 || size % known != 0) {
                throw new Unsupported(
                        "reshape target "
                                + Arrays.toString(target)
                                + " does not divide the input "
                                + Arrays.toString(from));
            }
            to[infer] = Math.toIntExact(size / known);
        } else if (known != size) {
            throw new Unsupported(
                    "reshape target "
                            + Arrays.toString(target)
                            + " has "
                            + known
                            + " elements, the input "
                            + Arrays.toString(from)
                            + " "
                            + size);
        }
        return to;
    }

    static void transpose(NodeProto n, Translation t) {
        Attrs a = Attrs.of(n, "perm");
        int[] perm = a.ints("perm", null);
        Translation.Value v = t.value(n.getInput(0));
        if (v instanceof Translation.Shuffle sh
                && !sh.transposed()
                && Arrays.equals(perm, new int[] {0, 2, 1, 3, 4})) {
            t.define(n.getOutput(0), new Translation.Shuffle(sh.node(), sh.groups(), true));
            return;
        }
        if (v instanceof Translation.Activation act && perm != null) {
            int[] identity =
                    java.util.stream.IntStream.range(0, t.shape(act.node()).length + 1).toArray();
            if (Arrays.equals(perm, identity)) {
                t.define(n.getOutput(0), v);
                return;
            }
        }
        throw new Unsupported(
                "Transpose with perm "
                        + (perm == null ? "reversed" : Arrays.toString(perm))
                        + " is supported only as the channel shuffle Reshape(N,g,C/g,H,W) → Transpose(0,2,1,3,4) →"
                        + " Reshape(N,C,H,W)");
    }

    /** Pad with zeros on H and W: kept pending for a following Conv to absorb. */
    static void pad(NodeProto n, Translation t) {
        Attrs a = Attrs.of(n, "mode", "pads", "value");
        String mode = a.string("mode", "constant");
        if (!mode.equals("constant")) {
            throw new Unsupported(
                    "mode '" + mode + "' is not supported; only constant (zero) padding");
        }
        String x = t.activation(n, 0);
        int rank = t.shape(x).length + 1;
        long[] pads;
        float value;
        if (t.opset() >= 11) {
            pads = t.constant(n, 1).longs();
            ConstTensor c = t.optionalConstant(n, 2);
            value = c == null ? 0f : (float) c.get(0);
            ConstTensor axes = t.optionalConstant(n, 3);
            if (axes != null) {
                long[] full = new long[2 * rank];
                long[] ax = axes.longs();
                for (int i = 0; i < ax.length; i++) {
                    int k = (int) (ax[i] < 0 ? ax[i] + rank : ax[i]);
                    full[k] = pads[i];
                    full[k + rank] = pads[i + ax.length];
                }
                pads = full;
            }
        } else {
            pads = Arrays.stream(a.ints("pads", new int[0])).asLongStream().toArray();
            value = a.real("value", 0f);
        }
        if (value != 0f) {
            throw new Unsupported(
                    "constant_value " + value + " is not supported; only zero padding");
        }
        if (pads.length != 2 * rank || rank != 4) {
            throw new Unsupported(
                    "pads " + Arrays.toString(pads) + " do not describe a 4-D N×C×H×W input");
        }
        if (pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0) {
            throw new Unsupported(
                    "pads "
                            + Arrays.toString(pads)
                            + " pad the batch or channel axis; only H and W");
        }
        for (long p : pads) {
            if (p < 0) {
                throw new Unsupported(
                        "negative pads " + Arrays.toString(pads) + " (cropping) are not supported");
            }
        }
        if (Arrays.stream(pads).allMatch(p -> p == 0)) {
            t.define(n.getOutput(0), new Translation.Activation(x));
            return;
        }
        t.define(
                n.getOutput(0),
                new Translation.Padded(
                        x, (int) pads[2], (int) pads[3], (int) pads[6], (int) pads[7]));
    }

    static void identity(NodeProto n, Translation t) {
        Attrs.of(n);
        t.alias(n.getOutput(0), n.getInput(0));
    }

    /** Dropout is the identity at inference; the mask output must not be read. */
    static void dropout(NodeProto n, Translation t) {
        Attrs a = Attrs.of(n, "ratio", "seed", "is_test");
        if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty() && t.readers(n.getOutput(1)) > 0) {
            throw new Unsupported("the mask output is read; export the model in eval mode");
        }
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            ConstTensor training = t.optionalConstant(n, 2);
            if (training != null && training.get(0) != 0) {
                throw new Unsupported("training_mode is true; export the model in eval mode");
            }
        }
        t.alias(n.getOutput(0), n.getInput(0));
    }

    /** The graph's final Softmax over features: dropped for training, restored by export. */
    static void softmax(NodeProto n, Translation t) {
        Attrs a = Attrs.of(n, "axis");
        String x = t.activation(n, 0);
        int rank = t.shape(x).length + 1;
        long axis = a.integer("axis", t.opset() >= 13 ? -1 : 1);
        if (rank != 2 || (axis < 0 ? axis + rank : axis) != 1) {
            throw new Unsupported(
                    "Softmax is supported only over the features of an [N, classes] tensor, got rank "
                            + rank
                            + " axis "
                            + axis);
        }
        String out = n.getOutput(0);
        if (!t.isGraphOutput(out) || t.readers(out) != 1) {
            throw new Unsupported(
                    "Softmax is supported only as the graph's final operator (it is dropped for training"
                            + " with cross-entropy and put back by export)");
        }
        t.define(out, new Translation.Activation(x));
        t.dropOutputSoftmax();
    }

    /** Shape of an activation (batch counted as 1) or a constant: a constant. */
    static void shape(NodeProto n, Translation t) {
        if (t.isConstant(n.getInput(0))) {
            t.define(
                    n.getOutput(0),
                    new Translation.Constant(ConstantFolder.shapeOf(t.constant(n, 0).dims(), n)));
            return;
        }
        int[] full = t.fullShape(t.activation(n, 0));
        t.define(
                n.getOutput(0),
                new Translation.Constant(
                        ConstantFolder.shapeOf(Arrays.stream(full).asLongStream().toArray(), n)));
    }
}
