package org.tinyprune.train;

import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;

/** Ad-hoc per-layer timing of a chain network (not a test). */
public final class ProfileMain {
    private ProfileMain() {}

    /** Entry point. */
    public static void main(String[] args) {
        Graph g = BenchMain.model(args.length > 0 ? args[0] : "vgg-small");
        int n = g.nodes().size();
        long[] fwd = new long[n];
        long[] bwd = new long[n];
        Tensor x = new Tensor(Shapes.batched(64, g.inputShape()));
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) r.nextGaussian();
        }
        Tensor[] outs = new Tensor[n];
        for (int it = 0; it < 15; it++) {
            boolean timed = it >= 5;
            Tensor cur = x;
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                outs[i] = g.nodes().get(i).layer().forward(new Tensor[] {cur}, true);
                if (timed) {
                    fwd[i] += System.nanoTime() - t;
                }
                cur = outs[i];
            }
            Tensor grad = new Tensor(cur.shape());
            java.util.Arrays.fill(grad.data(), 0.01f);
            for (int i = n - 1; i >= 1; i--) {
                Node node = g.nodes().get(i);
                long t = System.nanoTime();
                grad =
                        node.layer()
                                .backward(
                                        new Tensor[] {outs[i - 1]},
                                        outs[i],
                                        grad,
                                        new boolean[] {i > 1})[0];
                if (timed) {
                    bwd[i] += System.nanoTime() - t;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            System.out.printf(
                    "%-6s %-16s fwd %7.1f ms  bwd %7.1f ms%n",
                    g.nodes().get(i).name(),
                    g.nodes().get(i).layer().kind(),
                    fwd[i] / 10e6,
                    bwd[i] / 10e6);
        }
    }
}
