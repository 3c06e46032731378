package org.tinyprune.resource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.plan.Buffers;
import org.tinyprune.plan.MemoryPlan;
import org.tinyprune.plan.MemoryPlanner;
import org.tinyprune.plan.Schedule;
import org.tinyprune.plan.StreamChain;

/**
 * Flash, SRAM, MACs and latency of a graph structure as functions of its channel counts (one
 * variable per {@link ChannelSpace} entry). The structure is fixed at construction from the graph's
 * {@link MemoryPlan} (the one the code generator allocates): layer shapes apart from channels, the
 * execution order, in-place decisions, and the arena layout. Then {@link #evaluate(double[])}
 * computes every figure with its gradient; called with the graph's own (integer) counts it
 * reproduces exactly the bytes the planner and the C emitter produce.
 *
 * <p>The arena is the plan's, not its lower bound: the planner's placement is kept as a stacking
 * order (of two blocks live at a common step, the one at the lower offset lies below the other),
 * and each block's offset is the highest end of the blocks below it (plus the gap the planner left,
 * zero for the greedy planner). At the graph's own counts that is exactly the planner's offsets and
 * {@code TP_MODEL_ARENA_BYTES}; at other counts it is a valid layout of the same structure, whose
 * gradient is the slope of the chain of blocks that sets the arena's top.
 */
public final class ResourceModel {
    private final Graph graph;
    private final Schedule schedule;
    private final Overheads overheads;
    private final ChannelSpace space;
    private final List<LayerCost> costs = new ArrayList<>();
    private final Map<Integer, String> bufferTensor = new HashMap<>();

    /**
     * The plan's blocks by increasing offset, each with the blocks below it and the gap left under
     * it.
     */
    private final List<MemoryPlan.Block> blocks;

    private final int[][] below;
    private final int[] gap;

    /**
     * Layers with a cost-model key and a call of their own in the generated run function: a
     * streamed chain's layers after its first run inside the driver's call, so they add nothing to
     * its frame.
     */
    private final int calledLayers;

    /**
     * Flash of the layers' code and the kernels they link: fixed by the structure, not the counts.
     */
    private final double codeBytes;

    /** The plan's streamed chains, for messages ({@link MemoryPlan#streamSummary}). */
    private final String streamSummary;

    private ResourceModel(Graph graph, MemoryPlan plan, Overheads overheads) {
        this.graph = graph;
        this.schedule = plan.schedule();
        this.overheads = overheads;
        this.space = new ChannelSpace(graph);
        this.streamSummary = plan.streamSummary();
        Buffers b = schedule.buffers();
        for (int buf = 0; buf < b.count(); buf++) {
            bufferTensor.put(buf, b.tensorOf(buf));
        }
        List<String> keys = new ArrayList<>();
        List<String> kernelKeys = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int inChains = 0;
        for (int index : schedule.order()) {
            Node n = graph.nodes().get(index);
            StreamChain chain = b.chainOf(index);
            LayerCost lc =
                    chain != null && chain.head() == index
                            ? LayerCost.streamed(graph, chain, space)
                            : new LayerCost(graph, n, space, b.runsInPlace(n));
            costs.add(lc);
            if (lc.key() != null) {
                inChains += chain != null && chain.head() != index ? 1 : 0;
                keys.add(lc.key());
                kernelKeys.add(lc.kernelKey());
                names.add(n.name());
            }
        }
        calledLayers = keys.size() - inChains;
        if (!b.streams().isEmpty()) {
            // the driver only: its layers' kernels are the chain members' own keys (generated code
            // passes them as function pointers, so an unused kind is not linked)
            kernelKeys.add(LayerCost.STREAM_KERNEL);
        }
        codeBytes = overheads.code().bytes(keys, kernelKeys, names);
        blocks =
                plan.blocks().stream()
                        .sorted(Comparator.comparingInt(MemoryPlan.Block::offset))
                        .toList();
        below = new int[blocks.size()][];
        gap = new int[blocks.size()];
        for (int j = 0; j < blocks.size(); j++) {
            MemoryPlan.Block bj = blocks.get(j);
            List<Integer> under = new ArrayList<>();
            int top = 0;
            for (int i = 0; i < j; i++) {
                MemoryPlan.Block bi = blocks.get(i);
                if (bi.overlapsInTime(bj) && bi.offset() < bj.offset()) {
                    under.add(i);
                    top = Math.max(top, bi.offset() + bi.bytes());
                }
            }
            below[j] = under.stream().mapToInt(Integer::intValue).toArray();
            gap[j] = bj.offset() - top;
        }
    }

    /**
     * The model of {@code graph} under the plan the code generator makes for it ({@link
     * MemoryPlanner}).
     */
    public static ResourceModel of(Graph graph, Overheads overheads) {
        return of(new MemoryPlanner().plan(graph), overheads);
    }

    /** The model of a graph under a given memory plan (the one the code generator used). */
    public static ResourceModel of(MemoryPlan plan, Overheads overheads) {
        return new ResourceModel(plan.schedule().buffers().graph(), plan, overheads);
    }

    /**
     * The chains the priced plan streams, e.g. {@code "streamed conv1_1..pool1 (3 layers)"}, or an
     * empty string when it runs every layer whole.
     */
    public String streamSummary() {
        return streamSummary;
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
            throw new IllegalArgumentException(
                    "expected "
                            + space.variables().size()
                            + " channel counts, got "
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
            OpCoefficients k = lc.key() == null ? null : overheads.coefficients(lc.key());
            Dual cyc =
                    k == null
                            ? Dual.constant(0, v)
                            : k.cycles(
                                    lc.latencyMacs(counts),
                                    lc.outputs(counts),
                                    lc.inputs(counts),
                                    lc.pixels(),
                                    lc.tailMacs(counts),
                                    lc.oddChannelPixels(counts));
            if (k == null && lc.key() != null) {
                unpredicted.add(n.name());
            }
            constants = constants.plus(bytes);
            macs = macs.plus(m);
            cycles = cycles.plus(cyc);
            layers.add(
                    new ResourceEstimate.Layer(
                            n.name(), lc.key(), m.value(), cyc.value(), bytes.value()));
        }
        Dual arena = arena(counts);
        Dual flash = constants.plus(overheads.runtimeFlashBytes() + codeBytes);
        double stack =
                overheads.stackBytes()
                        + overheads.stackBytesPerLayer() * calledLayers
                        + overheads.interruptFrameBytes()
                        + (streamSummary.isEmpty() ? 0 : overheads.streamFrameBytes());
        Dual sram = arena.plus(stack + overheads.runtimeSramBytes());
        if (overheads.inputCopy()) {
            for (String in : graph.inputs()) {
                sram =
                        sram.plus(
                                space.elements(in, counts).times(graph.tensor(in).dtype().bytes()));
            }
        }
        return new ResourceEstimate(
                flash, constants, arena, sram, macs, cycles, layers, unpredicted, stack);
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
            f[LayerFeatures.TAIL_MACS] = lc.tailMacs(counts).value();
            f[LayerFeatures.ODD_CHANNEL_PIXELS] = lc.oddChannelPixels(counts);
            out.add(
                    new LayerFeatures(
                            graph.nodes().get(order[s]).name(), lc.key(), f, lc.kernelKey()));
        }
        return out;
    }

    /** Features at the graph's own channel counts. */
    public List<LayerFeatures> features() {
        return features(space.baseline());
    }

    /**
     * The planned arena: blocks stacked in the planner's order, each starting where the highest
     * block below it ends (plus the planner's gap), the arena ending at the highest block's end.
     */
    private Dual arena(double[] counts) {
        Buffers b = schedule.buffers();
        Dual[] slotBytes = new Dual[b.count()];
        for (int buf = 0; buf < b.count(); buf++) {
            String t = bufferTensor.get(buf);
            Dual bytes = space.elements(t, counts).times(graph.tensor(t).dtype().bytes()).ceilTo(4);
            int root = schedule.slotOf(buf);
            slotBytes[root] = slotBytes[root] == null ? bytes : slotBytes[root].max(bytes);
        }
        Dual[] end = new Dual[blocks.size()];
        Dual top = Dual.constant(0, counts.length);
        for (int j = 0; j < blocks.size(); j++) {
            MemoryPlan.Block bj = blocks.get(j);
            Dual offset = Dual.constant(0, counts.length);
            for (int i : below[j]) {
                offset = offset.max(end[i]);
            }
            Dual size =
                    bj.slot() >= 0 ? slotBytes[bj.slot()] : costs.get(bj.first()).scratch(counts);
            end[j] = offset.plus(gap[j]).plus(size);
            top = top.max(end[j]);
        }
        return top;
    }
}
