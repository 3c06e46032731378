package org.tinyprune.onnx;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tinyprune.onnx.proto.Onnx.AttributeProto;
import org.tinyprune.onnx.proto.Onnx.GraphProto;
import org.tinyprune.onnx.proto.Onnx.NodeProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorProto.DataType;

/**
 * Checks every constant of a graph before any node reads it, for both ONNX readers (the code
 * generator's {@link OnnxReader} and the training engine's importer). Initializers and {@code
 * Constant} tensors: dims that are not negative and hold at most {@link
 * InitializerValues#MAX_ELEMENTS} elements, data of exactly the size the dims give, and float
 * values that are finite wherever a value must be a number (weights, biases, normalisation
 * statistics, quantisation scales, pad values; only Clip's bounds may be infinite). Float
 * attributes (epsilon, alpha, beta...): finite. Each problem names the tensor or node, and the fix.
 */
public final class ConstantChecks {
    private ConstantChecks() {}

    /**
     * The problems of {@code g}'s constants, one line each, by the name of the tensor at fault (for
     * an attribute, its node's first output); empty when all are sound.
     */
    public static Map<String, String> problems(GraphProto g) {
        Map<String, NodeProto> reader = new HashMap<>();
        Map<String, Boolean> onlyClipBounds = new HashMap<>();
        for (NodeProto n : g.getNodeList()) {
            for (int i = 0; i < n.getInputCount(); i++) {
                String in = n.getInput(i);
                reader.putIfAbsent(in, n);
                boolean bound = n.getOpType().equals("Clip") && i > 0;
                onlyClipBounds.merge(in, bound, Boolean::logicalAnd);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            check(out, "initializer", t.getName(), t, reader, onlyClipBounds);
        }
        for (NodeProto n : g.getNodeList()) {
            for (AttributeProto a : n.getAttributeList()) {
                boolean finite = Float.isFinite(a.getF());
                for (int i = 0; i < a.getFloatsCount(); i++) {
                    finite &= Float.isFinite(a.getFloats(i));
                }
                if (!finite && n.getOutputCount() > 0) {
                    out.putIfAbsent(
                            n.getOutput(0),
                            "node '"
                                    + (n.getName().isEmpty() ? n.getOutput(0) : n.getName())
                                    + "' ("
                                    + n.getOpType()
                                    + ") attribute "
                                    + a.getName()
                                    + " is not a finite number ("
                                    + (a.getFloatsCount() > 0 ? a.getFloatsList() : a.getF())
                                    + "); the file is damaged, "
                                    + "re-export the model");
                }
            }
            if (n.getOpType().equals("Constant") && n.getOutputCount() == 1) {
                for (AttributeProto a : n.getAttributeList()) {
                    if (a.getName().equals("value") && a.hasT()) {
                        check(out, "Constant", n.getOutput(0), a.getT(), reader, onlyClipBounds);
                    }
                }
            }
        }
        return out;
    }

    private static void check(
            Map<String, String> out,
            String kind,
            String name,
            TensorProto t,
            Map<String, NodeProto> reader,
            Map<String, Boolean> onlyClipBounds) {
        NodeProto n = reader.get(name);
        String problem = problem(t, !onlyClipBounds.getOrDefault(name, false));
        if (problem != null) {
            out.put(
                    name,
                    kind
                            + " '"
                            + name
                            + "'"
                            + (n == null
                                    ? ""
                                    : " (read by node '"
                                            + nodeName(n)
                                            + "' ("
                                            + n.getOpType()
                                            + "))")
                            + " "
                            + problem);
        }
    }

    /**
     * A node's name for messages: its name, else its first output, else its op type (a damaged node
     * may have neither).
     */
    private static String nodeName(NodeProto n) {
        return !n.getName().isEmpty()
                ? n.getName()
                : n.getOutputCount() > 0 ? n.getOutput(0) : "unnamed " + n.getOpType();
    }

    /** What is wrong with one tensor, or null. */
    private static String problem(TensorProto t, boolean mustBeFinite) {
        int count;
        try {
            count = InitializerValues.count(t);
        } catch (IllegalArgumentException e) {
            return "has dims "
                    + t.getDimsList()
                    + ": "
                    + (t.getDimsList().stream().anyMatch(d -> d < 0)
                            ? "a negative dimension"
                            : "more elements than any model can hold")
                    + "; the file is damaged, "
                    + "re-export the model";
        }
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            return "stores its data in an external file; save the model with all tensors inside the .onnx file";
        }
        int bytes = elementBytes(InitializerValues.type(t));
        if (bytes == 0) {
            return null; // an element type the readers refuse where it is used, naming the node
        }
        long have = t.hasRawData() ? t.getRawData().size() : (long) typedCount(t) * bytes;
        if (have != (long) count * bytes) {
            return "holds "
                    + (t.hasRawData() ? have + " bytes of raw_data" : have / bytes + " values")
                    + " but its dims "
                    + t.getDimsList()
                    + " need "
                    + (t.hasRawData() ? (long) count * bytes + " bytes" : count + " values")
                    + "; the file is truncated or damaged, re-export the model";
        }
        if (mustBeFinite && InitializerValues.type(t) == DataType.FLOAT) {
            float[] v = InitializerValues.floats(t);
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    return "holds "
                            + v[i]
                            + " at element "
                            + i
                            + "; weights, biases, statistics and scales must "
                            + "be finite numbers (the model diverged in training, or the file is damaged)";
                }
            }
        }
        return null;
    }

    private static int typedCount(TensorProto t) {
        return switch (InitializerValues.type(t)) {
            case FLOAT -> t.getFloatDataCount();
            case INT64 -> t.getInt64DataCount();
            case DOUBLE -> t.getDoubleDataCount();
            // INT8, UINT8, INT32, BOOL, FLOAT16 are stored in int32_data
            default -> t.getInt32DataCount();
        };
    }

    private static int elementBytes(DataType type) {
        return switch (type) {
            case FLOAT, INT32 -> 4;
            case INT64, DOUBLE -> 8;
            case INT8, UINT8, BOOL -> 1;
            case FLOAT16, BFLOAT16 -> 2;
            default -> 0;
        };
    }
}
