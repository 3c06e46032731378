package org.tinyprune.onnx.op;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.ImportContext;
import org.tinyprune.onnx.InitializerValues;
import org.tinyprune.onnx.NodeAttributes;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/**
 * Evaluates shape arithmetic at import: Shape (of any tensor: every IR shape is static), and
 * Gather, Unsqueeze, Squeeze, Slice, Cast, Concat, Transpose and ConstantOfShape when every input
 * is known (an initializer, a Constant, or an earlier folded value). This is how PyTorch's {@code
 * x.view(x.size(0), ...)} (Shape → Gather → Unsqueeze → Concat → Reshape) becomes a constant
 * Reshape target. The result is registered as an initializer under the node's output name.
 */
final class ConstantFolding {
    private ConstantFolding() {}

    /** A known tensor: its ONNX type, dimensions, and values (integers widened to long). */
    record Value(DataType type, int[] dims, long[] ints, float[] floats) {
        static Value of(TensorProto t, NodeAttributes a) throws UnsupportedModelException {
            DataType type = InitializerValues.type(t);
            int[] dims = InitializerValues.shape(t);
            return switch (type) {
                case FLOAT -> new Value(type, dims, null, InitializerValues.floats(t));
                case INT64 -> new Value(type, dims, InitializerValues.longs(t), null);
                case INT32, INT8, UINT8 ->
                        new Value(
                                type,
                                dims,
                                Arrays.stream(InitializerValues.ints(t)).asLongStream().toArray(),
                                null);
                default ->
                        throw a.fail(
                                "cannot evaluate a constant of type "
                                        + type
                                        + " at import (FLOAT, INT64, "
                                        + "INT32, INT8, UINT8 only)");
            };
        }

        int size() {
            return (int) Tensor.elementCount(dims);
        }

        /** The values at {@code src} (indices into this value), shaped {@code newDims}. */
        Value select(int[] src, int[] newDims) {
            if (floats != null) {
                float[] f = new float[src.length];
                for (int i = 0; i < src.length; i++) {
                    f[i] = floats[src[i]];
                }
                return new Value(type, newDims, null, f);
            }
            long[] v = new long[src.length];
            for (int i = 0; i < src.length; i++) {
                v[i] = ints[src[i]];
            }
            return new Value(type, newDims, v, null);
        }

        Value reshaped(int[] newDims) {
            return new Value(type, newDims, ints, floats);
        }

        TensorProto proto(String name) {
            long[] d = Arrays.stream(dims).asLongStream().toArray();
            return switch (type) {
                case FLOAT -> OnnxTensors.floats(name, d, floats);
                case INT64 -> OnnxTensors.int64s(name, d, ints);
                case INT32 ->
                        OnnxTensors.int32s(
                                name, d, Arrays.stream(ints).mapToInt(x -> (int) x).toArray());
                default -> {
                    byte[] b = new byte[ints.length];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = (byte) ints[i];
                    }
                    yield TensorProto.newBuilder(OnnxTensors.int8s(name, d, b))
                            .setDataType(type.getNumber())
                            .build();
                }
            };
        }
    }

    /** True when every present input of {@code node} is a known constant. */
    static boolean allKnown(NodeProto node, ImportContext ctx) {
        for (int i = 0; i < node.getInputCount(); i++) {
            if (ImportContext.hasInput(node, i) && ctx.initializer(node, i) == null) {
                return false;
            }
        }
        return node.getInputCount() > 0;
    }

    private static Value in(NodeProto node, ImportContext ctx, NodeAttributes a, int i)
            throws UnsupportedModelException {
        TensorProto t = ctx.initializer(node, i);
        if (t == null) {
            throw a.fail(
                    "input "
                            + i
                            + " '"
                            + (ImportContext.hasInput(node, i) ? node.getInput(i) : "")
                            + "' must be known at import (an initializer, a Constant or folded shape arithmetic); "
                            + node.getOpType()
                            + " of computed data is not supported");
        }
        return Value.of(t, a);
    }

    private static long[] longsOf(NodeProto node, ImportContext ctx, NodeAttributes a, int i)
            throws UnsupportedModelException {
        Value v = in(node, ctx, a, i);
        if (v.ints == null) {
            throw a.fail("input " + i + " must hold integers, is " + v.type);
        }
        return v.ints;
    }

    /** Evaluates {@code node} and registers its output as a known constant. */
    static void fold(NodeProto node, String name, ImportContext ctx, NodeAttributes a)
            throws UnsupportedModelException {
        Value out =
                switch (node.getOpType()) {
                    case "Shape" -> shape(node, name, ctx, a);
                    case "Gather" -> gather(node, ctx, a);
                    case "Unsqueeze" -> unsqueeze(node, ctx, a);
                    case "Squeeze" -> squeeze(node, ctx, a);
                    case "Slice" -> slice(node, ctx, a);
                    case "Cast" -> cast(in(node, ctx, a, 0), a);
                    case "Concat" -> concat(node, ctx, a);
                    case "Transpose" -> transpose(in(node, ctx, a, 0), a);
                    case "ConstantOfShape" -> constantOfShape(node, ctx, a);
                    default -> throw a.fail("cannot be evaluated at import");
                };
        ctx.addConstant(out.proto(node.getOutput(0)));
    }

    private static Value shape(NodeProto node, String name, ImportContext ctx, NodeAttributes a)
            throws UnsupportedModelException {
        TensorProto t = ctx.initializer(node, 0);
        int[] dims = t != null ? InitializerValues.shape(t) : ctx.input(node, name, 0).shape();
        int r = dims.length;
        long start = a.integer("start", 0);
        long end = a.integer("end", r);
        start = Math.max(0, Math.min(r, start < 0 ? start + r : start));
        end = Math.max(0, Math.min(r, end < 0 ? end + r : end));
        long[] v = new long[(int) Math.max(0, end - start)];
        for (int i = 0; i < v.length; i++) {
            v[i] = dims[(int) start + i];
        }
        return new Value(DataType.INT64, new int[] {v.length}, v, null);
    }

    private static int axis(NodeAttributes a, long axis, int rank)
            throws UnsupportedModelException {
        long ax = axis < 0 ? axis + rank : axis;
        if (ax < 0 || ax >= rank) {
            throw a.fail("axis " + axis + " out of range for rank " + rank);
        }
        return (int) ax;
    }

    private static int[] strides(int[] dims) {
        int[] s = new int[dims.length];
        int n = 1;
        for (int d = dims.length - 1; d >= 0; d--) {
            s[d] = n;
            n *= dims[d];
        }
        return s;
    }

    private static Value gather(NodeProto node, ImportContext ctx, NodeAttributes a)
            throws UnsupportedModelException {
        Value data = in(node, ctx, a, 0);
        Value idx = in(node, ctx, a, 1);
        if (idx.ints == null) {
            throw a.fail("indices must be integers");
        }
        int r = data.dims.length;
        int ax = axis(a, a.integer("axis", 0), r);
        int outer = 1;
        for (int d = 0; d < ax; d++) {
            outer *= data.dims[d];
        }
        int inner = 1;
        for (int d = ax + 1; d < r; d++) {
            inner *= data.dims[d];
        }
        int n = data.dims[ax];
        int[] src = new int[outer * idx.ints.length * inner];
        int k = 0;
        for (int o = 0; o < outer; o++) {
            for (long raw : idx.ints) {
                long i = raw < 0 ? raw + n : raw;
                if (i < 0 || i >= n) {
                    throw a.fail("index " + raw + " out of range for dimension " + n);
                }
                for (int j = 0; j < inner; j++) {
                    src[k++] = (o * n + (int) i) * inner + j;
                }
            }
        }
        int[] dims = new int[r - 1 + idx.dims.length];
        System.arraycopy(data.dims, 0, dims, 0, ax);
        System.arraycopy(idx.dims, 0, dims, ax, idx.dims.length);
        System.arraycopy(data.dims, ax + 1, dims, ax + idx.dims.length, r - ax - 1);
        return data.select(src, dims);
    }

    private static long[] axesOf(NodeProto node, ImportContext ctx, NodeAttributes a)
            throws UnsupportedModelException {
        if (ctx.opset() >= 13) {
            return ImportContext.hasInput(node, 1) ? longsOf(node, ctx, a, 1) : null;
        }
        int[] v = a.ints("axes");
        return v == null ? null : Arrays.stream(v).asLongStream().toArray();
    }

    private static Value unsqueeze(NodeProto node, ImportContext ctx, NodeAttributes a)
            throws UnsupportedModelException {
        Value x = in(node, ctx, a, 0);
        long[] axes = axesOf(node, ctx, a);
        if (axes == null) {
            throw a.fail("axes are required");
        }
        int r = x.dims.length + axes.length;
        boolean[] added = new boolean[r];
        for (long ax : axes) {
            int i = axis(a, ax, r);
            if (added[i]) {
                throw a.fail("axis " + ax + " repeated");
            }
            added[i] = true;
        }
        int[] dims = new int[r];
        for (int i = 0, j = 0; i < r; i++) {
            dims[i] = added[i] ? 1 : x.dims[j++];
        }
        return x.reshaped(dims);
    }

    private static Value squeeze(NodeProto node, ImportContext ctx, NodeAttributes a)
            throws UnsupportedModelException {
        Value x = in(node, ctx, a, 0);
        long[] axes = axesOf(node, ctx, a);
        int r = x.dims.length;
        boolean[] drop = new boolean[r];
        if (axes == null) {
            for (int i = 0; i < r; i++) {
                drop[i] = x.dims[i] == 1;
            }
        } else {
            for (long ax : axes) {
                int i = axis(a, ax, r);
                if (x.dims[i] != 1) {
                    throw a.fail("cannot squeeze axis " + ax + " of size " + x.dims[i]);
                }
                drop[i] = true;
            }
        }
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            if (!drop[i]) {
                dims.add(x.dims[i]);
            }
        }
        return x.reshaped(dims.stream().mapToInt(Integer::intValue).toArray());
    }

    private static Value slice(NodeProto node, ImportContext ctx, NodeAttributes a)
            throws UnsupportedModelException {
        Value x = in(node, ctx, a, 0);
        int r = x.dims.length;
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps = null;
        if (ctx.opset() >= 10) {
            starts = longsOf(node, ctx, a, 1);
            ends = longsOf(node, ctx, a, 2);
            axes = ImportContext.hasInput(node, 3) ? longsOf(node, ctx, a, 3) : null;
            steps = ImportContext.hasInput(node, 4) ? longsOf(node, ctx, a, 4) : null;
        } else {
            int[] s = a.ints("starts");
            int[] e = a.ints("ends");
            int[] ax = a.ints("axes");
            if (s == null || e == null) {
                throw a.fail("starts and ends are required");
            }
            starts = Arrays.stream(s).asLongStream().toArray();
            ends = Arrays.stream(e).asLongStream().toArray();
            axes = ax == null ? null : Arrays.stream(ax).asLongStream().toArray();
        }
        if (starts.length != ends.length
                || (axes != null && axes.length != starts.length)
                || (steps != null && steps.length != starts.length)) {
            throw a.fail("starts, ends, axes and steps must have equal lengths");
        }
        long[] first = new long[r];
        long[] step = new long[r];
        int[] dims = x.dims.clone();
        Arrays.fill(step, 1);
        for (int i = 0; i < starts.length; i++) {
            int ax = axis(a, axes == null ? i : axes[i], r);
            long st = steps == null ? 1 : steps[i];
            if (st == 0) {
                throw a.fail("slice step 0");
            }
            long n = x.dims[ax];
            long s = starts[i] < 0 ? starts[i] + n : starts[i];
            long e = ends[i] < 0 ? ends[i] + n : ends[i];
            if (st > 0) {
                s = Math.max(0, Math.min(n, s));
                e = Math.max(0, Math.min(n, e));
                dims[ax] = (int) Math.max(0, (e - s + st - 1) / st);
            } else {
                s = Math.max(-1, Math.min(n - 1, s));
                e = Math.max(-1, Math.min(n - 1, e));
                dims[ax] = (int) Math.max(0, (s - e + (-st) - 1) / (-st));
            }
            first[ax] = s;
            step[ax] = st;
        }
        int[] stride = strides(x.dims);
        int count = (int) Tensor.elementCount(dims);
        int[] src = new int[count];
        int[] outStride = strides(dims);
        for (int o = 0; o < count; o++) {
            long at = 0;
            for (int d = 0; d < r; d++) {
                int c = (o / outStride[d]) % Math.max(dims[d], 1);
                at += (first[d] + c * step[d]) * stride[d];
            }
            src[o] = (int) at;
        }
        return x.select(src, dims);
    }

    private static Value cast(Value x, NodeAttributes a) throws UnsupportedModelException {
        DataType to = DataType.forNumber((int) a.integer("to", 0));
        if (to == null) {
            throw a.fail("attribute 'to' is required");
        }
        if (to == x.type) {
            return x;
        }
        switch (to) {
            case FLOAT -> {
                float[] f = new float[x.size()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = x.ints != null ? (float) x.ints[i] : x.floats[i];
                }
                return new Value(to, x.dims, null, f);
            }
            case INT64, INT32 -> {
                long[] v = new long[x.size()];
                for (int i = 0; i < v.length; i++) {
                    long w = x.ints != null ? x.ints[i] : (long) x.floats[i];
                    v[i] = to == DataType.INT32 ? (int) w : w;
                }
                return new Value(to, x.dims, v, null);
            }
            default ->
                    throw a.fail(
                            "cast to "
                                    + to
                                    + " cannot be evaluated at import (FLOAT, INT32, INT64 only)");
        }
    }

    private static Value concat(NodeProto node, ImportContext ctx, NodeAttributes a)
            throws UnsupportedModelException {
        List<Value> parts = new ArrayList<>();
        for (int i = 0; i < node.getInputCount(); i++) {
            parts.add(in(node, ctx, a, i));
        }
        Value first = parts.get(0);
        int r = first.dims.length;
        int ax = axis(a, a.integer("axis", 0), r);
        int outer = 1;
        for (int d = 0; d < ax; d++) {
            outer *= first.dims[d];
        }
        int[] dims = first.dims.clone();
        dims[ax] = 0;
        int total = 0;
        for (Value v : parts) {
            if (v.type != first.type || v.dims.length != r) {
                throw a.fail("concatenated constants must share type and rank");
            }
            dims[ax] += v.dims[ax];
            total += v.size();
        }
        // one flat value holding all parts, and the gather order over it
        long[] ints = first.ints == null ? null : new long[total];
        float[] floats = first.floats == null ? null : new float[total];
        int[] src = new int[total];
        int[] base = new int[parts.size()];
        int off = 0;
        for (int p = 0; p < parts.size(); p++) {
            Value v = parts.get(p);
            base[p] = off;
            if (ints != null) {
                System.arraycopy(v.ints, 0, ints, off, v.size());
            } else {
                System.arraycopy(v.floats, 0, floats, off, v.size());
            }
            off += v.size();
        }
        int k = 0;
        for (int o = 0; o < outer; o++) {
            for (int p = 0; p < parts.size(); p++) {
                int block = parts.get(p).size() / Math.max(outer, 1);
                for (int j = 0; j < block; j++) {
                    src[k++] = base[p] + o * block + j;
                }
            }
        }
        return new Value(first.type, new int[] {total}, ints, floats).select(src, dims);
    }

    private static Value transpose(Value x, NodeAttributes a) throws UnsupportedModelException {
        int r = x.dims.length;
        int[] perm = a.ints("perm");
        if (perm == null) {
            perm = new int[r];
            for (int i = 0; i < r; i++) {
                perm[i] = r - 1 - i;
            }
        }
        int[] stride = strides(x.dims);
        int[] dims = new int[r];
        for (int i = 0; i < r; i++) {
            dims[i] = x.dims[perm[i]];
        }
        int[] outStride = strides(dims);
        int[] src = new int[x.size()];
        for (int o = 0; o < src.length; o++) {
            int at = 0;
            for (int d = 0; d < r; d++) {
                at += (o / outStride[d]) % dims[d] * stride[perm[d]];
            }
            src[o] = at;
        }
        return x.select(src, dims);
    }

    private static Value constantOfShape(NodeProto node, ImportContext ctx, NodeAttributes a)
            throws UnsupportedModelException {
        long[] shape = longsOf(node, ctx, a, 0);
        int[] dims = Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
        int n = (int) Tensor.elementCount(dims);
        TensorProto value = a.tensor("value");
        Value fill =
                value == null
                        ? new Value(DataType.FLOAT, new int[] {1}, null, new float[] {0f})
                        : Value.of(value, a);
        if (fill.size() != 1) {
            throw a.fail("value must hold one element");
        }
        return fill.select(new int[n], dims);
    }
}
