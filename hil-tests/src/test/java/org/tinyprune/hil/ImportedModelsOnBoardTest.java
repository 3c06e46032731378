package org.tinyprune.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.build.Firmware;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.link.session.BoardSession;
import org.tinyprune.measure.DeviceAccuracy;
import org.tinyprune.measure.DeviceSample;
import org.tinyprune.measure.DeviceSamples;
import org.tinyprune.measure.Measurement;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.onnx.ImportedModel;
import org.tinyprune.nn.onnx.OnnxImporter;
import org.tinyprune.quant.QuantOptions;
import org.tinyprune.quant.QuantizedModel;
import org.tinyprune.quant.Quantizer;

/**
 * Every committed PyTorch export (fixtures/onnx) imported into the engine, quantised to int8 by
 * tinyprune, built, flashed and run on the board: each device output equals the host int8 reference
 * interpreter bit for bit. Calibration and inputs are seeded Gaussian tensors of the model's input
 * shape (the blocks have no dataset; the classifier's accuracy is shown elsewhere).
 */
@ExtendWith(BoardExtension.class)
class ImportedModelsOnBoardTest {
    static final int SAMPLES = 20;

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "fmnist_cnn",
                "ds_cnn",
                "inverted_residual",
                "se_block",
                "shuffle_block",
                "efficientnet_block",
                "mbv3_block"
            })
    void deviceEqualsTheHostInt8Reference(String name) throws Exception {
        Path file =
                RepositoryRoot.locate()
                        .resolve("fixtures/onnx")
                        .resolve(name)
                        .resolve("model.onnx");
        ImportedModel imported = OnnxImporter.importModel(file, null);
        int[] shape = imported.graph().inputShape();
        SplittableRandom rng = new SplittableRandom(name.hashCode());
        List<Tensor> calibration = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            calibration.add(gaussian(rng, Shapes.batched(16, shape)));
        }
        QuantizedModel q = Quantizer.quantize(imported.graph(), calibration, QuantOptions.DEFAULTS);
        DeviceModel model = DeviceModel.of(q.toIr(), null, name);
        Firmware fw =
                model.build(
                        new FirmwareBuild(BoardUnderTest.root()),
                        BoardUnderTest.profile(),
                        Path.of("target", "hil", "imported-" + name).toAbsolutePath());
        BoardSession board = BoardUnderTest.current();
        board.enterBootloader();
        board.flash(fw.elf());
        assertEquals(model.weightsHash(), board.tinyprune().identity().modelHash());

        int plane = shape.length == 3 ? shape[1] * shape[2] : 1;
        List<DeviceSample> samples = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            float[] x = gaussian(rng, Shapes.batched(1, shape)).data();
            byte[] nchw =
                    org.tinyprune.int8.Affine.quantize(x, model.reference().inputQuantization());
            samples.add(new DeviceSample(i, 0, nchw, DeviceSamples.toNhwc(nchw, shape[0], plane)));
        }
        DeviceAccuracy acc =
                new Measurement(board, model.reference()).accuracy(samples, done -> {});
        assertEquals(
                SAMPLES,
                acc.matchingHost(),
                name
                        + ": device outputs differing from the host int8 reference, "
                        + "first indices: "
                        + acc.firstMismatches());
        System.out.printf(
                "%s on %s: %d of %d device outputs equal to the host int8 reference (%d layers, "
                        + "flash image %d B, arena %d B)%n",
                name,
                board.profile().getName(),
                acc.matchingHost(),
                SAMPLES,
                model.generated().layerNames().size(),
                fw.sizes().flashImageBytes(),
                model.generated().plan().arenaBytes());
    }

    private static Tensor gaussian(SplittableRandom rng, int[] shape) {
        float[] v = new float[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) {
            double u1 = 1 - rng.nextDouble();
            double u2 = rng.nextDouble();
            v[i] = (float) (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        return new Tensor(shape, v);
    }
}
