package org.tinyprune.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.nn.Param;

/**
 * Updates the trainable {@link Param}s of a network from their gradients. Subclasses keep per-param
 * state (momentum, moment estimates) as float arrays addressed by param name, exposed through
 * {@link #state()} so {@link Checkpoint} can save and restore it.
 */
public abstract class Optimizer {
    private final List<String> names = new ArrayList<>();
    private final List<Param> params = new ArrayList<>();
    private final float weightDecay;
    private long steps;

    /**
     * @param network the network's params by qualified name ({@code Graph.params()}); only
     *     trainable ones are updated
     * @param weightDecay decay coefficient, applied only to params whose {@link Param#decay()} is
     *     true
     */
    protected Optimizer(Map<String, Param> network, float weightDecay) {
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        network.forEach(
                (name, p) -> {
                    if (p.trainable()) {
                        names.add(name);
                        params.add(p);
                    }
                });
        this.weightDecay = weightDecay;
    }

    /** Applies one update with learning rate {@code lr} to every trainable param. */
    public final void step(float lr) {
        steps++;
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            update(i, p, lr, p.decay() ? weightDecay : 0f);
        }
    }

    /** Updates param number {@code index} (stable order) with the given rate and decay. */
    protected abstract void update(int index, Param p, float lr, float decay);

    /** Names of the per-param state arrays, e.g. {@code momentum}. */
    protected abstract List<String> stateNames();

    /** The state array {@code kind} of param {@code index}. */
    protected abstract float[] stateOf(int index, String kind);

    /** Number of steps taken. */
    public long steps() {
        return steps;
    }

    /** The weight-decay coefficient. */
    public float weightDecay() {
        return weightDecay;
    }

    /** Restores the step count (from a checkpoint); AdamW's bias correction depends on it. */
    public void setSteps(long steps) {
        this.steps = steps;
    }

    /** Live state arrays keyed {@code kind:paramName} (the step count is {@link #steps()}). */
    public Map<String, float[]> state() {
        Map<String, float[]> s = new LinkedHashMap<>();
        for (String kind : stateNames()) {
            for (int i = 0; i < params.size(); i++) {
                s.put(kind + ":" + names.get(i), stateOf(i, kind));
            }
        }
        return s;
    }

    /**
     * Restores state arrays saved from {@link #state()} of an optimizer of the same kind over the
     * same network (the step count is restored separately with {@link #setSteps}).
     *
     * @throws IllegalArgumentException naming the missing or mis-sized entry
     */
    public void loadState(Map<String, float[]> saved) {
        for (Map.Entry<String, float[]> e : state().entrySet()) {
            float[] src = saved.get(e.getKey());
            if (src == null || src.length != e.getValue().length) {
                throw new IllegalArgumentException(
                        "optimizer state '"
                                + e.getKey()
                                + "' is "
                                + (src == null
                                        ? "missing"
                                        : "of size "
                                                + src.length
                                                + ", expected "
                                                + e.getValue().length)
                                + "; the checkpoint was written for a different network or optimizer");
            }
            System.arraycopy(src, 0, e.getValue(), 0, src.length);
        }
    }
}
