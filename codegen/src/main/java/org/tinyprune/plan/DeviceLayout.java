package org.tinyprune.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;

/**
 * How activations lie in device memory, and which data moves that implies. A 4-D tensor {@code [N,
 * C, H, W]} is stored NHWC ({@code [N][H][W][C]}, the kernels' layout); a tensor of any other rank
 * is stored row-major as the IR declares it (its leading dimension is data like any other). A
 * RESHAPE therefore leaves the bytes in place (the planner gives input and output one buffer) when
 * both sides store their elements in the same order, or when it flattens to 2-D for dense layers
 * only (the emitter permutes their weight columns instead); otherwise it is a copy through the
 * transpose kernel. The planner, the resource model and the emitter all ask here, so they agree.
 */
public final class DeviceLayout {
    private DeviceLayout() {}

    /** The device dimensions of a tensor of logical shape {@code shape}, outermost first. */
    public static int[] dims(int[] shape) {
        return shape.length == 4
                ? new int[] {shape[0], shape[2], shape[3], shape[1]}
                : shape.clone();
    }

    /** For each device axis, the logical axis it holds. */
    public static int[] axes(int rank) {
        if (rank == 4) {
            return new int[] {0, 2, 3, 1};
        }
        int[] a = new int[rank];
        Arrays.setAll(a, i -> i);
        return a;
    }

    /** True when the device stores the elements in logical row-major order. */
    public static boolean isLogicalOrder(int[] shape) {
        return shape.length != 4 || shape[1] == 1 || shape[2] * shape[3] == 1;
    }

    /**
     * True when RESHAPE {@code n} needs no code: both tensors in logical order, two 4-D tensors
     * with the same batch, channels and pixel count (NHWC bytes identical), or a flatten to 2-D
     * read only by dense layers (not a graph output).
     */
    public static boolean reshapeIsAlias(Graph g, Node n) {
        int[] in = g.tensor(n.input(0)).shape();
        int[] out = g.outputOf(n).shape();
        if (isLogicalOrder(in) && isLogicalOrder(out)) {
            return true;
        }
        if (in.length == 4
                && out.length == 4
                && in[0] == out[0]
                && in[1] == out[1]
                && in[2] * in[3] == out[2] * out[3]) {
            return true;
        }
        return in.length == 4
                && out.length == 2
                && in[0] == out[0]
                && !g.outputs().contains(n.output())
                && !g.consumers(n.output()).isEmpty()
                && g.consumers(n.output()).stream().allMatch(c -> c.op() == OpKind.DENSE);
    }

    /**
     * The device-level transpose that moves node {@code n}'s input to its output: {@code {dims,
     * perm}} over the input's device bytes (size-1 axes dropped, axes that stay adjacent merged),
     * or null when {@code n} needs none. Defined for TRANSPOSE, CHANNEL_SHUFFLE and copying
     * RESHAPE.
     *
     * @throws IllegalArgumentException for a reshape between two 4-D tensors that is no alias
     */
    public static int[][] move(Graph g, Node n) {
        Tensor x = g.tensor(n.input(0));
        Tensor y = g.outputOf(n);
        int[] s = x.shape();
        int[][] m;
        switch (n.op()) {
            case TRANSPOSE -> {
                int[] perm = n.attributes().perm();
                int[] inAxes = axes(s.length);
                int[] outAxes = axes(perm.length);
                int[] where = new int[s.length];
                for (int j = 0; j < s.length; j++) {
                    where[inAxes[j]] = j;
                }
                int[] p = new int[perm.length];
                for (int j = 0; j < p.length; j++) {
                    p[j] = where[perm[outAxes[j]]];
                }
                m = new int[][] {dims(s), p};
            }
            case CHANNEL_SHUFFLE -> {
                int groups = n.attributes().group();
                m = new int[][] {{s[0] * s[2] * s[3], groups, s[1] / groups}, {0, 2, 1}};
            }
            case RESHAPE -> {
                if (reshapeIsAlias(g, n)) {
                    return null;
                }
                int[] o = y.shape();
                if (!isLogicalOrder(s) && isLogicalOrder(o)) {
                    m = new int[][] {dims(s), {0, 3, 1, 2}};
                } else if (isLogicalOrder(s) && !isLogicalOrder(o)) {
                    m = new int[][] {{o[0], o[1], o[2], o[3]}, {0, 2, 3, 1}};
                } else {
                    throw new IllegalArgumentException(
                            "node '"
                                    + n.name()
                                    + "' (RESHAPE): "
                                    + x
                                    + " to "
                                    + y
                                    + " regroups the pixels of a 4-D tensor; reshape through a flat tensor instead");
                }
            }
            default -> {
                return null;
            }
        }
        return simplify(m[0], m[1]);
    }

    /**
     * Drops size-1 axes and merges output axes that read adjacent input axes in order; the result
     * moves the same bytes with as few dimensions as possible.
     */
    public static int[][] simplify(int[] dims, int[] perm) {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > 1) {
                keep.add(i);
            }
        }
        int[] rank = new int[dims.length];
        for (int i = 0; i < keep.size(); i++) {
            rank[keep.get(i)] = i;
        }
        List<Integer> p = new ArrayList<>();
        for (int axis : perm) {
            if (dims[axis] > 1) {
                p.add(rank[axis]);
            }
        }
        int[] d = keep.stream().mapToInt(i -> dims[i]).toArray();
        // merge runs of output axes that are consecutive input axes
        List<int[]> groups = new ArrayList<>();
        for (int axis : p) {
            int[] last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (last != null && last[1] + 1 == axis) {
                last[1] = axis;
            } else {
                groups.add(new int[] {axis, axis});
            }
        }
        int[] order = groups.stream().mapToInt(gr -> gr[0]).sorted().toArray();
        int[] mergedDims = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            for (int[] gr : groups) {
                if (gr[0] == order[i]) {
                    int size = 1;
                    for (int a = gr[0]; a <= gr[1]; a++) {
                        size *= d[a];
                    }
                    mergedDims[i] = size;
                }
            }
        }
        int[] mergedPerm = new int[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            mergedPerm[i] = Arrays.binarySearch(order, groups.get(i)[0]);
        }
        if (mergedDims.length == 0) {
            return new int[][] {{1}, {0}};
        }
        return new int[][] {mergedDims, mergedPerm};
    }

    /** True when a simplified move is the identity (a plain copy). */
    public static boolean isCopy(int[][] move) {
        return move[1].length == 1;
    }
}
