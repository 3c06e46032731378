package org.tinyprune.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tinyprune.data.Dataset;
import org.tinyprune.data.ImageResize;
import org.tinyprune.data.Normalization;
import org.tinyprune.nn.Shapes;
import org.tinyprune.nn.onnx.ImportedModel;
import org.tinyprune.nn.onnx.InputSpec;
import org.tinyprune.nn.onnx.OnnxImportException;
import org.tinyprune.nn.onnx.OnnxImporter;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.StringStringEntryProto;
import org.tinyprune.provenance.Provenance;

/**
 * A user's float ONNX model as the start of a job ({@code quantize}, {@code prune --onnx}, {@code
 * prune-and-flash --onnx}), with how its input is scaled.
 *
 * <p>The input scaling is, in order: the {@code --mean}/{@code --std} options; else the scaling a
 * tinyprune-written model records in its metadata; else pixel / 255 (mean 0, std 1), said on the
 * progress stream.
 *
 * <p>Dataset images whose size or channel count differ from the model's input are converted to it
 * ({@link ImageResize}) only when the {@code --input-size}/{@code --input-channels} options ask for
 * it; the conversion is recorded in the models the job writes, and {@code measure} repeats it.
 *
 * @param onnx the model file
 * @param mean per-channel input mean (pixel / 255) or null
 * @param std per-channel input std (pixel / 255) or null
 * @param inputSize {@code [height, width]} to convert dataset images to, or null
 * @param inputChannels channels to convert dataset images to, or 0
 */
public record ModelImport(
        Path onnx, float[] mean, float[] std, int[] inputSize, int inputChannels) {
    /** Configuration key recording the conversion of dataset images to the model's input. */
    public static final String KEY_CONVERSION = "input_conversion";

    /** A model whose input takes the dataset's images as they are. */
    public ModelImport(Path onnx, float[] mean, float[] std) {
        this(onnx, mean, std, null, 0);
    }

    /**
     * Checks the options (before any file is read).
     *
     * @throws IllegalArgumentException naming the option at fault
     */
    public ModelImport {
        Objects.requireNonNull(onnx, "--onnx");
        if ((mean == null) != (std == null)) {
            throw new IllegalArgumentException(
                    "give --mean and --std together (per channel, in pixel/255 units), "
                            + "or neither to use the scaling the model records");
        }
        mean = mean == null ? null : mean.clone();
        std = std == null ? null : std.clone();
        if (inputSize != null && (inputSize.length != 2 || inputSize[0] < 1 || inputSize[1] < 1)) {
            throw new IllegalArgumentException("--input-size must be HEIGHTxWIDTH, e.g. 32x32");
        }
        if (inputChannels < 0) {
            throw new IllegalArgumentException(
                    "--input-channels must be positive, got " + inputChannels);
        }
        inputSize = inputSize == null ? null : inputSize.clone();
    }

    /**
     * Parses {@code --input-size}: {@code HEIGHTxWIDTH} or one number for a square.
     *
     * @param text the option's value, or null
     * @return {@code [height, width]}, or null
     * @throws IllegalArgumentException naming the option
     */
    public static int[] parseSize(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("x", -1);
        try {
            int h = Integer.parseInt(parts[0].trim());
            int w = parts.length == 1 ? h : Integer.parseInt(parts[1].trim());
            if (parts.length <= 2 && h > 0 && w > 0) {
                return new int[] {h, w};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "--input-size '" + text + "' is not HEIGHTxWIDTH (e.g. 32x32) or one size");
    }

    /** True when the options ask for dataset images to be converted to the model's input. */
    public boolean converts() {
        return inputSize != null || inputChannels > 0;
    }

    /**
     * The dataset as the model takes it: converted to the model's input size and channels when the
     * options ask for it (and they must then describe the model's input), unchanged otherwise.
     *
     * @param dataset the loaded dataset
     * @param model the imported model
     * @return the dataset to train, calibrate and evaluate on
     * @throws IllegalArgumentException when the options contradict the model's input
     */
    public Dataset adapt(Dataset dataset, ImportedModel model) {
        if (!converts()) {
            return dataset;
        }
        int[] shape = model.graph().inputShape();
        if (shape.length != 3) {
            throw new IllegalArgumentException(
                    "--input-size/--input-channels convert images, but the model's input is "
                            + Shapes.str(shape)
                            + ", not C x H x W");
        }
        if (inputSize != null && (inputSize[0] != shape[1] || inputSize[1] != shape[2])) {
            throw new IllegalArgumentException(
                    "--input-size "
                            + inputSize[0]
                            + "x"
                            + inputSize[1]
                            + " does not match "
                            + "the model's input "
                            + Shapes.str(shape)
                            + "; give --input-size "
                            + shape[1]
                            + "x"
                            + shape[2]);
        }
        if (inputChannels > 0 && inputChannels != shape[0]) {
            throw new IllegalArgumentException(
                    "--input-channels "
                            + inputChannels
                            + " does not match the model's input "
                            + Shapes.str(shape)
                            + "; give --input-channels "
                            + shape[0]);
        }
        int[] target = {
            inputChannels > 0 ? inputChannels : dataset.inputShape()[0],
            inputSize != null ? inputSize[0] : dataset.inputShape()[1],
            inputSize != null ? inputSize[1] : dataset.inputShape()[2]
        };
        return ImageResize.to(dataset, target);
    }

    /**
     * Reads and imports the model and settles its input scaling.
     *
     * @param progress where to say which scaling was chosen
     * @return the imported model, its input spec carrying the scaling
     * @throws OnnxImportException listing every reason the model cannot be imported
     * @throws IllegalArgumentException when the file is missing or the options do not fit the model
     * @throws IOException if the file cannot be read
     */
    public ImportedModel load(PrintStream progress) throws OnnxImportException, IOException {
        if (!Files.isRegularFile(onnx)) {
            throw new IllegalArgumentException("--onnx " + onnx + ": no such file");
        }
        ModelProto proto = OnnxImporter.read(onnx);
        ImportedModel m = OnnxImporter.importModel(proto, onnx.getFileName().toString(), null);
        InputSpec input = scaling(proto, m.graph().inputShape(), progress);
        progress.printf(
                "imported %s: %d nodes, %d parameters, input %s%n",
                onnx,
                m.graph().nodes().size(),
                m.graph().paramCount(),
                Shapes.str(m.graph().inputShape()));
        return new ImportedModel(m.graph(), input, m.outputSoftmax(), m.source());
    }

    /** The configuration as recorded in provenance and reports. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("onnx", onnx.toString());
        m.put("input_mean", mean == null ? "model" : Arrays.toString(mean));
        m.put("input_std", std == null ? "model" : Arrays.toString(std));
        if (converts()) {
            m.put(KEY_CONVERSION, ImageResize.METHOD);
        }
        return m;
    }

    private InputSpec scaling(ModelProto proto, int[] shape, PrintStream progress) {
        if (mean != null) {
            return InputSpec.of(shape, perChannel(shape));
        }
        InputSpec recorded = recordedScaling(proto.getMetadataPropsList(), shape);
        if (recorded != null) {
            progress.printf(
                    "input scaling from the model's metadata: mean %s, std %s (pixel/255)%n",
                    Arrays.toString(recorded.mean()), Arrays.toString(recorded.std()));
            return recorded;
        }
        progress.println(
                "input scaling: pixel/255 (mean 0, std 1); the model records none, so pass --mean and --std"
                        + " if it was trained on normalised inputs");
        return InputSpec.unit(shape);
    }

    private Normalization perChannel(int[] shape) {
        int channels = shape.length == 3 ? shape[0] : 1;
        if ((mean.length != 1 && mean.length != channels)
                || (std.length != 1 && std.length != channels)) {
            throw new IllegalArgumentException(
                    "--mean and --std need 1 or "
                            + channels
                            + " values each (the model's "
                            + "input has "
                            + channels
                            + " channels), got "
                            + mean.length
                            + " and "
                            + std.length);
        }
        float[] m = new float[channels];
        float[] s = new float[channels];
        for (int c = 0; c < channels; c++) {
            m[c] = mean[mean.length == 1 ? 0 : c];
            s[c] = std[std.length == 1 ? 0 : c];
        }
        return new Normalization(m, s);
    }

    /**
     * The scaling a tinyprune-written model records in its metadata, or null when it records none.
     * Files written before the input shape was recorded carry mean and std only: the model's own
     * shape is used then.
     *
     * @param props the model's {@code metadata_props}
     * @param shape the model's per-sample input shape
     * @return the recorded spec, or null
     * @throws IllegalArgumentException naming the malformed metadata key
     */
    public static InputSpec recordedScaling(List<StringStringEntryProto> props, int[] shape) {
        if (props.stream()
                .noneMatch(p -> p.getKey().equals(Provenance.configKey(InputSpec.KEY_MEAN)))) {
            return null;
        }
        List<StringStringEntryProto> all = new ArrayList<>(props);
        String shapeKey = Provenance.configKey(InputSpec.KEY_SHAPE);
        if (props.stream().noneMatch(p -> p.getKey().equals(shapeKey))) {
            all.add(
                    StringStringEntryProto.newBuilder()
                            .setKey(shapeKey)
                            .setValue(Arrays.toString(shape))
                            .build());
        }
        return InputSpec.fromMetadata(all);
    }
}
