package org.tinyprune.resource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.plan.Buffers;
import org.tinyprune.plan.MinPeakOrder;
import org.tinyprune.plan.Schedule;

/**
 * Flash, SRAM, MACs and latency of a graph structure as functions of its channel counts (one
 * variable per {@link ChannelSpace} entry). The structure is fixed at construction: layer shapes
 * apart from channels, the execution order and in-place decisions of a {@link Schedule}. Then
 * {@link #evaluate(double[])} computes every figure with its gradient; called with the graph's
 * own (integer) counts it reproduces exactly the bytes the planner and the C emitter produce.
 *
 * <p>SRAM is the lower bound of the plan (maximum over steps of live activation and scratch
 * bytes); the planner's arena equals it whenever its offset assignment is tight, which
 * {@link org.tinyprune.plan.MemoryPlan} reports.
 */
public final class ResourceModel {
    private final Graph graph;
    private final Schedule schedule;
    private final Overheads overheads;
    private final ChannelSpace space;
    private final List<LayerCost> costs = new ArrayList<>();
    private final Map<Integer, String> bufferTensor = new HashMap<>();

    private ResourceModel(Graph graph, Schedule schedule, Overheads overheads) {
        this.graph = graph;
        this.schedule = schedule;
        this.overheads = overheads;
        this.space = new ChannelSpace(graph);
        Buffers b = schedule.buffers();
        for (String in : graph.inputs()) {
            bufferTensor.putIfAbsent(b.bufferOf(in), in);
        }
        for (Node n : graph.nodes()) {
            bufferTensor.putIfAbsent(b.bufferOf(n.output()), n.output());
        }
        for (int index : schedule.order()) {
            costs.add(new LayerCost(graph, graph.nodes().get(index), space));
        }
    }

    /** The model of {@code graph} under its minimum-peak execution order. */
    public static ResourceModel of(Graph graph, Overheads overheads) {
        return new ResourceModel(graph, new MinPeakOrder().order(new Buffers(graph)), overheads);
    }

    /** The model of a graph under a given schedule (the one the code generator used). */
    public static ResourceModel of(Schedule schedule, Overheads overheads) {
        return new ResourceModel(schedule.buffers().graph(), schedule, overheads);
    }

    /** The channel variables. */
    public ChannelSpace channels() {
        return space;
    }

    /** Evaluates at the graph's own channel counts. */
    public ResourceEstimate evaluate() {
        return evaluate(space.baseline());
    }

    /** Evaluates at {@code counts} (one per channel variable; real values allowed). */
    public ResourceEstimate evaluate(double[] counts) {
        if (counts.length != space.variables().size()) {
            throw new IllegalArgumentException("expected " + space.variables().size() + " channel counts, got "
                    + counts.length);
        }
        int v = counts.length;
        Dual constants = Dual.constant(0, v);
        Dual macs = Dual.constant(0, v);
        Dual cycles = Dual.constant(0, v);
        List<ResourceEstimate.Layer> layers = new ArrayList<>();
        List<String> unpredicted = new ArrayList<>();
        int[] order = schedule.order();
        for (int s = 0; s < order.length; s++) {
            LayerCost lc = costs.get(s);
            Node n = graph.nodes().get(order[s]);
            Dual m = lc.macs(counts);
            Dual bytes = lc.constantBytes(counts);
            OpCoefficients k = lc.key() == null ? null : overheads.ops().get(lc.key());
            Dual cyc = k == null ? Dual.constant(0, v) : k.cycles(lc.latencyMacs(counts), lc.outputs(counts), lc.inputs(counts), lc.pixels());
            if (k == null && lc.key() != null) {
                unpredicted.add(n.name());
            }
            constants = constants.plus(bytes);
            macs = macs.plus(m);
            cycles = cycles.plus(cyc);
            layers.add(new ResourceEstimate.Layer(n.name(), lc.key(), m.value(), cyc.value(), bytes.value()));
        }
        Dual arena = arena(counts);
        int priced = pricedLayers();
        Dual flash = constants.plus(overheads.runtimeFlashBytes() + overheads.flashBytesPerLayer() * priced);
        Dual sram = arena.plus(overheads.stackBytes() + overheads.runtimeSramBytes()
                + overheads.stackBytesPerLayer() * priced);
        if (overheads.inputCopy()) {
            for (String in : graph.inputs()) {
                sram = sram.plus(space.elements(in, counts).times(graph.tensor(in).dtype().bytes()));
            }
        }
        return new ResourceEstimate(flash, constants, arena, sram, macs, cycles, layers, unpredicted);
    }

    /**
     * The latency features of every layer at {@code counts}, in execution order: what the
     * coefficients of {@link Overheads#ops()} multiply, and what calibration fits them to.
     */
    public List<LayerFeatures> features(double[] counts) {
        List<LayerFeatures> out = new ArrayList<>();
        int[] order = schedule.order();
        for (int s = 0; s < order.length; s++) {
            LayerCost lc = costs.get(s);
            double[] f = new double[LayerFeatures.COUNT];
            f[LayerFeatures.MACS] = lc.latencyMacs(counts).value();
            f[LayerFeatures.OUTPUT] = lc.outputs(counts).value();
            f[LayerFeatures.INPUT] = lc.inputs(counts).value();
            f[LayerFeatures.CONSTANT] = 1;
            f[LayerFeatures.PIXELS] = lc.pixels();
            out.add(new LayerFeatures(graph.nodes().get(order[s]).name(), lc.key(), f));
        }
        return out;
    }

    /** Features at the graph's own channel counts. */
    public List<LayerFeatures> features() {
        return features(space.baseline());
    }

    /** Layers with a cost-model key (the ones the generated code calls a kernel for). */
    private int pricedLayers() {
        int k = 0;
        for (LayerCost lc : costs) {
            k += lc.key() == null ? 0 : 1;
        }
        return k;
    }

    /** Maximum over steps of live slot bytes plus the step's scratch. */
    private Dual arena(double[] counts) {
        Buffers b = schedule.buffers();
        int steps = schedule.order().length;
        Dual[] live = new Dual[steps];
        for (int s = 0; s < steps; s++) {
            live[s] = costs.get(s).scratch(counts);
        }
        Dual[] slotBytes = new Dual[b.count()];
        for (int buf = 0; buf < b.count(); buf++) {
            String t = bufferTensor.get(buf);
            Dual bytes = space.elements(t, counts).times(graph.tensor(t).dtype().bytes()).ceilTo(4);
            int root = schedule.slotOf(buf);
            slotBytes[root] = slotBytes[root] == null ? bytes : slotBytes[root].max(bytes);
        }
        for (int root = 0; root < b.count(); root++) {
            if (slotBytes[root] == null || schedule.slotOf(root) != root) {
                continue;
            }
            int[] r = schedule.slotRange(root);
            for (int s = r[0]; s <= r[1] && s < steps; s++) {
                live[s] = live[s].plus(slotBytes[root]);
            }
        }
        Dual peak = Dual.constant(0, counts.length);
        for (Dual d : live) {
            peak = peak.max(d);
        }
        return peak;
    }
}
