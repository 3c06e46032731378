package org.tinyprune.train;

import java.io.PrintStream;

/**
 * A live progress line (rewritten in place with a carriage return, at most twice a second): epoch,
 * batch, running loss and accuracy, samples/s and ETA; a full line per finished epoch.
 */
public final class ProgressListener implements TrainingListener {
    private final PrintStream out;
    private long epochStart;
    private long lastPrint;
    private double lossSum;
    private long correct;
    private long samples;
    private int batchesDone;
    private int epochs;

    /** Prints to {@code out} (typically {@code System.err}). */
    public ProgressListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onTrainingStart(Trainer trainer, int start, int total) {
        this.epochs = total;
    }

    @Override
    public void onEpochStart(Trainer trainer, int epoch) {
        epochStart = System.nanoTime();
        lossSum = 0;
        correct = 0;
        samples = 0;
        batchesDone = 0;
    }

    @Override
    public void onBatchEnd(Trainer trainer, BatchResult r) {
        lossSum += r.loss();
        correct += r.correct();
        samples += r.size();
        batchesDone++;
        long now = System.nanoTime();
        if (now - lastPrint < 500_000_000L && r.batch() + 1 < r.batches()) {
            return;
        }
        lastPrint = now;
        double seconds = (now - epochStart) / 1e9;
        double rate = samples / Math.max(seconds, 1e-9);
        double perBatch = seconds / batchesDone;
        long remainingBatches =
                (long) (r.batches() - r.batch() - 1)
                        + (long) (epochs - r.epoch() - 1) * r.batches();
        out.printf(
                "\repoch %d/%d  batch %d/%d  loss %.4f  acc %.2f%%  %.0f samples/s  ETA %s   ",
                r.epoch() + 1,
                epochs,
                r.batch() + 1,
                r.batches(),
                lossSum / batchesDone,
                100.0 * correct / samples,
                rate,
                duration(remainingBatches * perBatch));
        out.flush();
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochResult r) {
        out.printf(
                "\repoch %d/%d  loss %.4f  acc %.2f%%%s  %.0f samples/s  %.1f s%n",
                r.epoch() + 1,
                r.epochs(),
                r.loss(),
                100 * r.accuracy(),
                Double.isNaN(r.validationAccuracy())
                        ? ""
                        : String.format("  val acc %.2f%%", 100 * r.validationAccuracy()),
                r.samplesPerSecond(),
                r.seconds());
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
