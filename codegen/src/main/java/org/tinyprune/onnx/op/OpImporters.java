package org.tinyprune.onnx.op;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The registry of {@link OpImporter}s by ONNX op type. */
public final class OpImporters {
    private static final List<OpImporter> ALL =
            List.of(
                    new ConvImporter(),
                    new GemmImporter(),
                    new MatMulImporter(),
                    new AddImporter(),
                    new ActivationImporter(),
                    new PoolImporter(),
                    new GlobalAveragePoolImporter(),
                    new ConcatImporter(),
                    new ReshapeImporter(),
                    new SoftmaxImporter(),
                    new BatchNormImporter(),
                    new QuantizeImporter(),
                    new DequantizeImporter(),
                    new IdentityImporter(),
                    new SigmoidImporter(),
                    new MulImporter(),
                    new PadImporter(),
                    new ReduceMeanImporter(),
                    new TransposeImporter(),
                    new ShapeOpsImporter());
    private static final Map<String, OpImporter> BY_OP = new TreeMap<>();

    static {
        for (OpImporter i : ALL) {
            for (String op : i.opTypes()) {
                if (BY_OP.put(op, i) != null) {
                    throw new IllegalStateException("two importers for " + op);
                }
            }
        }
    }

    private OpImporters() {}

    /** The importer for {@code opType}, or null when the op is not supported. */
    public static OpImporter forOp(String opType) {
        return BY_OP.get(opType);
    }

    /** Every supported op type, sorted (for error messages and documentation). */
    public static List<String> supported() {
        return List.copyOf(BY_OP.keySet());
    }
}
