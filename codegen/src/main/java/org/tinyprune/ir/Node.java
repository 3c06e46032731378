package org.tinyprune.ir;

import java.util.List;
import java.util.Objects;

/**
 * One operation: its kind, a name traceable to the ONNX node (C identifiers are derived from it),
 * the names of its input and output tensors, and its attributes.
 *
 * @param name unique node name
 * @param op what it computes
 * @param inputs input tensor names, in the order {@link OpKind} documents
 * @param outputs output tensor names (every op in this IR has exactly one)
 * @param attributes attributes (kernel, strides, pads, group, axis, clamp)
 */
public record Node(
        String name, OpKind op, List<String> inputs, List<String> outputs, Attributes attributes) {
    /** Validates and copies the lists. */
    public Node {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(attributes, "attributes");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("node name must not be empty");
        }
        if (inputs.isEmpty() || outputs.size() != 1) {
            throw new IllegalArgumentException(
                    "node '"
                            + name
                            + "' ("
                            + op
                            + ") needs >= 1 input and exactly 1 output, got "
                            + inputs.size()
                            + " inputs and "
                            + outputs.size()
                            + " outputs");
        }
    }

    /** Convenience constructor for the common single-output case. */
    public Node(String name, OpKind op, List<String> inputs, String output, Attributes attributes) {
        this(name, op, inputs, List.of(output), attributes);
    }

    /** The single output tensor name. */
    public String output() {
        return outputs.get(0);
    }

    /** Input tensor name {@code i}. */
    public String input(int i) {
        return inputs.get(i);
    }

    /** Copy with other attributes. */
    public Node withAttributes(Attributes a) {
        return new Node(name, op, inputs, outputs, a);
    }

    /** Copy with other inputs. */
    public Node withInputs(List<String> newInputs) {
        return new Node(name, op, newInputs, outputs, attributes);
    }

    /** Copy with another output tensor. */
    public Node withOutput(String newOutput) {
        return new Node(name, op, inputs, List.of(newOutput), attributes);
    }
}
