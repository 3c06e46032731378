package org.tinyprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tinyprune.run.TrainConfig;
import picocli.CommandLine;

/**
 * The learning rate's default follows the start: from scratch for zoo models, fine-tuning for
 * --onnx.
 */
class TrainingOptionsTest {
    static float rate(String... args) {
        PruneCommand c = new PruneCommand();
        new CommandLine(c).parseArgs(args);
        return c.training.config().learningRate();
    }

    @Test
    void anImportedModelFineTunesAtATenthOfTheScratchRate() {
        assertEquals(0.05f, TrainConfig.SCRATCH_RATE);
        assertEquals(TrainConfig.SCRATCH_RATE / 10, TrainConfig.FINE_TUNE_RATE, 1e-9f);
        assertEquals(TrainConfig.SCRATCH_RATE, rate("--model", "vgg-small"));
        assertEquals(TrainConfig.FINE_TUNE_RATE, rate("--onnx", "m.onnx"));
        assertEquals(0.02f, rate("--onnx", "m.onnx", "--lr", "0.02"), "an explicit --lr wins");
        assertEquals(0.2f, rate("--lr", "0.2"));
    }
}
