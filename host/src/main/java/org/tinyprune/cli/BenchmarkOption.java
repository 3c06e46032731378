package org.tinyprune.cli;

import org.tinyprune.build.BenchmarkId;
import org.tinyprune.build.DeviceModel;
import picocli.CommandLine.Option;

/**
 * {@code --benchmark-id ID}: the MLPerf Tiny benchmark the firmware reports in {@code
 * m-model-[ID]}, which the MLPerf Tiny runner chooses its test script by. Without it the model's
 * dataset decides ({@link BenchmarkId#forDataset}).
 */
public final class BenchmarkOption {
    /** The option's name, for messages. */
    public static final String FLAG = "--benchmark-id";

    @Option(
            names = FLAG,
            paramLabel = "ID",
            description =
                    "MLPerf Tiny benchmark the firmware reports (m-model-[ID]): kws01, ic01, vww01 or ad01 "
                            + "(default: from the model's dataset: kws01 for audio, ic01 for images).")
    String id;

    /**
     * Checks the value before any work starts.
     *
     * @throws CommandFailure with the usage exit code, naming the flag and the choices
     */
    void validate() {
        if (id != null) {
            chosen();
        }
    }

    /**
     * Returns the model, built to report the chosen id when one was given.
     *
     * @param model the model (its default id comes from its dataset)
     * @return the model to build
     */
    DeviceModel apply(DeviceModel model) {
        return id == null ? model : model.withBenchmark(chosen());
    }

    /**
     * Returns the chosen id, or the dataset's when none was given.
     *
     * @param dataset the dataset name the model was trained on
     * @return the id
     */
    BenchmarkId orDataset(String dataset) {
        return id == null ? BenchmarkId.forDataset(dataset) : chosen();
    }

    private BenchmarkId chosen() {
        try {
            return BenchmarkId.parse(id, FLAG);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage(), null);
        }
    }
}
