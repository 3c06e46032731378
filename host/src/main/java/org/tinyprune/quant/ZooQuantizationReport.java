package org.tinyprune.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.tinyprune.data.Augmentation;
import org.tinyprune.data.Dataset;
import org.tinyprune.data.Datasets;
import org.tinyprune.data.ImageSet;
import org.tinyprune.data.MiniBatches;
import org.tinyprune.data.Normalization;
import org.tinyprune.nn.Graph;
import org.tinyprune.train.Evaluation;
import org.tinyprune.train.LrSchedule;
import org.tinyprune.train.Sgd;
import org.tinyprune.train.SoftmaxCrossEntropy;
import org.tinyprune.train.Trainer;
import org.tinyprune.train.TrainingSummary;
import org.tinyprune.zoo.ModelConfig;
import org.tinyprune.zoo.Zoo;

/**
 * Float vs int8 test accuracy of zoo models after a short training run: trains each model (SGD with
 * Nesterov momentum, cosine schedule) on a seeded subset of the training set, quantises it
 * (calibration on training batches), and evaluates the float graph and the int8 reference
 * interpreter on the test set. A measurement tool; usage: {@code java -cp ...
 * org.tinyprune.quant.ZooQuantizationReport [trainImages] [epochs] [width] [testImages]
 * [model...]}.
 */
public final class ZooQuantizationReport {

    /**
     * One model's figures.
     *
     * @param model zoo name
     * @param trainSeconds training wall time
     * @param floatAccuracy float test accuracy
     * @param int8Accuracy int8 test accuracy (min/max calibration)
     * @param int8PercentileAccuracy int8 test accuracy (99.99th percentile calibration)
     */
    public record Row(
            String model,
            double trainSeconds,
            double floatAccuracy,
            double int8Accuracy,
            double int8PercentileAccuracy) {}

    private ZooQuantizationReport() {}

    /**
     * Trains, quantises and evaluates one zoo model.
     *
     * @param model zoo name
     * @param data the dataset
     * @param trainImages training images used (a seeded subset)
     * @param epochs training epochs over the subset
     * @param width width multiplier of the zoo model
     * @param testImages test images evaluated (a seeded subset; the same for float and int8)
     * @param seed seed of weights, subset and batch order
     * @return the figures
     * @throws Exception if training diverges
     */
    public static Row measure(
            String model,
            Dataset data,
            int trainImages,
            int epochs,
            double width,
            int testImages,
            long seed)
            throws Exception {
        ImageSet train = subset(data.train(), trainImages, seed);
        ImageSet testSet = subset(data.test(), testImages, seed + 1);
        Normalization norm = Normalization.fromTrainingSet(data.train());
        Graph g =
                Zoo.build(
                        model,
                        ModelConfig.of(data.inputShape(), data.numClasses()).withWidth(width));
        g.init(seed);
        MiniBatches batches = MiniBatches.training(train, norm, Augmentation.NONE, 64, seed);
        long steps = (long) batches.batchesPerEpoch() * epochs;
        Trainer trainer =
                new Trainer(
                        g,
                        new Sgd(g.params(), 0.9f, true, 5e-4f),
                        LrSchedule.cosine(0.05f, 0f, steps, Math.min(50, steps / 10)),
                        new SoftmaxCrossEntropy(0f));
        long t0 = System.nanoTime();
        TrainingSummary summary = trainer.fit(batches, epochs);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf(
                Locale.ROOT,
                "%s: trained %d images x %d epochs in %.0f s, last-epoch train accuracy %.3f%n",
                model,
                train.size(),
                epochs,
                seconds,
                summary.lastEpoch().accuracy());
        MiniBatches test = MiniBatches.evaluation(testSet, norm, 250);
        double floatAcc = Evaluation.accuracy(g, test);
        MiniBatches calibration = MiniBatches.evaluation(train, norm, 64);
        QuantOptions options = QuantOptions.DEFAULTS.withMethod(CalibrationMethod.MIN_MAX);
        double int8 = Quantizer.quantize(g, calibration, options).evaluate(test);
        System.err.printf(
                Locale.ROOT,
                "%s: float %.4f int8 %.4f (%.0f s)%n",
                model,
                floatAcc,
                int8,
                (System.nanoTime() - t0) / 1e9);
        double pct =
                Quantizer.quantize(g, calibration, options.withPercentile(99.99)).evaluate(test);
        return new Row(model, seconds, floatAcc, int8, pct);
    }

    private static ImageSet subset(ImageSet all, int n, long seed) {
        if (n >= all.size()) {
            return all;
        }
        int[] idx = new int[all.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + rnd.nextInt(idx.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return all.subset(java.util.Arrays.copyOf(idx, n));
    }

    /**
     * Prints the table for the named models (all zoo models by default).
     *
     * @param args {@code [trainImages] [epochs] [width] [testImages] [model...]}
     * @throws Exception if loading or training fails
     */
    public static void main(String[] args) throws Exception {
        int trainImages = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        double width = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        int testImages = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        List<String> models =
                new ArrayList<>(
                        args.length > 4
                                ? List.of(args).subList(4, args.length)
                                : List.copyOf(Zoo.names()));
        Dataset data = Datasets.load(Datasets.DEFAULT, Datasets.FASHION_MNIST_DIR);
        System.out.printf(
                Locale.ROOT,
                "%-20s %8s %9s %9s %9s %9s%n",
                "model",
                "train s",
                "float %",
                "int8 %",
                "int8 p %",
                "lost pt");
        for (String m : models) {
            Row r = measure(m, data, trainImages, epochs, width, testImages, 1);
            System.out.printf(
                    Locale.ROOT,
                    "%-20s %8.0f %9.2f %9.2f %9.2f %9.2f%n",
                    r.model(),
                    r.trainSeconds(),
                    100 * r.floatAccuracy(),
                    100 * r.int8Accuracy(),
                    100 * r.int8PercentileAccuracy(),
                    100
                            * (r.floatAccuracy()
                                    - Math.max(r.int8Accuracy(), r.int8PercentileAccuracy())));
        }
    }
}
