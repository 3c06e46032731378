package org.tinyprune.calibrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tinyprune.nn.Graph;
import org.tinyprune.zoo.ModelConfig;
import org.tinyprune.zoo.Zoo;

/**
 * The networks a calibration runs: the grid's micro networks, every zoo architecture at the grid's
 * widths and once randomly pruned ({@link PrunedNets}), all freshly initialised from one seed
 * (accuracy is irrelevant; shapes and quantised arithmetic are what cost cycles); and the kernel
 * probes ({@link KernelProbes}), which are built for their linker maps but not run.
 */
public final class BenchmarkSuite {
    /** Input shape of the zoo models: Fashion-MNIST's 1×28×28, 10 classes. */
    public static final ModelConfig ZOO_INPUT = new ModelConfig(1, 28, 28, 10, 1.0);

    private BenchmarkSuite() {}

    /**
     * Builds the suite of networks that run on the board.
     *
     * @param grid which grid
     * @param seed initialisation seed
     * @return micro networks first, then zoo models, then the pruned zoo models
     */
    public static List<BenchNet> of(Grid grid, long seed) {
        List<BenchNet> nets = new ArrayList<>(micro(grid, seed));
        nets.addAll(zoo(List.copyOf(Zoo.names()), grid.zooWidths(), seed));
        nets.addAll(PrunedNets.of(List.copyOf(Zoo.names()), seed));
        return nets;
    }

    /** The kernel probes: one single-layer network per cost-model op key, built but not run. */
    public static List<BenchNet> probes(long seed) {
        return KernelProbes.of(seed);
    }

    /** The grid's micro networks. */
    public static List<BenchNet> micro(Grid grid, long seed) {
        return MicroNets.of(grid, seed);
    }

    /**
     * Zoo models for {@link #ZOO_INPUT}.
     *
     * @param architectures zoo names, e.g. {@code resnet8}
     * @param widths width multipliers (every architecture at every width)
     * @param seed initialisation seed
     */
    public static List<BenchNet> zoo(List<String> architectures, List<Double> widths, long seed) {
        List<BenchNet> nets = new ArrayList<>();
        for (String arch : architectures) {
            for (double w : widths) {
                Graph g = Zoo.build(arch, ZOO_INPUT.withWidth(w));
                g.init(seed + arch.hashCode());
                nets.add(new BenchNet(zooName(arch, w), g, true));
            }
        }
        return nets;
    }

    /** The suite name of a zoo model, e.g. {@code resnet8@0.25}. */
    static String zooName(String arch, double width) {
        return arch + "@" + String.format(Locale.ROOT, "%.2f", width);
    }

    /**
     * The architecture of a zoo net name ({@code resnet8@0.25} or {@code resnet8@pruned} → {@code
     * resnet8}).
     */
    static String architecture(String netName) {
        int at = netName.indexOf('@');
        return at < 0 ? netName : netName.substring(0, at);
    }
}
