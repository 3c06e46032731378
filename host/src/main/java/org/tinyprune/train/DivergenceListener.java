package org.tinyprune.train;

/**
 * Stops training when the loss diverges: a non-finite batch loss, or a smoothed loss (exponential
 * moving average over batches, weight 0.1) that exceeds {@code factor} times the lowest smoothed
 * loss of the run so far (never less than {@value #FLOOR}, so a well-fitted model's noise near zero
 * loss is not mistaken for an explosion). The exception names the epoch, step, loss and the last
 * good checkpoint (when a {@link CheckpointListener} is given).
 */
public final class DivergenceListener implements TrainingListener {
    /** The smallest reference loss. */
    public static final double FLOOR = 0.1;

    private final double factor;
    private final CheckpointListener checkpoints;
    private double ema = Double.NaN;
    private double lowest = Double.POSITIVE_INFINITY;

    /**
     * @param factor how many times the reference loss counts as exploding (e.g. 10)
     * @param checkpoints the run's checkpoint writer, to name the last good checkpoint (may be
     *     null)
     */
    public DivergenceListener(double factor, CheckpointListener checkpoints) {
        if (!(factor > 1)) {
            throw new IllegalArgumentException("divergence factor must be > 1, got " + factor);
        }
        this.factor = factor;
        this.checkpoints = checkpoints;
    }

    @Override
    public void onBatchEnd(Trainer trainer, BatchResult r) throws TrainingDivergedException {
        if (!Double.isFinite(r.loss())) {
            throw diverged(r, "the loss became " + r.loss());
        }
        ema = Double.isNaN(ema) ? r.loss() : 0.9 * ema + 0.1 * r.loss();
        double reference = Math.max(lowest, FLOOR);
        if (ema > factor * reference) {
            throw diverged(
                    r,
                    String.format(
                            "the smoothed loss %.4g exploded past %.0f× its lowest value %.4g",
                            ema, factor, reference));
        }
        lowest = Math.min(lowest, ema);
    }

    private TrainingDivergedException diverged(BatchResult r, String what) {
        String keep =
                checkpoints != null && checkpoints.written()
                        ? "the last good checkpoint is "
                                + checkpoints.file()
                                + " (resume from it with a lower learning rate)"
                        : "no checkpoint was written yet";
        return new TrainingDivergedException(
                String.format(
                        "training diverged at epoch %d, step %d (learning rate %.3g): %s; %s",
                        r.epoch() + 1, r.step(), r.lr(), what, keep));
    }
}
