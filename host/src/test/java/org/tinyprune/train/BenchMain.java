package org.tinyprune.train;

import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;
import org.tinyprune.zoo.ModelConfig;
import org.tinyprune.zoo.Zoo;

/**
 * Ad-hoc throughput probe (not a test): java -cp ... org.tinyprune.train.BenchMain MODEL [steps].
 */
public final class BenchMain {
    private BenchMain() {}

    /** The conv-heavy probe network (the shape of vgg-small). */
    public static Graph vggLike() {
        GraphBuilder b = Graph.builder("vgg-probe").input("input", 1, 28, 28);
        b.conv("c1", 32, 3, 1, 1).batchNorm("b1").relu("r1");
        b.conv("c2", 32, 3, 1, 1).batchNorm("b2").relu("r2").maxPool("p1", 2, 2, 0);
        b.conv("c3", 64, 3, 1, 1).batchNorm("b3").relu("r3");
        b.conv("c4", 64, 3, 1, 1).batchNorm("b4").relu("r4").maxPool("p2", 2, 2, 0);
        b.conv("c5", 128, 3, 1, 1).batchNorm("b5").relu("r5").globalAvgPool("gap").flatten("flat");
        Graph g = b.dense("fc", 10).build();
        g.init(1);
        return g;
    }

    static Graph model(String name) {
        Graph g = Zoo.build(name, ModelConfig.of(new int[] {1, 28, 28}, 10));
        g.init(1);
        return g;
    }

    /** Entry point. */
    public static void main(String[] args) {
        Graph g = model(args.length > 0 ? args[0] : "vgg-small");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Throughput.Result r = Throughput.measure(g, 64, 5, steps, 10);
        System.out.printf(
                "%s java  samples/s %.1f  samples/cpu-s %.1f%n",
                g.name(), r.samplesPerSecond(), r.samplesPerCpuSecond());
    }
}
