package org.tinyprune.emit;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.onnx.UnsupportedModelException;

/** The registry of {@link OpEmitter}s by op. */
public final class OpEmitters {
    private static final Map<OpKind, OpEmitter> BY_OP = new EnumMap<>(OpKind.class);

    static {
        for (OpEmitter e :
                List.of(
                        new ConvEmitter(),
                        new DenseEmitter(),
                        new PoolEmitter(),
                        new AddEmitter(),
                        new ConcatEmitter(),
                        new ReshapeEmitter(),
                        new ClampEmitter(),
                        new SoftmaxEmitter(),
                        new ActivationEmitter(),
                        new MulEmitter(),
                        new PadEmitter(),
                        new TransposeEmitter())) {
            for (OpKind op : e.ops()) {
                BY_OP.put(op, e);
            }
        }
    }

    private OpEmitters() {}

    /** The emitter for {@code node}'s op. */
    public static OpEmitter forNode(Node node) throws UnsupportedModelException {
        OpEmitter e = BY_OP.get(node.op());
        if (e == null) {
            throw new UnsupportedModelException(
                    node.name(),
                    node.op().toString(),
                    "no C emitter for this op (run the "
                            + "graph passes first: batch norm and QDQ nodes are import-only)");
        }
        return e;
    }
}
