package org.tinyprune.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A capability a {@link Layer} declares: how ONNX computes it in eval mode, as a short chain of
 * default-domain nodes. The float exporter writes any layer implementing it without knowing its
 * class, so a new layer that exports is one file (plus its test).
 *
 * <p>The first step reads the layer's inputs, every later step the previous step's output; each
 * step then reads its {@link Constant}s, in order, as further inputs. The last step's output is the
 * layer's output.
 */
public interface OnnxForm {

    /** The ONNX nodes for this layer given its per-sample input shapes (no batch dimension). */
    List<Step> onnxSteps(List<int[]> inputShapes);

    /**
     * The lowest default-domain opset that has this form's operators (the exporter raises its own
     * to it).
     */
    default int minOpset() {
        return 13;
    }

    /**
     * One ONNX node.
     *
     * @param opType ONNX operator, e.g. {@code HardSigmoid}
     * @param attributes attribute values: {@code Long}, {@code Float}, {@code String} or {@code
     *     long[]}
     * @param constants constant inputs after the data input(s)
     */
    record Step(String opType, Map<String, Object> attributes, List<Constant> constants) {
        /** A step without attributes or constants. */
        public static Step of(String opType) {
            return new Step(opType, Map.of(), List.of());
        }
    }

    /**
     * A constant input: float values, or int64 values when {@code ints} is not null.
     *
     * @param name suffix of the initializer name ({@code <node>.<name>})
     * @param shape its dimensions
     */
    record Constant(String name, int[] shape, float[] floats, long[] ints) {
        /** A float constant. */
        public static Constant floats(String name, int[] shape, float... values) {
            return new Constant(name, shape, values, null);
        }

        /** A 1-D int64 constant (shapes, pads). */
        public static Constant longs(String name, long... values) {
            return new Constant(name, new int[] {values.length}, null, values);
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape);
        }
    }
}
