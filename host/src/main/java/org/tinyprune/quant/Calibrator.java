package org.tinyprune.quant;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphRunner;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.Tensor;

/**
 * Observes the output of every node of a (folded) graph in eval mode over calibration batches and
 * turns the observations into {@link ActivationRange}s.
 */
public final class Calibrator {

    private final Graph graph;
    private final QuantOptions options;
    private final GraphRunner runner;
    private final Map<String, RangeObserver> observers = new LinkedHashMap<>();
    private int batches;

    /**
     * A calibrator for one graph.
     *
     * @param graph the graph to observe (normally {@link BatchNormFolder#fold folded})
     * @param options calibration options
     */
    public Calibrator(Graph graph, QuantOptions options) {
        this.graph = graph;
        this.options = options;
        this.runner = new GraphRunner(graph);
        long seed = options.seed();
        for (Node n : graph.nodes()) {
            int capacity =
                    options.method() == CalibrationMethod.MIN_MAX ? 0 : options.samplesPerTensor();
            observers.put(n.name(), new RangeObserver(capacity, options.maxBatches(), seed++));
        }
    }

    /**
     * Runs one batch and records every node's output.
     *
     * @param batch NCHW (or NF) input batch
     * @return false once {@link QuantOptions#maxBatches()} batches were observed (this one ignored)
     */
    public boolean observe(Tensor batch) {
        if (batches >= options.maxBatches()) {
            return false;
        }
        runner.forward(new Tensor[] {batch}, false);
        for (Node n : graph.nodes()) {
            Tensor out = runner.output(n.name());
            observers.get(n.name()).observe(out.data(), out.size());
        }
        batches++;
        return true;
    }

    /** Number of batches observed. */
    public int batches() {
        return batches;
    }

    /**
     * The calibrated range of every node's output, by node name.
     *
     * @return ranges in topological order
     * @throws IllegalStateException if no batch was observed
     */
    public Map<String, ActivationRange> ranges() {
        Map<String, ActivationRange> r = new LinkedHashMap<>();
        observers.forEach(
                (name, o) -> r.put(name, o.range(options.method(), options.percentile())));
        return r;
    }
}
