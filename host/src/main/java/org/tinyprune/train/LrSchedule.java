package org.tinyprune.train;

/**
 * Learning rate as a function of the optimizer step (from 0), with linear warm-up: during the first
 * {@code warmup} steps the rate rises linearly to the base rate ((step+1)/warmup of it), then the
 * schedule proper takes over, counting steps from the end of warm-up.
 */
public interface LrSchedule {
    /** The learning rate for step {@code step}. */
    float lr(long step);

    /** Constant rate after warm-up. */
    static LrSchedule constant(float base, long warmup) {
        return step -> warm(base, step, warmup);
    }

    /**
     * Cosine decay from {@code base} to {@code min} over {@code total} steps (warm-up included);
     * {@code min} after that.
     */
    static LrSchedule cosine(float base, float min, long total, long warmup) {
        check(base, total, warmup);
        return step -> {
            if (step < warmup) {
                return warm(base, step, warmup);
            }
            double t = Math.min(1.0, (double) (step - warmup) / Math.max(1, total - warmup));
            return (float) (min + 0.5 * (base - min) * (1 + Math.cos(Math.PI * t)));
        };
    }

    /** Step decay: multiply by {@code gamma} every {@code every} steps after warm-up. */
    static LrSchedule step(float base, long every, float gamma, long warmup) {
        check(base, every, warmup);
        return step ->
                step < warmup
                        ? warm(base, step, warmup)
                        : (float) (base * Math.pow(gamma, (step - warmup) / every));
    }

    private static float warm(float base, long step, long warmup) {
        return step < warmup ? base * (step + 1) / warmup : base;
    }

    private static void check(float base, long steps, long warmup) {
        if (!(base > 0) || steps <= 0 || warmup < 0) {
            throw new IllegalArgumentException(
                    "schedule needs base rate > 0, step count > 0, warm-up >= 0; got "
                            + base
                            + ", "
                            + steps
                            + ", "
                            + warmup);
        }
    }
}
