package org.tinyprune.resource;

import java.util.ArrayList;
import java.util.List;

/**
 * Live activation bytes at every execution step of a {@link CostGraph}, and their peak.
 *
 * <p>Tensors map to buffers: a reshape's output and an add's output written over an input that
 * dies at the add share that input's buffer. A buffer is live from the step that first writes it
 * (the input: step 0) to the last step that reads any tensor in it (the output: the last step).
 * Each step also holds its own scratch.
 */
final class Arena {
    private final double[] live;
    private final double[][] liveGrad;
    private int peakStep;

    private Arena(int steps, int vars) {
        live = new double[steps];
        liveGrad = new double[steps][vars];
    }

    static Arena of(CostGraph graph, double[] counts, double[] scratch, double[][] scratchGrad) {
        List<CostLayer> layers = graph.layers();
        int steps = Math.max(1, layers.size());
        int[] lastUse = lastUses(graph);
        int[] bufferOf = new int[graph.tensors().size()];
        List<int[]> buffers = new ArrayList<>(); // {tensor defining the size, start, end}
        bufferOf[graph.input()] = buffers.size();
        buffers.add(new int[] {graph.input(), 0, lastUse[graph.input()]});
        for (int t = 0; t < layers.size(); t++) {
            CostLayer l = layers.get(t);
            int shared = -1;
            if (l.op() == CostOp.RESHAPE) {
                shared = bufferOf[l.inputs().get(0)];
            } else if (l.op() == CostOp.ADD) {
                for (int in : l.inputs()) {
                    if (buffers.get(bufferOf[in])[2] == t) {
                        shared = bufferOf[in];
                        break;
                    }
                }
            }
            if (shared >= 0) {
                bufferOf[l.output()] = shared;
                int[] b = buffers.get(shared);
                b[2] = Math.max(b[2], lastUse[l.output()]);
            } else {
                bufferOf[l.output()] = buffers.size();
                buffers.add(new int[] {l.output(), t, lastUse[l.output()]});
            }
        }
        Arena a = new Arena(steps, graph.variables());
        for (int[] b : buffers) {
            CostGraph.TensorInfo info = graph.tensors().get(b[0]);
            double bytes = info.bytes(counts);
            double perChannel = (double) info.height() * info.width() * info.elementBytes();
            for (int t = b[1]; t <= Math.min(b[2], steps - 1); t++) {
                a.live[t] += bytes;
                info.channels().backprop(perChannel, a.liveGrad[t]);
            }
        }
        for (int t = 0; t < layers.size(); t++) {
            a.live[t] += scratch[t];
            for (int v = 0; v < graph.variables(); v++) {
                a.liveGrad[t][v] += scratchGrad[t][v];
            }
        }
        for (int t = 1; t < steps; t++) {
            if (a.live[t] > a.live[a.peakStep]) {
                a.peakStep = t;
            }
        }
        return a;
    }

    private static int[] lastUses(CostGraph graph) {
        int[] last = new int[graph.tensors().size()];
        List<CostLayer> layers = graph.layers();
        for (int t = 0; t < layers.size(); t++) {
            last[layers.get(t).output()] = t;
            for (int in : layers.get(t).inputs()) {
                last[in] = t;
            }
        }
        last[graph.output()] = Math.max(0, layers.size() - 1);
        return last;
    }

    /** Live bytes per step. */
    double[] live() {
        return live.clone();
    }

    /** The peak live bytes. */
    double peak() {
        return live[peakStep];
    }

    /** The step where the peak occurs (the first, if several tie). */
    int peakStep() {
        return peakStep;
    }

    /**
     * Gradient of a log-sum-exp maximum over steps with temperature {@code fraction × peak}: steps
     * within a few percent of the peak share the gradient.
     */
    double[] smoothGradient(double fraction) {
        double peak = peak();
        double temperature = Math.max(1e-9, fraction * peak);
        double[] w = new double[live.length];
        double sum = 0;
        for (int t = 0; t < live.length; t++) {
            w[t] = Math.exp((live[t] - peak) / temperature);
            sum += w[t];
        }
        double[] grad = new double[liveGrad[0].length];
        for (int t = 0; t < live.length; t++) {
            for (int v = 0; v < grad.length; v++) {
                grad[v] += w[t] / sum * liveGrad[t][v];
            }
        }
        return grad;
    }
}
