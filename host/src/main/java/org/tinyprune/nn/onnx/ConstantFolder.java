package org.tinyprune.nn.onnx;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;

/**
 * Evaluates, at import time, the operators of the small constant subgraphs exporters write for
 * shapes (PyTorch's {@code x.view(x.size(0), -1)} becomes Shape → Gather → Unsqueeze → Concat →
 * Reshape): shapes are static, so these become constants and the Reshape sees a fixed target.
 * {@code Shape} itself is a translator (its input is an activation); the others fold when every
 * input is a constant.
 */
final class ConstantFolder {

    /** Folds one operator with constant inputs (null entries for absent optional inputs). */
    @FunctionalInterface
    interface Fold {
        ConstTensor apply(NodeProto node, ConstTensor[] in, int opset);
    }

    private static final Map<String, Fold> FOLDS =
            Map.ofEntries(
                    Map.entry("Gather", ConstantFolder::gather),
                    Map.entry("Unsqueeze", ConstantFolder::unsqueeze),
                    Map.entry("Squeeze", ConstantFolder::squeeze),
                    Map.entry("Concat", ConstantFolder::concat),
                    Map.entry("Cast", ConstantFolder::cast),
                    Map.entry("Add", (n, in, o) -> binary(n, in, '+')),
                    Map.entry("Sub", (n, in, o) -> binary(n, in, '-')),
                    Map.entry("Mul", (n, in, o) -> binary(n, in, '*')),
                    Map.entry("Div", (n, in, o) -> binary(n, in, '/')),
                    Map.entry("Slice", ConstantFolder::slice),
                    Map.entry("Identity", (n, in, o) -> in[0]),
                    Map.entry("Reshape", ConstantFolder::reshape));

    private ConstantFolder() {}

    /** The fold for {@code op}, or null if it does not fold. */
    static Fold forOp(String op) {
        return FOLDS.get(op);
    }

    /** The operators that fold. */
    static Set<String> ops() {
        return FOLDS.keySet();
    }

    /** The value of a {@code Constant} node (value, value_float(s), value_int(s) forms). */
    static ConstTensor constant(NodeProto node) {
        if (node.getAttributeCount() != 1) {
            throw new Unsupported(
                    "a Constant needs exactly one value attribute, got "
                            + node.getAttributeCount());
        }
        AttributeProto a = node.getAttribute(0);
        switch (a.getName()) {
            case "value":
                TensorProto t = a.getT();
                return ConstTensor.of(t.toBuilder().setName(node.getOutput(0)).build());
            case "value_float":
                return ConstTensor.ofFloats(new long[0], a.getF());
            case "value_floats":
                float[] f = new float[a.getFloatsCount()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = a.getFloats(i);
                }
                return ConstTensor.ofFloats(new long[] {f.length}, f);
            case "value_int":
                return ConstTensor.ofInts(new long[0], a.getI());
            case "value_ints":
                return ConstTensor.vector(
                        a.getIntsList().stream().mapToLong(Long::longValue).toArray());
            default:
                throw new Unsupported(
                        "Constant attribute '"
                                + a.getName()
                                + "' is not supported (value, value_float(s),"
                                + " value_int(s))");
        }
    }

    /** Shape of a constant as a constant (Shape of an activation is the importer's business). */
    static ConstTensor shapeOf(long[] dims, NodeProto node) {
        Attrs a = Attrs.of(node, "start", "end");
        int r = dims.length;
        int start = clampAxis((int) a.integer("start", 0), r);
        int end = clampAxis((int) a.integer("end", r), r);
        return ConstTensor.vector(Arrays.copyOfRange(dims, start, Math.max(start, end)));
    }

    private static int clampAxis(int axis, int rank) {
        int x = axis < 0 ? axis + rank : axis;
        return Math.max(0, Math.min(rank, x));
    }

    private static int axis(long axis, int rank, String what) {
        long x = axis < 0 ? axis + rank : axis;
        if (x < 0 || x >= rank) {
            throw new Unsupported(what + " axis " + axis + " is out of range for rank " + rank);
        }
        return (int) x;
    }

    private static ConstTensor gather(NodeProto n, ConstTensor[] in, int opset) {
        Attrs a = Attrs.of(n, "axis");
        ConstTensor data = in[0];
        ConstTensor idx = required(in, 1, "Gather", "indices");
        if (data.rank() != 1) {
            throw new Unsupported("Gather folds only 1-D constants (shape vectors), got " + data);
        }
        axis(a.integer("axis", 0), 1, "Gather");
        int size = data.size();
        long[] outDims = idx.dims();
        double[] v = new double[idx.size()];
        for (int i = 0; i < v.length; i++) {
            long k = idx.longAt(i);
            if (k < -size || k >= size) {
                throw new Unsupported(
                        "Gather index " + k + " is out of range for " + size + " elements");
            }
            v[i] = data.get((int) (k < 0 ? k + size : k));
        }
        return make(data.isFloat(), outDims, v);
    }

    /**
     * Input {@code k}, which the operator cannot do without (an omitted optional name reads as
     * absent).
     */
    private static ConstTensor required(ConstTensor[] in, int k, String op, String what) {
        if (k >= in.length || in[k] == null) {
            throw new Unsupported(op + " without its " + what + " (input " + (k + 1) + ")");
        }
        return in[k];
    }

    /** The one value a 1-D shape computation's parameter must hold. */
    private static long single(ConstTensor t, String op, String what) {
        if (t.size() != 1) {
            throw new Unsupported(
                    op + " " + what + " of " + t.size() + " values on a 1-D constant (1 expected)");
        }
        return t.longAt(0);
    }

    private static long[] axesOf(NodeProto n, ConstTensor[] in, int opset, String op) {
        Attrs a = Attrs.of(n, "axes");
        if (opset >= 13) {
            return in.length > 1 && in[1] != null ? in[1].longs() : null;
        }
        int[] ax = a.ints("axes", null);
        return ax == null ? null : Arrays.stream(ax).asLongStream().toArray();
    }

    private static ConstTensor unsqueeze(NodeProto n, ConstTensor[] in, int opset) {
        long[] axes = axesOf(n, in, opset, "Unsqueeze");
        if (axes == null) {
            throw new Unsupported("Unsqueeze needs axes");
        }
        int rank = in[0].rank() + axes.length;
        boolean[] added = new boolean[rank];
        for (long ax : axes) {
            added[axis(ax, rank, "Unsqueeze")] = true;
        }
        long[] dims = new long[rank];
        for (int i = 0, k = 0; i < rank; i++) {
            dims[i] = added[i] ? 1 : in[0].dims()[k++];
        }
        return withDims(in[0], dims);
    }

    private static ConstTensor squeeze(NodeProto n, ConstTensor[] in, int opset) {
        long[] axes = axesOf(n, in, opset, "Squeeze");
        long[] d = in[0].dims();
        boolean[] drop = new boolean[d.length];
        for (int i = 0; i < d.length; i++) {
            drop[i] = axes == null && d[i] == 1;
        }
        if (axes != null) {
            for (long ax : axes) {
                int x = axis(ax, d.length, "Squeeze");
                if (d[x] != 1) {
                    throw new Unsupported("Squeeze axis " + ax + " has size " + d[x] + ", not 1");
                }
                drop[x] = true;
            }
        }
        return withDims(
                in[0],
                java.util.stream.IntStream.range(0, d.length)
                        .filter(i -> !drop[i])
                        .mapToLong(i -> d[i])
                        .toArray());
    }

    private static ConstTensor concat(NodeProto n, ConstTensor[] in, int opset) {
        Attrs a = Attrs.of(n, "axis");
        boolean anyFloat = false;
        for (ConstTensor t : in) {
            if (t.rank() > 1) {
                throw new Unsupported(
                        "Concat folds only 0-D/1-D constants (shape vectors), got " + t);
            }
            anyFloat |= t.isFloat();
        }
        axis(a.integer("axis", 0), 1, "Concat");
        int total = Arrays.stream(in).mapToInt(ConstTensor::size).sum();
        double[] v = new double[total];
        int k = 0;
        for (ConstTensor t : in) {
            for (int i = 0; i < t.size(); i++) {
                v[k++] = t.get(i);
            }
        }
        return make(anyFloat, new long[] {total}, v);
    }

    private static ConstTensor cast(NodeProto n, ConstTensor[] in, int opset) {
        Attrs a = Attrs.of(n, "to", "saturate");
        int to = (int) a.integer("to", 0);
        double[] v = new double[in[0].size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = in[0].get(i);
        }
        if (to == TensorProto.DataType.FLOAT_VALUE) {
            return make(true, in[0].dims(), v);
        }
        if (to == TensorProto.DataType.INT64_VALUE || to == TensorProto.DataType.INT32_VALUE) {
            return make(false, in[0].dims(), v);
        }
        throw new Unsupported(
                "Cast to element type "
                        + TensorProto.DataType.forNumber(to)
                        + " is not supported in constant folding (FLOAT, INT32, INT64)");
    }

    private static ConstTensor binary(NodeProto n, ConstTensor[] in, char op) {
        Attrs.of(n);
        ConstTensor x = in[0];
        ConstTensor y = in[1];
        long[] dims = broadcast(x.dims(), y.dims());
        int size = Math.toIntExact(Arrays.stream(dims).reduce(1, (p, q) -> p * q));
        boolean isFloat = x.isFloat() || y.isFloat();
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            double p = x.get(index(i, dims, x.dims()));
            double q = y.get(index(i, dims, y.dims()));
            v[i] =
                    switch (op) {
                        case '+' -> p + q;
                        case '-' -> p - q;
                        case '*' -> p * q;
                        default -> {
                            if (!isFloat && q == 0) {
                                throw new Unsupported("integer division by zero in a constant Div");
                            }
                            yield isFloat ? (float) p / (float) q : (double) ((long) p / (long) q);
                        }
                    };
        }
        return make(isFloat, dims, v);
    }

    /** Multidirectional (numpy) broadcast of two shapes. */
    static long[] broadcast(long[] a, long[] b) {
        int r = Math.max(a.length, b.length);
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            long da = i < r - a.length ? 1 : a[i - (r - a.length)];
            long db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new Unsupported(
                        "shapes "
                                + Arrays.toString(a)
                                + " and "
                                + Arrays.toString(b)
                                + " do not broadcast");
            }
            out[i] = Math.max(da, db);
        }
        return out;
    }

    /**
     * The flat index into a tensor of shape {@code dims} broadcast to {@code out}, for output
     * element {@code i}.
     */
    private static int index(int i, long[] out, long[] dims) {
        int idx = 0;
        int stride = 1;
        int rem = i;
        for (int d = out.length - 1; d >= 0; d--) {
            int coord = (int) (rem % out[d]);
            rem /= (int) out[d];
            int k = d - (out.length - dims.length);
            if (k >= 0) {
                idx += (dims[k] == 1 ? 0 : coord) * stride;
                stride *= (int) dims[k];
            }
        }
        return idx;
    }

    private static ConstTensor slice(NodeProto n, ConstTensor[] in, int opset) {
        if (opset < 10) {
            throw new Unsupported("Slice before opset 10 is not supported");
        }
        Attrs.of(n);
        ConstTensor data = in[0];
        if (data.rank() != 1) {
            throw new Unsupported("Slice folds only 1-D constants (shape vectors), got " + data);
        }
        if (in.length > 3 && in[3] != null) {
            for (long ax : in[3].longs()) {
                axis(ax, 1, "Slice");
            }
        }
        long size = data.size();
        long step = in.length > 4 && in[4] != null ? single(in[4], "Slice", "steps") : 1;
        if (step == 0) {
            throw new Unsupported("Slice step 0");
        }
        long start = single(required(in, 1, "Slice", "starts"), "Slice", "starts");
        long end = single(required(in, 2, "Slice", "ends"), "Slice", "ends");
        start = start < 0 ? start + size : start;
        end = end < 0 ? end + size : end;
        start =
                step > 0
                        ? Math.max(0, Math.min(size, start))
                        : Math.max(-1, Math.min(size - 1, start));
        end = step > 0 ? Math.max(0, Math.min(size, end)) : Math.max(-1, Math.min(size - 1, end));
        java.util.List<Double> v = new java.util.ArrayList<>();
        for (long i = start; step > 0 ? i < end : i > end; i += step) {
            v.add(data.get((int) i));
        }
        return make(
                data.isFloat(),
                new long[] {v.size()},
                v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static ConstTensor reshape(NodeProto n, ConstTensor[] in, int opset) {
        Attrs a = Attrs.of(n, "allowzero");
        long[] target = in[1].longs();
        long[] dims = in[0].dims();
        long known = 1;
        int infer = -1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == 0 && a.integer("allowzero", 0) == 0) {
                target[i] = dims[i];
            }
            if (target[i] == -1) {
                infer = i;
            } else {
                known *= target[i];
            }
        }
        if (infer >= 0) {
            target[infer] = known == 0 ? 0 : in[0].size() / known;
        }
        return withDims(in[0], target);
    }

    private static ConstTensor withDims(ConstTensor t, long[] dims) {
        long size = Arrays.stream(dims).reduce(1, (p, q) -> p * q);
        if (size != t.size()) {
            throw new Unsupported("cannot reshape " + t + " to " + Arrays.toString(dims));
        }
        return t.isFloat()
                ? ConstTensor.ofFloats(dims, t.floats())
                : ConstTensor.ofInts(dims, t.ints());
    }

    private static ConstTensor make(boolean isFloat, long[] dims, double[] v) {
        if (isFloat) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            return ConstTensor.ofFloats(dims, f);
        }
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            l[i] = (long) v[i];
        }
        return ConstTensor.ofInts(dims, l);
    }
}
