package org.tinyprune.nn;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One operation of a network. A layer holds its configuration (read through getters by the ONNX
 * exporter, quantiser and pruner), its {@link Param}s, and the reusable buffers of its forward and
 * backward passes. It knows nothing of its name or its inputs: the {@link Node} that wraps it in a
 * {@link Graph} does.
 *
 * <h2>Life cycle</h2>
 *
 * <ol>
 *   <li><b>build</b> — constructed with its configuration (channel counts, kernel, stride...),
 *       usually through {@link GraphBuilder}, which infers input channels from the graph; {@link
 *       #outputShape} validates the input shapes.
 *   <li><b>init</b> — {@link #init(SplittableRandom)} draws initial weights from a seeded generator
 *       (He/Kaiming for conv and dense), so the same seed gives the same network.
 *   <li><b>train</b> — {@link #forward(Tensor[], boolean)} with {@code training = true}, then
 *       {@link #backward} which returns the input gradients and adds parameter gradients into
 *       {@link Param#grads()}; an optimizer then updates {@link Param#values()}.
 *   <li><b>prune</b> — {@link #channelFlow} says how the layer maps channels (the pruner finds
 *       coupling groups from it); {@link #keepChannels} returns a new, smaller layer keeping chosen
 *       channels, which the pruner builds a smaller graph from.
 *   <li><b>quantise / export</b> — read-only: configuration getters, {@link #params()} and {@link
 *       #forward} in eval mode.
 * </ol>
 *
 * <p>To add an operation, extend this class: implement {@link #kind}, {@link #outputShape}, {@link
 * #forward} and {@link #backward}; override {@link #params}, {@link #init} and {@link #macs} when
 * the layer has weights. Shapes passed to {@link #outputShape} are per sample (no batch dimension);
 * tensors passed to {@link #forward} carry the batch as dimension 0.
 */
public abstract class Layer {

    /** The operation name, e.g. {@code Conv2d} (used in messages and reports). */
    public abstract String kind();

    /** Number of inputs this layer takes, or -1 for two or more (Add, Concat). */
    public int arity() {
        return 1;
    }

    /**
     * The per-sample output shape for the given per-sample input shapes.
     *
     * @throws IllegalArgumentException naming the mismatch if the inputs do not fit this layer
     */
    public abstract int[] outputShape(List<int[]> inputShapes);

    /** This layer's params in a fixed order (empty if it has none). */
    public List<Param> params() {
        return List.of();
    }

    /** Draws initial values for the params from {@code rng}; layers without weights do nothing. */
    public void init(SplittableRandom rng) {}

    /** Multiply-accumulate operations per sample for the given per-sample input shapes. */
    public long macs(List<int[]> inputShapes) {
        return 0;
    }

    /**
     * How this layer's output channels follow from its inputs' channels, for pruning. The default,
     * {@link ChannelFlow#UNKNOWN}, makes the pruner keep every channel around the layer whole (and
     * say so in its report); a layer that maps channels one to one declares {@link
     * ChannelFlow#CHANNEL_WISE}, and so on.
     *
     * @param inputShapes the per-sample input shapes (some layers' flow depends on them)
     */
    public ChannelFlow channelFlow(List<int[]> inputShapes) {
        return ChannelFlow.UNKNOWN;
    }

    /**
     * A copy of this layer for a pruned network, keeping positions {@code keepIn} of its first
     * input's channels (or features) and {@code keepOut} of its output's, each ascending. Called by
     * the pruner for every layer, also when nothing is removed around it, so the pruned graph never
     * shares params with the original. The default returns this layer itself: right for layers
     * whose configuration does not depend on channel counts and that have no params; a layer with
     * either overrides it.
     *
     * @throws IllegalArgumentException when the layer cannot keep that selection (naming why)
     */
    public Layer keepChannels(int[] keepIn, int[] keepOut) {
        return this;
    }

    /**
     * Computes the output. The returned tensor may be a buffer owned by this layer (overwritten by
     * the next call) or a view of an input.
     *
     * @param inputs batched inputs, NCHW or NF
     * @param training true in training mode (batch statistics, dropout active)
     */
    public abstract Tensor forward(Tensor[] inputs, boolean training);

    /**
     * Back-propagates: returns the gradient of the loss with respect to each input (entry {@code i}
     * may be null when {@code needInputGrad[i]} is false) and adds the gradient with respect to
     * each trainable param into {@link Param#grads()}. Must be called right after the {@link
     * #forward} (training mode) that produced {@code output}.
     */
    public abstract Tensor[] backward(
            Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needInputGrad);

    /** Checks that there is exactly {@code n} input shapes. */
    protected void expectInputs(List<int[]> inputShapes, int n) {
        if (inputShapes.size() != n) {
            throw new IllegalArgumentException(
                    kind() + " takes " + n + " input(s), got " + inputShapes.size());
        }
    }

    /** Checks that a per-sample input shape is C×H×W with {@code channels} channels (-1: any). */
    protected static int[] expectImage(String kind, int[] s, int channels) {
        if (s.length != 3) {
            throw new IllegalArgumentException(
                    kind
                            + " needs a C×H×W input, got "
                            + Shapes.str(s)
                            + "; insert Flatten/GlobalAvgPool only before Dense");
        }
        if (channels >= 0 && s[0] != channels) {
            throw new IllegalArgumentException(
                    kind
                            + " expects "
                            + channels
                            + " input channels, got "
                            + s[0]
                            + " (input shape "
                            + Shapes.str(s)
                            + ")");
        }
        return s;
    }

    @Override
    public String toString() {
        return kind();
    }
}
