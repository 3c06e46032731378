package org.tinyprune.onnx.op;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.ImportContext;
import org.tinyprune.onnx.NodeAttributes;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.NodeProto;

/**
 * ONNX Gemm {@code alpha * A' * B' + beta * C} with constant B (either orientation) → {@link
 * OpKind#DENSE}: transA = 1 inserts a {@link OpKind#TRANSPOSE} of A; alpha and beta other than 1
 * are folded into float constant weights and bias; a bias that broadcasts along the rows (a scalar,
 * {@code [1]}, {@code [N]}, {@code [1, N]} or {@code [M, N]} with equal rows) becomes the
 * per-output bias vector. A float bias that differs between rows is added after the product by an
 * element-wise {@link OpKind#ADD} of {@code beta * C} broadcast to {@code [M, N]}.
 */
final class GemmImporter implements OpImporter {
    @Override
    public Set<String> opTypes() {
        return Set.of("Gemm");
    }

    @Override
    public void importNode(NodeProto node, String name, ImportContext ctx)
            throws UnsupportedModelException {
        // before opset 7 a bias of shape [N] needs broadcast = 1; the bias rule below is the same
        // either way
        NodeAttributes a =
                NodeAttributes.of(
                        node,
                        name,
                        ctx.opset() < 7
                                ? Set.of("alpha", "beta", "transA", "transB", "broadcast")
                                : Set.of("alpha", "beta", "transA", "transB"));
        float alpha = a.real("alpha", 1f);
        float beta = a.real("beta", 1f);
        Tensor x = ctx.input(node, name, 0);
        Tensor w = ctx.input(node, name, 1);
        if (!ctx.isStatic(w) || w.rank() != 2) {
            throw a.fail(
                    "B '"
                            + w.name()
                            + "' must be a 2-D initializer (or DequantizeLinear of one), is "
                            + w);
        }
        if ((alpha != 1f || beta != 1f) && !w.isConstant()) {
            throw a.fail(
                    "alpha and beta must be 1 with quantised weights (fold them into the weights), got alpha="
                            + alpha
                            + " beta="
                            + beta);
        }
        String input = x.name();
        if (a.integer("transA", 0) != 0) {
            if (x.rank() != 2) {
                throw a.fail("transA=1 needs a 2-D A, is " + x);
            }
            input = ctx.fresh(name + "_At");
            ctx.add(
                    node,
                    new Node(
                            ctx.uniqueNodeName(name + "_transA"),
                            OpKind.TRANSPOSE,
                            List.of(x.name()),
                            input,
                            Attributes.DEFAULT.withPerm(new int[] {1, 0})));
        }
        String weight =
                a.integer("transB", 0) != 0
                        ? w.name()
                        : StaticTensors.transpose2d(ctx, w, name, "Gemm");
        if (alpha != 1f) {
            weight = scaled(ctx, ctx.graph().find(weight), alpha);
        }
        int n = ctx.graph().find(weight).dim(0);
        List<String> inputs = new ArrayList<>(List.of(input, weight));
        Tensor matrix = null;
        if (ImportContext.hasInput(node, 2)) {
            Tensor c = ctx.input(node, name, 2);
            if (c.isConstant() && (beta != 1f || !isVector(c, n))) {
                Tensor row = rowBias(ctx, c, n, beta, a);
                if (row == null) {
                    matrix = scaledConstant(ctx, c, beta);
                } else {
                    c = row;
                }
            }
            if (matrix == null) {
                inputs.add(StaticTensors.vector(ctx, c, n, name, "Gemm"));
            }
        }
        if (matrix == null) {
            ctx.add(
                    node,
                    new Node(name, OpKind.DENSE, inputs, node.getOutput(0), Attributes.DEFAULT));
            return;
        }
        // a bias that differs between rows: the product, then an element-wise ADD of beta * C
        // broadcast to [M, N]
        String product = ctx.fresh(name + "_product");
        ctx.add(node, new Node(name, OpKind.DENSE, inputs, product, Attributes.DEFAULT));
        Tensor sum = AddImporter.broadcast(ctx, matrix, ctx.graph().find(product).shape(), a);
        ctx.add(
                node,
                new Node(
                        ctx.uniqueNodeName(name + "_bias"),
                        OpKind.ADD,
                        List.of(product, sum.name()),
                        node.getOutput(0),
                        Attributes.DEFAULT));
    }

    /** A float constant times {@code factor} (itself when the factor is 1). */
    private static Tensor scaledConstant(ImportContext ctx, Tensor t, float factor) {
        return factor == 1f ? t : ctx.graph().find(scaled(ctx, t, factor));
    }

    private static boolean isVector(Tensor c, int n) {
        return (c.rank() == 1 && c.dim(0) == n)
                || (c.rank() == 2 && c.dim(0) == 1 && c.dim(1) == n);
    }

    /** A float constant times {@code factor}, as a new constant name. */
    private static String scaled(ImportContext ctx, Tensor t, float factor) {
        float[] v = t.floatData().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
        Tensor s = Tensor.constant(ctx.fresh(t.name() + "_scaled"), t.shape(), v);
        ctx.graph().tensor(s);
        return s.name();
    }

    /**
     * {@code beta * C} broadcast to one row of N, when every row of the broadcast C is that row;
     * else null.
     */
    private static Tensor rowBias(ImportContext ctx, Tensor c, int n, float beta, NodeAttributes a)
            throws UnsupportedModelException {
        int[] s = c.shape();
        int cols = s.length == 0 ? 1 : s[s.length - 1];
        int rows = s.length == 2 ? s[0] : 1;
        if (s.length > 2 || (cols != 1 && cols != n)) {
            throw a.fail("bias C " + c + " does not broadcast to [M, " + n + "]");
        }
        float[] v = c.floatData();
        float[] row = new float[n];
        for (int j = 0; j < n; j++) {
            row[j] = beta * v[cols == 1 ? 0 : j];
        }
        for (int r = 1; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                if (beta * v[r * cols + (cols == 1 ? 0 : j)] != row[j]) {
                    return null;
                }
            }
        }
        Tensor t = Tensor.constant(ctx.fresh(c.name() + "_row"), new int[] {n}, row);
        ctx.graph().tensor(t);
        return t;
    }
}
