package org.tinyprune.nn;

import java.util.List;

/**
 * Executes a {@link Graph}: a forward pass in training or eval mode that keeps every node's output,
 * then reverse-mode differentiation that visits nodes in reverse topological order, sums the
 * gradients of a node read by several consumers (fan-out), and leaves parameter gradients in {@link
 * Param#grads()}. Buffers are kept between calls, so a steady training loop allocates nothing per
 * step.
 *
 * <p>One runner serves one thread at a time.
 */
public final class GraphRunner {
    private final Graph graph;
    private Tensor[] outputs = new Tensor[0];
    private Tensor[][] nodeInputs = new Tensor[0][];
    private Tensor[] grads = new Tensor[0];
    private boolean[] owned = new boolean[0];
    private Tensor[] accum = new Tensor[0];
    private boolean[] needsGrad = new boolean[0];
    private boolean[][] needInput = new boolean[0][];
    private boolean lastTraining;

    /** A runner for {@code graph} (which may later change through {@link Graph#replace}). */
    public GraphRunner(Graph graph) {
        this.graph = graph;
    }

    /** The graph being run. */
    public Graph graph() {
        return graph;
    }

    /**
     * Runs every node in order and returns the output node's value (a buffer reused by the next
     * call: copy it to keep it).
     *
     * @param inputs one batched tensor per graph input, in {@link Graph#inputNames()} order
     */
    public Tensor forward(Tensor[] inputs, boolean training) {
        List<Node> nodes = graph.nodes();
        List<String> inputNames = graph.inputNames();
        if (inputs.length != inputNames.size()) {
            throw new IllegalArgumentException(
                    "graph "
                            + graph.name()
                            + " has "
                            + inputNames.size()
                            + " input(s) "
                            + inputNames
                            + ", got "
                            + inputs.length
                            + " tensor(s)");
        }
        resize(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            Tensor[] in;
            if (node.inputs().isEmpty()) {
                in = new Tensor[] {inputs[inputNames.indexOf(node.name())]};
                needsGrad[i] = false;
            } else {
                in =
                        nodeInputs[i] != null && nodeInputs[i].length == node.inputs().size()
                                ? nodeInputs[i]
                                : new Tensor[node.inputs().size()];
                boolean any = false;
                for (Param p : node.layer().params()) {
                    any |= p.trainable();
                }
                for (int k = 0; k < in.length; k++) {
                    int src = graph.indexOf(node.inputs().get(k));
                    in[k] = outputs[src];
                    any |= needsGrad[src];
                }
                needsGrad[i] = any;
            }
            nodeInputs[i] = in;
            outputs[i] = node.layer().forward(in, training);
        }
        lastTraining = training;
        return outputs[graph.indexOf(graph.outputName())];
    }

    /** The output of node {@code name} from the last forward pass (a live buffer). */
    public Tensor output(String name) {
        return outputs[graph.indexOf(name)];
    }

    /**
     * Back-propagates {@code gradOutput} (dLoss/dOutput, same shape as the last forward output) and
     * adds every trainable param's gradient into {@link Param#grads()}. Call {@link #zeroGrads()}
     * first unless gradients should accumulate over several batches.
     */
    public void backward(Tensor gradOutput) {
        List<Node> nodes = graph.nodes();
        int out = graph.indexOf(graph.outputName());
        if (outputs.length != nodes.size() || outputs[out] == null) {
            throw new IllegalStateException(
                    "backward called before forward on graph " + graph.name());
        }
        if (!gradOutput.hasShape(outputs[out].shape())) {
            throw new IllegalArgumentException(
                    "output gradient has shape "
                            + Shapes.str(gradOutput.shape())
                            + " but the output is "
                            + Shapes.str(outputs[out].shape()));
        }
        if (!lastTraining) {
            throw new IllegalStateException(
                    "backward needs a training-mode forward pass (forward(x, true))");
        }
        java.util.Arrays.fill(grads, null);
        java.util.Arrays.fill(owned, false);
        grads[out] = gradOutput;
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node node = nodes.get(i);
            if (grads[i] == null || !needsGrad[i] || node.inputs().isEmpty()) {
                continue;
            }
            boolean[] need =
                    needInput[i] != null && needInput[i].length == node.inputs().size()
                            ? needInput[i]
                            : (needInput[i] = new boolean[node.inputs().size()]);
            for (int k = 0; k < need.length; k++) {
                need[k] = needsGrad[graph.indexOf(node.inputs().get(k))];
            }
            Tensor[] in = node.layer().backward(nodeInputs[i], outputs[i], grads[i], need);
            for (int k = 0; k < need.length; k++) {
                if (need[k]) {
                    accumulate(graph.indexOf(node.inputs().get(k)), in[k]);
                }
            }
        }
    }

    /** Zeroes every param gradient of the graph. */
    public void zeroGrads() {
        for (Param p : graph.params().values()) {
            p.zeroGrad();
        }
    }

    private void accumulate(int node, Tensor g) {
        if (grads[node] == null) {
            grads[node] = g;
            return;
        }
        if (!owned[node]) {
            accum[node] = Tensor.reuse(accum[node], g.shape());
            System.arraycopy(grads[node].data(), 0, accum[node].data(), 0, g.size());
            grads[node] = accum[node];
            owned[node] = true;
        }
        float[] a = grads[node].data();
        float[] b = g.data();
        for (int j = 0, n = g.size(); j < n; j++) {
            a[j] += b[j];
        }
    }

    private void resize(int n) {
        if (outputs.length != n) {
            outputs = new Tensor[n];
            nodeInputs = new Tensor[n][];
            grads = new Tensor[n];
            owned = new boolean[n];
            accum = new Tensor[n];
            needsGrad = new boolean[n];
            needInput = new boolean[n][];
        }
    }
}
