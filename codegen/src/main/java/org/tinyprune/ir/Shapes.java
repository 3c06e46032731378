package org.tinyprune.ir;

import java.util.Arrays;
import java.util.List;

/**
 * Output-shape rules of every {@link OpKind} (ONNX semantics, no broadcasting except MUL's, see
 * {@link #broadcastOf}). Used by the graph builder to create and check output tensors.
 */
public final class Shapes {
    private Shapes() {}

    /**
     * The output shape of {@code node} given its input tensors.
     *
     * @throws IllegalArgumentException naming the node when the inputs do not fit the op
     */
    public static int[] infer(Node node, List<Tensor> in) {
        return switch (node.op()) {
            case CONV -> conv(node, in);
            case DENSE -> dense(node, in);
            case MAX_POOL, AVG_POOL -> pool(node, in.get(0));
            case GLOBAL_AVG_POOL -> {
                int[] x = rank(node, in.get(0), 4);
                yield new int[] {x[0], x[1], 1, 1};
            }
            case ADD -> add(node, in);
            case CONCAT -> concat(node, in);
            case RESHAPE ->
                    throw fail(
                            node,
                            "RESHAPE takes its shape from its output tensor; it cannot be inferred");
            case CLAMP, SOFTMAX, BATCH_NORM, QUANTIZE, DEQUANTIZE -> in.get(0).shape();
            case SIGMOID, HARD_SWISH, HARD_SIGMOID -> activation(node, in);
            case MUL -> mul(node, in);
            case PAD -> pad(node, in.get(0));
            case TRANSPOSE -> transpose(node, in.get(0));
            case CHANNEL_SHUFFLE -> shuffle(node, in.get(0));
        };
    }

    /**
     * Output size of a sliding window along one axis: {@code floor((n + padBegin + padEnd - k) / s)
     * + 1}.
     */
    public static int windowOut(int n, int k, int s, int padBegin, int padEnd) {
        return Math.floorDiv(n + padBegin + padEnd - k, s) + 1;
    }

    private static int[] conv(Node node, List<Tensor> in) {
        arity(node, in, 2, 3);
        int[] x = rank(node, in.get(0), 4);
        int[] w = rank(node, in.get(1), 4);
        Attributes a = node.attributes();
        int g = a.group();
        if (x[1] % g != 0 || w[0] % g != 0 || w[1] * g != x[1]) {
            throw fail(
                    node,
                    "input channels "
                            + x[1]
                            + ", weight "
                            + Arrays.toString(w)
                            + " and group "
                            + g
                            + " disagree (need weight[1] * group == input channels and group | output channels)");
        }
        bias(node, in, w[0]);
        return new int[] {
            x[0], w[0], spatial(node, x[2], w[2], a, 0), spatial(node, x[3], w[3], a, 1)
        };
    }

    private static int[] dense(Node node, List<Tensor> in) {
        arity(node, in, 2, 3);
        int[] x = in.get(0).shape();
        int[] w = rank(node, in.get(1), 2);
        if (x.length < 1 || x.length > 4 || w[1] != x[x.length - 1]) {
            throw fail(
                    node,
                    "input "
                            + Arrays.toString(x)
                            + " (features on the last axis, rank 1 to 4) does not "
                            + "match weight "
                            + Arrays.toString(w)
                            + " ([Cout, Cin])");
        }
        bias(node, in, w[0]);
        int[] out = x.clone();
        out[out.length - 1] = w[0];
        return out;
    }

    /**
     * Output size of a pooling window along one axis (ONNX): {@code floor} (or {@code ceil} in ceil
     * mode) of {@code (n + padBegin + padEnd - extent) / s}, plus 1, with {@code extent = d (k - 1)
     * + 1}; in ceil mode a last window that would start beyond the input and its leading padding is
     * dropped.
     */
    public static int poolOut(int n, int k, int s, int d, int padBegin, int padEnd, boolean ceil) {
        int span = n + padBegin + padEnd - (d * (k - 1) + 1);
        int out = (ceil ? Math.floorDiv(span + s - 1, s) : Math.floorDiv(span, s)) + 1;
        if (ceil && out > 1 && (long) (out - 1) * s >= n + padBegin) {
            out--;
        }
        return out;
    }

    /**
     * True when every one of {@code out} windows has at least one tap inside the input: tap {@code
     * t} of window {@code o} reads {@code o * s - padBegin + t * d}.
     */
    public static boolean everyWindowTouchesInput(
            int n, int out, int k, int s, int d, int padBegin) {
        for (int o = 0; o < out; o++) {
            int start = o * s - padBegin;
            boolean hit = false;
            for (int t = 0; t < k && !hit; t++) {
                int i = start + t * d;
                hit = i >= 0 && i < n;
            }
            if (!hit) {
                return false;
            }
        }
        return true;
    }

    private static int[] pool(Node node, Tensor t) {
        int[] x = rank(node, t, 4);
        Attributes a = node.attributes();
        int[] k = a.kernel();
        int[] s = a.strides();
        int[] d = a.dilations();
        int[] p = a.pads();
        int[] out = new int[2];
        for (int i = 0; i < 2; i++) {
            out[i] = poolOut(x[2 + i], k[i], s[i], d[i], p[i], p[i + 2], a.ceilMode());
            if (out[i] < 1 || !everyWindowTouchesInput(x[2 + i], out[i], k[i], s[i], d[i], p[i])) {
                throw fail(
                        node,
                        "window "
                                + Arrays.toString(k)
                                + " (strides "
                                + Arrays.toString(s)
                                + ", dilations "
                                + Arrays.toString(d)
                                + ", pads "
                                + Arrays.toString(p)
                                + ") has a window with no input "
                                + "position over input "
                                + Arrays.toString(x));
            }
        }
        return new int[] {x[0], x[1], out[0], out[1]};
    }

    private static int[] pad(Node node, Tensor t) {
        int[] x = rank(node, t, 4);
        int[] p = node.attributes().pads();
        return new int[] {x[0], x[1], x[2] + p[0] + p[2], x[3] + p[1] + p[3]};
    }

    private static int[] transpose(Node node, Tensor t) {
        int[] x = t.shape();
        int[] perm = node.attributes().perm();
        boolean[] seen = new boolean[x.length];
        if (perm.length != x.length) {
            throw fail(node, "perm " + Arrays.toString(perm) + " does not match rank " + x.length);
        }
        int[] out = new int[x.length];
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] < 0 || perm[i] >= x.length || seen[perm[i]]) {
                throw fail(
                        node,
                        "perm " + Arrays.toString(perm) + " is not a permutation of the axes");
            }
            seen[perm[i]] = true;
            out[i] = x[perm[i]];
        }
        return out;
    }

    private static int[] shuffle(Node node, Tensor t) {
        int[] x = rank(node, t, 4);
        int g = node.attributes().group();
        if (x[1] % g != 0) {
            throw fail(node, "channels " + x[1] + " do not split into " + g + " groups");
        }
        return x;
    }

    /**
     * Conv output size along one axis: {@code floor((n + padBegin + padEnd - d (k - 1) - 1) / s) +
     * 1}, each padding smaller than the dilated extent {@code d (k - 1) + 1} (the kernels' rule).
     */
    private static int spatial(Node node, int n, int k, Attributes a, int axis) {
        int[] p = a.pads();
        int d = a.dilations()[axis];
        int extent = d * (k - 1) + 1;
        if (p[axis] >= extent || p[axis + 2] >= extent) {
            throw fail(
                    node,
                    "padding "
                            + Arrays.toString(p)
                            + " must be smaller than the window extent "
                            + extent
                            + " (kernel "
                            + k
                            + ", dilation "
                            + d
                            + ")");
        }
        int out = windowOut(n, extent, a.strides()[axis], p[axis], p[axis + 2]);
        if (out < 1) {
            throw fail(
                    node,
                    "window extent "
                            + extent
                            + " (kernel "
                            + k
                            + ", dilation "
                            + d
                            + ") does not fit input size "
                            + n
                            + " with pads "
                            + Arrays.toString(p));
        }
        return out;
    }

    private static int[] add(Node node, List<Tensor> in) {
        arity(node, in, 2, 2);
        if (!Arrays.equals(in.get(0).shape(), in.get(1).shape())) {
            throw fail(
                    node,
                    "ADD needs equal shapes (no broadcasting), got "
                            + Arrays.toString(in.get(0).shape())
                            + " and "
                            + Arrays.toString(in.get(1).shape()));
        }
        return in.get(0).shape();
    }

    private static int[] activation(Node node, List<Tensor> in) {
        int params = node.op() == OpKind.HARD_SIGMOID ? 1 : 0;
        arity(node, in, 1 + params, 1 + params);
        Tensor p = params == 1 ? in.get(1) : null;
        if (p != null && (!p.isConstant() || p.dtype() != DType.FLOAT32 || p.elements() != 2)) {
            throw fail(node, "input 2 must be the float constant [alpha, beta], is " + p);
        }
        return in.get(0).shape();
    }

    private static int[] mul(Node node, List<Tensor> in) {
        arity(node, in, 2, 2);
        int[] a = in.get(0).shape();
        int[] b = in.get(1).shape();
        if (broadcastOf(a, b) == null) {
            throw fail(
                    node,
                    "MUL broadcasts input 2 of shape "
                            + Arrays.toString(b)
                            + " over input 1 of shape "
                            + Arrays.toString(a)
                            + " only when it has as many elements, one element, or (rank 4) one per "
                            + "channel [N, C, 1, 1]");
        }
        return a;
    }

    /**
     * How {@code b} broadcasts over {@code a} in a {@link OpKind#MUL} (ONNX broadcasting, shapes
     * aligned at the right): {@code b[i % repeat]} is the factor of element {@code i} of {@code a}
     * in the device's channel-last order, and {@code b[(i / inner) % repeat]} in the IR's row-major
     * order. Returns {@code {repeat, inner}}: {@code {size, 1}} for as many elements as a, {@code
     * {1, 1}} for one element, {@code {C, H * W}} for one per channel of a rank-4 a, {@code {size
     * of b, 1}} when b is the trailing dimensions of an a that is not rank 4 (stored row-major, so
     * b repeats along it); null for anything else.
     */
    public static int[] broadcastOf(int[] a, int[] b) {
        if (b.length > a.length) {
            return null;
        }
        long bElements = 1;
        boolean channelOnly = a.length == 4;
        boolean suffix = a.length != 4;
        boolean broadcastSeen = false;
        for (int i = 1; i <= b.length; i++) {
            int ad = a[a.length - i];
            int bd = b[b.length - i];
            if (bd != 1 && bd != ad) {
                return null;
            }
            bElements *= bd;
            channelOnly &= bd == 1 || a.length - i == 1;
            suffix &= !(broadcastSeen && bd != 1);
            broadcastSeen |= bd != ad;
        }
        long aElements = Tensor.elementCount(a);
        if (bElements == aElements) {
            return new int[] {(int) aElements, 1};
        }
        if (bElements == 1) {
            return new int[] {1, 1};
        }
        if (channelOnly) {
            return new int[] {a[1], a[2] * a[3]};
        }
        return suffix ? new int[] {(int) bElements, 1} : null;
    }

    private static int[] concat(Node node, List<Tensor> in) {
        int[] first = in.get(0).shape();
        int axis = node.attributes().axis();
        if (axis < 0 || axis >= first.length) {
            throw fail(node, "concat axis " + axis + " out of range for rank " + first.length);
        }
        int[] out = first.clone();
        for (int i = 1; i < in.size(); i++) {
            int[] s = in.get(i).shape();
            for (int d = 0; d < first.length; d++) {
                if (s.length != first.length || (d != axis && s[d] != first[d])) {
                    throw fail(
                            node,
                            "inputs "
                                    + Arrays.toString(first)
                                    + " and "
                                    + Arrays.toString(s)
                                    + " differ outside concat axis "
                                    + axis);
                }
            }
            out[axis] += s[axis];
        }
        return out;
    }

    private static void bias(Node node, List<Tensor> in, int cout) {
        if (in.size() == 3 && (in.get(2).rank() != 1 || in.get(2).dim(0) != cout)) {
            throw fail(
                    node,
                    "bias shape " + Arrays.toString(in.get(2).shape()) + " must be [" + cout + "]");
        }
    }

    private static void arity(Node node, List<Tensor> in, int min, int max) {
        if (in.size() < min || in.size() > max) {
            throw fail(node, "expects " + min + ".." + max + " inputs, got " + in.size());
        }
    }

    private static int[] rank(Node node, Tensor t, int r) {
        if (t.rank() != r) {
            throw fail(
                    node,
                    "input '"
                            + t.name()
                            + "' must have rank "
                            + r
                            + ", has shape "
                            + Arrays.toString(t.shape()));
        }
        return t.shape();
    }

    private static IllegalArgumentException fail(Node node, String why) {
        return new IllegalArgumentException(
                "node '" + node.name() + "' (" + node.op() + "): " + why);
    }
}
