package org.tinyprune.zoo;

import java.util.Iterator;
import java.util.Map;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.Param;

/**
 * The size of a zoo network at a width multiplier, found <em>before</em> building it there, so a
 * width that would exhaust memory is refused with a message instead of an {@link OutOfMemoryError}.
 *
 * <p>The architecture is built twice at sizes that cost nothing: at width 1.0 with channel multiple
 * 1 (every scaled dimension at its reference count) and at a vanishing width (every scaled count at
 * 1, so a dimension of k scaled counts at k). A dimension that differs between the two scales with
 * the width: k at vanishing width and r at reference width is taken as k times {@link
 * ModelConfig#scaled the scaled count} of r / k, which is exact for a plain width and for an
 * expansion factor times a width; the others are taken as built. A sum of different scaled counts
 * (a concatenation) is estimated within the channel rounding.
 *
 * @param model architecture name
 * @param widthMultiplier the width the figures are for
 * @param params trainable parameter values
 * @param activations per-sample output elements of all nodes (what training keeps for the backward
 *     pass)
 * @param largestParam name of the largest parameter array ({@code node.param})
 * @param largestParamValues its number of values
 */
public record ZooFootprint(
        String model,
        double widthMultiplier,
        double params,
        double activations,
        String largestParam,
        double largestParamValues) {
    private static final double VANISHING = 1e-9;

    /**
     * Estimates a zoo network's size without building it at {@code config}'s width.
     *
     * @param name a registered architecture
     * @param config input shape, classes, width and channel multiple
     * @return the figures
     * @throws IllegalArgumentException if the name is unknown or the input too small
     */
    public static ZooFootprint estimate(String name, ModelConfig config) {
        Architecture a = Zoo.architecture(name);
        Graph reference = a.build(config.withWidth(1.0).withChannelMultiple(1));
        Graph collapsed = a.build(config.withWidth(VANISHING).withChannelMultiple(1));
        double params = 0;
        String largest = "";
        double largestValues = 0;
        Iterator<Map.Entry<String, Param>> c = collapsed.params().entrySet().iterator();
        for (Map.Entry<String, Param> r : reference.params().entrySet()) {
            Param p = r.getValue();
            double values = values(p.shape(), c.next().getValue().shape(), config);
            params += p.trainable() ? values : 0;
            if (values > largestValues) {
                largest = r.getKey();
                largestValues = values;
            }
        }
        double activations = 0;
        for (Node n : reference.nodes()) {
            activations += values(reference.shape(n.name()), collapsed.shape(n.name()), config);
        }
        return new ZooFootprint(
                name, config.widthMultiplier(), params, activations, largest, largestValues);
    }

    /**
     * Elements of a shape at the configured width, from the shape at reference and vanishing width.
     */
    private static double values(int[] atReference, int[] atVanishing, ModelConfig config) {
        double n = 1;
        for (int i = 0; i < atReference.length; i++) {
            int k = atVanishing[i];
            n *=
                    k < atReference[i]
                            ? k * config.scaled((double) atReference[i] / k)
                            : atReference[i];
        }
        return n;
    }

    /**
     * Bytes training needs at least: each parameter's value, gradient and momentum (three floats)
     * and, per sample of a batch, every node's output and its gradient (two floats per element).
     *
     * @param batchSize samples per mini-batch
     * @return the estimate in bytes
     */
    public double trainingBytes(int batchSize) {
        return 12 * params + 8 * activations * batchSize;
    }
}
