package org.tinyprune.build;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The MLPerf Tiny benchmark a firmware answers as: what {@code profile%} reports in {@code
 * m-model-[...]}, and what the MLPerf Tiny runner picks its test script and data set by. The
 * firmware build passes it to the compiler as {@code -DTP_BENCHMARK_ID=<id>} in a gcc response file
 * (never through a shell or make), so only these fixed words can reach it.
 */
public enum BenchmarkId {
    /** Keyword spotting (DS-CNN on Speech Commands). */
    KWS01,
    /** Image classification (ResNet-8 on CIFAR-10). */
    IC01,
    /** Visual wake words (MobileNetV1 0.25 on person / no person). */
    VWW01,
    /** Anomaly detection (autoencoder on ToyADMOS); the board reports one score per input. */
    AD01;

    /** What firmware built without a choice reports (the server's own default). */
    public static final BenchmarkId DEFAULT = IC01;

    /**
     * Returns the id as the board prints it, e.g. {@code kws01}.
     *
     * @return the lower-case id
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the compiler flag that builds it into the firmware.
     *
     * @return {@code -DTP_BENCHMARK_ID=<id>}
     */
    public String define() {
        return "-DTP_BENCHMARK_ID=" + id();
    }

    @Override
    public String toString() {
        return id();
    }

    /**
     * Parses a user's choice.
     *
     * @param text the value given, e.g. {@code kws01}
     * @param flag the option it came from, for the message (e.g. {@code --benchmark-id})
     * @return the id
     * @throws IllegalArgumentException naming the flag, the value and the choices when it is none
     *     of them
     */
    public static BenchmarkId parse(String text, String flag) {
        for (BenchmarkId b : values()) {
            if (b.id().equals(text)) {
                return b;
            }
        }
        throw new IllegalArgumentException(
                flag
                        + " '"
                        + text
                        + "' is not an MLPerf Tiny benchmark id; choose one of "
                        + choices());
    }

    /**
     * Returns the ids, comma-separated, for help texts and messages.
     *
     * @return e.g. {@code kws01, ic01, vww01, ad01}
     */
    public static String choices() {
        return Arrays.stream(values()).map(BenchmarkId::id).collect(Collectors.joining(", "));
    }

    /**
     * The benchmark a model trained on a dataset belongs to: keyword spotting for audio (WAV
     * folders), image classification for every image dataset, {@link #DEFAULT} when the dataset is
     * unknown. Visual wake words and anomaly detection cannot be told from the dataset: choose them
     * by option.
     *
     * @param dataset a dataset name ({@code fashion-mnist}, {@code wav-folder}...) or a provenance
     *     dataset identity starting with it; may be null
     * @return the benchmark id
     */
    public static BenchmarkId forDataset(String dataset) {
        if (dataset == null) {
            return DEFAULT;
        }
        String name = dataset.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        return name.equals("wav-folder") || name.startsWith("speech") ? KWS01 : DEFAULT;
    }
}
