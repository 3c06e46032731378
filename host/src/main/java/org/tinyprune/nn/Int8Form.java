package org.tinyprune.nn;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.OpKind;

/**
 * A capability a {@link Layer} declares: how it runs in int8, as one node of the network IR ({@link
 * OpKind} with its {@link Attributes} and constants), and how that node's output is quantised. The
 * quantiser lowers any layer implementing it without knowing its class, so a layer that quantises
 * is one file (plus its test). Layers that only exist in training (BatchNorm, Dropout) do not
 * implement it: the quantiser folds or drops them first.
 *
 * <p>The quantiser applies the scheme of DESIGN §3 to what the layer declares: {@link
 * ConstantInput.Kind#WEIGHT} constants become int8 per output channel, {@link
 * ConstantInput.Kind#BIAS} int32 with scale input × weight, {@link ConstantInput.Kind#FLOAT} ones
 * stay float; a layer whose output gets its own calibrated range and {@link
 * Lowering#takesActivation() takes an activation} absorbs a ReLU, ReLU6 or clamp that is its only
 * reader as the node's output clamp.
 */
public interface Int8Form {

    /**
     * This layer's int8 node for the given per-sample input shapes (no batch dimension).
     *
     * @param inputShapes per-sample input shapes, in the layer's input order
     * @return the lowering
     * @throws IllegalArgumentException saying why, when this configuration of the layer has no int8
     *     form (the quantiser names the node)
     */
    Lowering int8Form(List<int[]> inputShapes);

    /** How a node's int8 output is quantised. */
    enum OutputRange {
        /**
         * Its own calibrated range: the kernel rescales (conv, dense, add, mul, table activations).
         */
        CALIBRATED,
        /**
         * Its inputs' quantisation: the kernel moves, selects or clamps codes without rescaling
         * (pools, reshape, concat, pad, channel shuffle, a standalone clamp), so inputs and output
         * share one range, the union of their calibrated ones.
         */
        INPUTS
    }

    /**
     * One int8 IR node.
     *
     * @param op what the node computes
     * @param attributes its attributes (a clamp here is the op's own: CLAMP's bounds)
     * @param inputs which of the layer's inputs feed the node, in the node's order ({@code null}:
     *     all, in the layer's order)
     * @param constants constant inputs after the activations, in the node's order
     * @param range how the output is quantised
     * @param takesActivation true if a ReLU/ReLU6/clamp reading only this node fuses into it as its
     *     output clamp (only for {@link OutputRange#CALIBRATED} outputs)
     */
    record Lowering(
            OpKind op,
            Attributes attributes,
            int[] inputs,
            List<ConstantInput> constants,
            OutputRange range,
            boolean takesActivation) {

        /** Validates the combination. */
        public Lowering {
            constants = List.copyOf(constants);
            inputs = inputs == null ? null : inputs.clone();
            if (takesActivation && range != OutputRange.CALIBRATED) {
                throw new IllegalArgumentException(
                        op
                                + ": only a node with its own calibrated range takes a fused "
                                + "activation");
            }
        }

        /**
         * A node with its own calibrated output range, reading all inputs in order, no constants.
         */
        public static Lowering calibrated(OpKind op, Attributes attributes) {
            return new Lowering(op, attributes, null, List.of(), OutputRange.CALIBRATED, false);
        }

        /** A node whose output shares its inputs' quantisation, reading all inputs in order. */
        public static Lowering passThrough(OpKind op, Attributes attributes) {
            return new Lowering(op, attributes, null, List.of(), OutputRange.INPUTS, false);
        }

        /** Copy with constant inputs. */
        public Lowering withConstants(ConstantInput... c) {
            return new Lowering(op, attributes, inputs, List.of(c), range, takesActivation);
        }

        /**
         * Copy that reads the layer's inputs in another order (e.g. the full-size factor first).
         */
        public Lowering withInputs(int... order) {
            return new Lowering(op, attributes, order, constants, range, takesActivation);
        }

        /** Copy that absorbs a following ReLU/ReLU6/clamp as its output clamp. */
        public Lowering takingActivation() {
            return new Lowering(op, attributes, inputs, constants, range, true);
        }

        /** The layer inputs feeding the node, in order, for a layer with {@code arity} inputs. */
        public int[] inputOrder(int arity) {
            return inputs == null ? IntStream.range(0, arity).toArray() : inputs.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Lowering l
                    && op == l.op
                    && attributes.equals(l.attributes)
                    && Arrays.equals(inputs, l.inputs)
                    && constants.equals(l.constants)
                    && range == l.range
                    && takesActivation == l.takesActivation;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(
                    op, attributes, Arrays.hashCode(inputs), constants, range, takesActivation);
        }

        @Override
        public String toString() {
            return op
                    + " "
                    + attributes
                    + (inputs == null ? "" : " inputs=" + Arrays.toString(inputs))
                    + " constants="
                    + constants
                    + " "
                    + range
                    + (takesActivation ? " takes activation" : "");
        }
    }

    /**
     * A constant input of the node, in float; the quantiser encodes it by its kind.
     *
     * @param name suffix of the IR tensor name ({@code <node>.<name>})
     * @param kind how it is encoded
     * @param shape its dimensions
     * @param values its values, row-major ({@code null} for an absent bias: zeros)
     */
    record ConstantInput(String name, Kind kind, int[] shape, float[] values) {

        /** How a constant is encoded in int8. */
        public enum Kind {
            /** int8, symmetric per output channel (axis 0), zero point 0. */
            WEIGHT,
            /** int32 per output channel with scale input scale × weight scale of the channel. */
            BIAS,
            /** Kept in float (op parameters such as HardSigmoid's {@code [alpha, beta]}). */
            FLOAT
        }

        /** Validates the shape against the values. */
        public ConstantInput {
            shape = shape.clone();
            if (values != null) {
                values = values.clone();
                if (Shapes.size(shape) != values.length) {
                    throw new IllegalArgumentException(
                            "constant '"
                                    + name
                                    + "' of shape "
                                    + Shapes.str(shape)
                                    + " needs "
                                    + Shapes.size(shape)
                                    + " values, got "
                                    + values.length);
                }
            } else if (kind != Kind.BIAS) {
                throw new IllegalArgumentException(
                        "constant '" + name + "' needs values; only a bias may be absent");
            }
        }

        /** The weight {@code [Cout, ...]}, named {@code weight}. */
        public static ConstantInput weight(int[] shape, float[] values) {
            return new ConstantInput("weight", Kind.WEIGHT, shape, values);
        }

        /**
         * The bias of {@code channels} output channels ({@code values} null: zeros), named {@code
         * bias}.
         */
        public static ConstantInput bias(int channels, float[] values) {
            return new ConstantInput("bias", Kind.BIAS, new int[] {channels}, values);
        }

        /** A float constant. */
        public static ConstantInput floats(String name, int[] shape, float... values) {
            return new ConstantInput(name, Kind.FLOAT, shape, values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ConstantInput c
                    && name.equals(c.name)
                    && kind == c.kind
                    && Arrays.equals(shape, c.shape)
                    && Arrays.equals(values, c.values);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(
                    name, kind, Arrays.hashCode(shape), Arrays.hashCode(values));
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape) + " " + kind;
        }
    }
}
