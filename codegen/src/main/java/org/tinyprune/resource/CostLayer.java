package org.tinyprune.resource;

import java.util.List;

/**
 * One layer as the resource model sees it: what it computes, the tensors it reads and writes,
 * and the geometry that with the channel counts fixes its costs.
 *
 * @param name    the layer's name (traceable to the network node)
 * @param op      what it computes
 * @param inputs  ids of the tensors it reads
 * @param output  id of the tensor it writes
 * @param kernelH kernel height (1 for non-windowed ops)
 * @param kernelW kernel width
 */
public record CostLayer(String name, CostOp op, List<Integer> inputs, int output, int kernelH, int kernelW) {
    /** Canonical constructor: copies the input list. */
    public CostLayer {
        inputs = List.copyOf(inputs);
    }
}
