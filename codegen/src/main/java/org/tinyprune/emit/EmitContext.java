package org.tinyprune.emit;

import java.util.Arrays;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.plan.DeviceLayout;
import org.tinyprune.plan.MemoryPlan;

/**
 * What an {@link OpEmitter} needs while resolving and emitting one node: the graph and its memory
 * plan, the constant table, C naming, and the device view of activations (NHWC pointers into the
 * arena, {@code tp_shape} literals).
 */
public final class EmitContext {
    private final Graph graph;
    private final MemoryPlan plan;
    private final ConstantTable constants = new ConstantTable();
    private final CNames names = new CNames();
    private final boolean int8;

    EmitContext(Graph graph, MemoryPlan plan) {
        this.graph = graph;
        this.plan = plan;
        this.int8 = graph.isQuantized();
    }

    /** The graph being emitted. */
    public Graph graph() {
        return graph;
    }

    /** True for int8 graphs, false for float graphs. */
    public boolean int8() {
        return int8;
    }

    /** The kernel name suffix for this graph's dtype: {@code s8} or {@code f32}. */
    public String suffix() {
        return int8 ? "s8" : "f32";
    }

    /** The C element type of activations. */
    public String elementType() {
        return int8 ? "int8_t" : "float";
    }

    ConstantTable constants() {
        return constants;
    }

    /** A unique C identifier for {@code name}. */
    public String cName(String name) {
        return names.of(name);
    }

    /** Declares an int8 const array; returns its C name. */
    public String int8Array(String name, byte[] v) {
        return constants.int8(names.of(name), v);
    }

    /** Declares an int32 const array; returns its C name. */
    public String int32Array(String name, int[] v) {
        return constants.int32(names.of(name), v);
    }

    /** Declares a float const array; returns its C name. */
    public String floatArray(String name, float[] v) {
        return constants.float32(names.of(name), v);
    }

    /**
     * A C expression for the arena address of activation {@code tensor}, typed as the element
     * pointer.
     */
    public String ptr(String tensor) {
        int off = plan.offsetOf(tensor);
        return int8 ? "(tp_arena + " + off + ")" : "((float *)(void *)(tp_arena + " + off + "))";
    }

    /** True when depthwise node {@code n} runs in place under the memory plan. */
    public boolean runsInPlace(Node n) {
        return plan.runsInPlace(n);
    }

    /** A C expression for the scratch of node {@code n} ({@code {buf, size}} initialiser). */
    public String scratch(Node n, int bytes) {
        int off = plan.scratchOffset(graph.indexOf(n));
        return off < 0 ? "{0, 0}" : "{tp_arena + " + off + ", " + bytes + "}";
    }

    /**
     * The device shape {h, w, c} of one image of an activation: {@code [N, C, H, W]} is stored as N
     * NHWC images one after the other; a tensor of any other rank is stored row-major and seen as
     * {@code {1, 1, elements}}.
     */
    public int[] hwc(Node n, Tensor t) throws UnsupportedModelException {
        int[] s = t.shape();
        if (s.length == 4) {
            return new int[] {s[2], s[3], s[1]};
        }
        if (s.length == 0 || s.length > 4) {
            throw new UnsupportedModelException(
                    n.name(),
                    n.op().toString(),
                    "tensor '"
                            + t.name()
                            + "' has shape "
                            + Arrays.toString(s)
                            + "; activations must have rank 1 to 4");
        }
        return new int[] {1, 1, (int) t.elements()};
    }

    /** Images of an activation as {@link #hwc} sees it: N of a 4-D tensor, otherwise 1. */
    public static int images(Tensor t) {
        return t.rank() == 4 ? t.dim(0) : 1;
    }

    /**
     * A {@code tp_shape} initialiser for a batch-1 {@code [1, C, H, W]} activation of a spatial
     * kernel. The spatial kernels take one image; a 4-D tensor with N &gt; 1 is refused here.
     */
    public String shape(Node n, Tensor t) throws UnsupportedModelException {
        return shape(n, t, false);
    }

    /**
     * Like {@link #shape(Node, Tensor)}, but with {@code perImage} a 4-D tensor may hold N &gt; 1
     * images: the caller runs the kernel once per image (images are {@link #hwc} elements apart).
     */
    public String shape(Node n, Tensor t, boolean perImage) throws UnsupportedModelException {
        if (t.rank() != 4) {
            throw new UnsupportedModelException(
                    n.name(),
                    n.op().toString(),
                    "tensor '"
                            + t.name()
                            + "' has shape "
                            + Arrays.toString(t.shape())
                            + "; this kernel needs a [1, C, H, W] activation");
        }
        if (t.dim(0) != 1 && !perImage) {
            throw new UnsupportedModelException(
                    n.name(),
                    n.op().toString(),
                    "tensor '"
                            + t.name()
                            + "' holds "
                            + t.dim(0)
                            + " images "
                            + Arrays.toString(t.shape())
                            + "; this spatial kernel runs on one image "
                            + "[1, C, H, W] (export with a leading dimension of 1)");
        }
        int[] s = hwc(n, t);
        return "{" + s[0] + ", " + s[1] + ", " + s[2] + "}";
    }

    /**
     * The 4-D tensor a chain of in-place reshapes flattened into {@code t}, or null when {@code t}
     * was not produced that way from a tensor whose NHWC order differs from its NCHW order.
     */
    public Tensor flattenedFrom(Tensor t) {
        Tensor cur = t;
        while (true) {
            Node p = graph.producer(cur.name()).orElse(null);
            if (p == null || p.op() != OpKind.RESHAPE || !DeviceLayout.reshapeIsAlias(graph, p)) {
                break;
            }
            cur = graph.tensor(p.input(0));
        }
        return !DeviceLayout.isLogicalOrder(cur.shape()) && DeviceLayout.isLogicalOrder(t.shape())
                ? cur
                : null;
    }
}
