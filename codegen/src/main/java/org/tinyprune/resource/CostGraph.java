package org.tinyprune.resource;

import java.util.ArrayList;
import java.util.List;

/**
 * A network reduced to what its resources depend on: activation tensors (channels × height ×
 * width, bytes per element) and layers in execution order. Channel counts are {@link Channels}
 * expressions over a vector of variables, so one graph serves every candidate width.
 */
public final class CostGraph {
    /**
     * An activation tensor.
     *
     * @param name         name, for reports
     * @param channels     its channel count
     * @param height       spatial height (1 for flat vectors)
     * @param width        spatial width (1 for flat vectors)
     * @param elementBytes bytes per element (1 for int8, 4 for float32)
     */
    public record TensorInfo(String name, Channels channels, int height, int width, int elementBytes) {
        /** Bytes of the tensor for the given channel variables. */
        public double bytes(double[] counts) {
            return channels.value(counts) * height * width * elementBytes;
        }

        /** Elements of the tensor for the given channel variables. */
        public double elements(double[] counts) {
            return channels.value(counts) * height * width;
        }
    }

    private final List<TensorInfo> tensors;
    private final List<CostLayer> layers;
    private final int input;
    private final int output;
    private final int variables;

    /**
     * @param tensors   the tensors; ids are list positions
     * @param layers    the layers in execution order
     * @param input     id of the network input tensor
     * @param output    id of the network output tensor
     * @param variables number of channel variables the expressions use
     */
    public CostGraph(List<TensorInfo> tensors, List<CostLayer> layers, int input, int output, int variables) {
        this.tensors = List.copyOf(tensors);
        this.layers = List.copyOf(layers);
        this.input = input;
        this.output = output;
        this.variables = variables;
        check();
    }

    private void check() {
        boolean[] defined = new boolean[tensors.size()];
        defined[input] = true;
        for (CostLayer l : layers) {
            for (int in : l.inputs()) {
                if (!defined[in]) {
                    throw new IllegalArgumentException("layer '" + l.name() + "' reads tensor '"
                            + tensors.get(in).name() + "' before any layer writes it");
                }
            }
            defined[l.output()] = true;
        }
        if (!defined[output]) {
            throw new IllegalArgumentException("no layer writes the output tensor '" + tensors.get(output).name() + "'");
        }
    }

    /** The tensors, indexed by id. */
    public List<TensorInfo> tensors() {
        return tensors;
    }

    /** The layers in execution order. */
    public List<CostLayer> layers() {
        return layers;
    }

    /** Id of the input tensor. */
    public int input() {
        return input;
    }

    /** Id of the output tensor. */
    public int output() {
        return output;
    }

    /** Number of channel variables. */
    public int variables() {
        return variables;
    }

    /** The same graph with its layers executed in {@code order} (a permutation of layer indices). */
    public CostGraph reordered(int[] order) {
        List<CostLayer> l = new ArrayList<>();
        for (int i : order) {
            l.add(layers.get(i));
        }
        return new CostGraph(tensors, l, input, output, variables);
    }
}
