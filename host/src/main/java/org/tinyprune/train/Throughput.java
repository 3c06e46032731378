package org.tinyprune.train;

import java.util.SplittableRandom;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphRunner;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;

/**
 * Measures training throughput: full steps (forward, loss, backward, SGD update) on a fixed random
 * batch, after warm-up steps that let the JIT compile the kernels. For the side-by-side benchmark
 * against PyTorch.
 */
public final class Throughput {
    private Throughput() {}

    /**
     * A measurement: wall-clock samples per second, and samples per CPU-second of the whole process
     * (all threads; NaN if the JVM cannot report process CPU time), which is the steadier figure on
     * a shared machine.
     */
    public record Result(double samplesPerSecond, double samplesPerCpuSecond) {}

    /**
     * Trains {@code graph} for {@code steps} timed steps of batch {@code batch} (after {@code
     * warmup} untimed ones) and returns samples per second.
     */
    public static double samplesPerSecond(
            Graph graph, int batch, int warmup, int steps, int classes) {
        return measure(graph, batch, warmup, steps, classes).samplesPerSecond();
    }

    /** Like {@link #samplesPerSecond} but also reports samples per CPU-second. */
    public static Result measure(Graph graph, int batch, int warmup, int steps, int classes) {
        SplittableRandom rng = new SplittableRandom(1);
        Tensor x = new Tensor(Shapes.batched(batch, graph.inputShape()));
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) rng.nextGaussian();
        }
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = rng.nextInt(classes);
        }
        GraphRunner runner = new GraphRunner(graph);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(0f);
        Sgd sgd = new Sgd(graph.params(), 0.9f, false, 5e-4f);
        long start = 0;
        long cpuStart = 0;
        for (int s = 0; s < warmup + steps; s++) {
            if (s == warmup) {
                start = System.nanoTime();
                cpuStart = cpuNanos();
            }
            runner.zeroGrads();
            Tensor out = runner.forward(new Tensor[] {x}, true);
            loss.forward(out, labels);
            runner.backward(loss.gradient());
            sgd.step(0.01f);
        }
        double samples = (double) batch * steps;
        double wall = (System.nanoTime() - start) / 1e9;
        long cpuEnd = cpuNanos();
        double cpu = cpuStart < 0 || cpuEnd < 0 ? Double.NaN : (cpuEnd - cpuStart) / 1e9;
        return new Result(samples / wall, samples / cpu);
    }

    private static long cpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
