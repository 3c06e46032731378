package org.tinyprune.zoo;

import org.tinyprune.nn.Graph;

/**
 * One zoo network family. Implementations are stateless; {@link #build} returns a new,
 * uninitialised graph (call {@link Graph#init(long)} to draw weights).
 */
public interface Architecture {

    /**
     * @return the registry name, e.g. {@code resnet8}
     */
    String name();

    /**
     * @return one line saying what the network is and where its shape comes from
     */
    String description();

    /**
     * Builds the network.
     *
     * @param config input shape, classes and width
     * @return the graph, named after the architecture, with one input node {@code input} and the
     *     logits as output
     * @throws IllegalArgumentException if the input is too small for the network's downsampling
     */
    Graph build(ModelConfig config);
}
