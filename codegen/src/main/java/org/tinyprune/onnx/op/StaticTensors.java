package org.tinyprune.onnx.op;

import java.util.List;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.onnx.ImportContext;
import org.tinyprune.onnx.UnsupportedModelException;

/** Rewrites of compile-time tensors (float constants or DequantizeLinear of int constants). */
final class StaticTensors {
    private StaticTensors() {}

    /**
     * A 2-D static tensor transposed ({@code [K, N]} → {@code [N, K]}), as a new IR tensor name.
     */
    static String transpose2d(ImportContext ctx, Tensor t, String node, String op)
            throws UnsupportedModelException {
        if (t.rank() != 2) {
            throw new UnsupportedModelException(
                    node, op, "weight '" + t.name() + "' must be 2-D, is " + t);
        }
        int k = t.dim(0);
        int n = t.dim(1);
        int[] shape = {n, k};
        if (t.isConstant()) {
            float[] src = t.floatData();
            float[] dst = new float[src.length];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < n; j++) {
                    dst[j * k + i] = src[i * n + j];
                }
            }
            Tensor out = Tensor.constant(ctx.fresh(t.name() + "_T"), shape, dst);
            ctx.graph().tensor(out);
            return out.name();
        }
        Node dq = ctx.dequantizeOf(t);
        Tensor q = ctx.graph().find(dq.input(0));
        Quantization qp = q.quantization();
        Quantization moved =
                qp.isPerAxis()
                        ? Quantization.perAxis(qp.scales(), qp.zeroPoints(), 1 - qp.axis())
                        : qp;
        String qName = ctx.fresh(q.name() + "_T");
        if (q.dtype() == DType.INT8) {
            byte[] src = q.int8Data();
            byte[] dst = new byte[src.length];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < n; j++) {
                    dst[j * k + i] = src[i * n + j];
                }
            }
            ctx.graph().tensor(Tensor.constant(qName, shape, dst, moved));
        } else {
            throw new UnsupportedModelException(
                    node, op, "quantised weight '" + q.name() + "' must be int8, is " + q.dtype());
        }
        String fName = ctx.fresh(t.name() + "_T");
        ctx.graph()
                .node(
                        new Node(
                                ctx.uniqueNodeName(dq.name() + "_T"),
                                OpKind.DEQUANTIZE,
                                List.of(qName),
                                fName,
                                Attributes.DEFAULT),
                        DType.FLOAT32,
                        null);
        return fName;
    }

    /** A static bias of shape {@code [N]} or {@code [1, N]} as a rank-1 tensor name. */
    static String vector(ImportContext ctx, Tensor t, int n, String node, String op)
            throws UnsupportedModelException {
        boolean ok =
                (t.rank() == 1 && t.dim(0) == n)
                        || (t.rank() == 2 && t.dim(0) == 1 && t.dim(1) == n);
        if (!ok || !ctx.isStatic(t)) {
            throw new UnsupportedModelException(
                    node,
                    op,
                    "bias '"
                            + t.name()
                            + "' must be a constant of shape ["
                            + n
                            + "] or [1, "
                            + n
                            + "], is "
                            + t);
        }
        if (t.rank() == 1) {
            return t.name();
        }
        if (!t.isConstant()) {
            throw new UnsupportedModelException(
                    node, op, "quantised bias '" + t.name() + "' must be 1-D");
        }
        Tensor v = Tensor.constant(ctx.fresh(t.name() + "_vec"), new int[] {n}, t.floatData());
        ctx.graph().tensor(v);
        return v.name();
    }
}
