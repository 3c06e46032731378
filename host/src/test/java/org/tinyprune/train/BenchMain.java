package org.tinyprune.train;

import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;

/** Ad-hoc throughput probe (not a test): java -cp ... org.tinyprune.train.BenchMain [steps]. */
public final class BenchMain {
    private BenchMain() {
    }

    /** Builds the conv-heavy probe network. */
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

    /** Entry point. */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Graph g = vggLike();
        System.out.println("macs/sample " + g.macs());
        System.out.printf("samples/s %.1f%n", Throughput.samplesPerSecond(g, 64, 5, steps, 10));
    }
}
