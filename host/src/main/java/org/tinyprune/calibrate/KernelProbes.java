package org.tinyprune.calibrate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;

/**
 * One-layer networks, one per cost-model op key, built (never run) so the linker map of each shows
 * the kernel code that op links: its sections minus those every probe links (the runtime's) are
 * what a model pays when it uses the op. The name of each probe is {@code probe-<op>}.
 */
final class KernelProbes {
    /** Op keys, each with the layer that exercises it on a 4×8×8 input. */
    private static final List<Probe> PROBES =
            List.of(
                    new Probe("conv", b -> b.conv("conv", 8, 3, 1, 1)),
                    new Probe("conv1x1", b -> b.pointwise("conv1x1", 8)),
                    new Probe("depthwise", b -> b.depthwise("depthwise", 3, 1, 1)),
                    new Probe("dense", b -> b.flatten("flat").dense("dense", 10)),
                    new Probe("maxpool", b -> b.maxPool("maxpool", 2, 2, 0)),
                    new Probe("avgpool", b -> b.avgPool("avgpool", 2, 2, 0)),
                    new Probe("global_avgpool", b -> b.globalAvgPool("global_avgpool")),
                    new Probe("add", b -> b.add("add", "input", "input")),
                    new Probe("concat", b -> b.concat("concat", "input", "input")));

    private static final String PREFIX = "probe-";

    private record Probe(String op, UnaryOperator<GraphBuilder> layer) {}

    private KernelProbes() {}

    /** The probes, initialised from {@code seed}. */
    static List<BenchNet> of(long seed) {
        List<BenchNet> out = new ArrayList<>();
        for (Probe p : PROBES) {
            Graph g = p.layer().apply(Graph.builder(name(p.op())).input("input", 4, 8, 8)).build();
            g.init(seed);
            out.add(new BenchNet(name(p.op()), g, false));
        }
        return out;
    }

    /** The suite name of the probe of {@code op}. */
    static String name(String op) {
        return PREFIX + op;
    }

    /** The op of a probe name, or null when {@code net} is not a probe. */
    static String op(String net) {
        return net.startsWith(PREFIX) ? net.substring(PREFIX.length()) : null;
    }
}
