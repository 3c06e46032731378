package org.tinyprune.quant;

import java.util.ArrayList;
import java.util.List;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.Param;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.Dense;
import org.tinyprune.train.BatchResult;
import org.tinyprune.train.Trainer;
import org.tinyprune.train.TrainingListener;

/**
 * Fake quantisation of conv and dense weights with straight-through gradients, as a training
 * listener: the forward pass sees the weights rounded to their symmetric per-channel int8 grid
 * ({@link WeightQuantizer#perChannel}); the optimizer's update of those rounded values is applied
 * to float master copies, which are rounded again for the next batch and restored at the end.
 */
public final class WeightFakeQuantListener implements TrainingListener {

    private final List<Param> weights = new ArrayList<>();
    private final List<Integer> channels = new ArrayList<>();
    private final List<float[]> masters = new ArrayList<>();
    private final List<float[]> rounded = new ArrayList<>();

    /**
     * Attaches to every Conv2d and Dense weight of a graph and rounds them immediately.
     *
     * @param graph the graph being fine-tuned
     */
    public WeightFakeQuantListener(Graph graph) {
        for (Node n : graph.nodes()) {
            if (n.layer() instanceof Conv2d c) {
                add(c.weight(), c.outChannels());
            } else if (n.layer() instanceof Dense d) {
                add(d.weight(), d.outFeatures());
            }
        }
    }

    private void add(Param p, int outChannels) {
        weights.add(p);
        channels.add(outChannels);
        masters.add(p.values().clone());
        rounded.add(fakeQuantize(p.values(), outChannels));
        p.copyFrom(rounded.get(rounded.size() - 1));
    }

    private static float[] fakeQuantize(float[] w, int outChannels) {
        WeightQuantizer.Weights q = WeightQuantizer.perChannel(w, outChannels);
        float[] out = new float[w.length];
        int per = w.length / outChannels;
        for (int i = 0; i < w.length; i++) {
            out[i] = q.codes()[i] * q.scales()[i / per];
        }
        return out;
    }

    @Override
    public void onBatchEnd(Trainer trainer, BatchResult result) {
        for (int k = 0; k < weights.size(); k++) {
            float[] live = weights.get(k).values();
            float[] master = masters.get(k);
            float[] before = rounded.get(k);
            for (int i = 0; i < live.length; i++) {
                master[i] += live[i] - before[i];
            }
            float[] next = fakeQuantize(master, channels.get(k));
            rounded.set(k, next);
            weights.get(k).copyFrom(next);
        }
    }

    @Override
    public void onTrainingEnd(Trainer trainer) {
        for (int k = 0; k < weights.size(); k++) {
            weights.get(k).copyFrom(masters.get(k));
        }
    }
}
