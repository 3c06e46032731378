package org.tinyprune.nn.onnx;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinyprune.data.Normalization;
import org.tinyprune.onnx.proto.Onnx.StringStringEntryProto;
import org.tinyprune.provenance.Provenance;

/**
 * What a model's input is and how raw samples become it: per-sample size (channels × height ×
 * width) and the per-channel mean/std normalisation, in units of pixel / 255 as {@link
 * Normalization} uses them.
 *
 * <p>One record, one (de)serialiser per place it is kept, so writer and reader agree:
 *
 * <ul>
 *   <li>report.json: {@link #toReport()} is the {@code "normalization"} block the prune job already
 *       writes ({@code mean}, {@code std}) plus {@code channels}, {@code height}, {@code width};
 *       {@link #fromReport(JsonElement)} reads it back;
 *   <li>ONNX metadata: {@link #toConfig()} gives the provenance configuration entries ({@code
 *       normalization_mean}, {@code normalization_std} as the run session writes them, plus {@code
 *       input_shape}); {@link #fromMetadata(List)} reads them back from {@code metadata_props}.
 * </ul>
 *
 * @param channels input channels
 * @param height input height
 * @param width input width
 * @param mean per-channel mean (pixel / 255), one value per channel
 * @param std per-channel standard deviation (pixel / 255), positive
 */
public record InputSpec(int channels, int height, int width, float[] mean, float[] std) {

    /** Configuration key of the per-sample input shape in the provenance metadata. */
    public static final String KEY_SHAPE = "input_shape";

    /** Configuration key of the mean, as the run session writes it. */
    public static final String KEY_MEAN = "normalization_mean";

    /** Configuration key of the std, as the run session writes it. */
    public static final String KEY_STD = "normalization_std";

    /**
     * Checks the values; a single mean or std applies to every channel.
     *
     * @throws IllegalArgumentException naming the value at fault
     */
    public InputSpec {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "input size must be positive, got channels="
                            + channels
                            + " height="
                            + height
                            + " width="
                            + width);
        }
        mean = perChannel("mean", mean, channels);
        std = perChannel("std", std, channels);
        new Normalization(mean, std); // validates finiteness and positive std
    }

    /** A spec of the per-sample shape {@code [C, H, W]} with normalisation {@code n}. */
    public static InputSpec of(int[] chw, Normalization n) {
        if (chw.length != 3) {
            throw new IllegalArgumentException(
                    "input shape must be C×H×W, got " + Arrays.toString(chw));
        }
        return new InputSpec(chw[0], chw[1], chw[2], n.mean(), n.std());
    }

    /** A spec of the per-sample shape {@code [C, H, W]} that only scales pixels to [0, 1]. */
    public static InputSpec unit(int[] chw) {
        return of(chw, Normalization.unit(chw[0]));
    }

    private static float[] perChannel(String what, float[] v, int channels) {
        if (v == null || (v.length != 1 && v.length != channels)) {
            throw new IllegalArgumentException(
                    "input "
                            + what
                            + " needs 1 or "
                            + channels
                            + " values (one per channel), got "
                            + (v == null ? "none" : Arrays.toString(v)));
        }
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) {
            out[c] = v.length == 1 ? v[0] : v[c];
        }
        return out;
    }

    /** The per-sample shape {@code [C, H, W]}. */
    public int[] shape() {
        return new int[] {channels, height, width};
    }

    /** The normalisation as the data loaders apply it. */
    public Normalization normalization() {
        return new Normalization(mean, std);
    }

    /** The mean (a copy). */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** The std (a copy). */
    @Override
    public float[] std() {
        return std.clone();
    }

    /** The report.json block: {@code channels, height, width, mean, std}. */
    public Map<String, Object> toReport() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channels", channels);
        m.put("height", height);
        m.put("width", width);
        m.put("mean", mean.clone());
        m.put("std", std.clone());
        return m;
    }

    /**
     * Reads the block {@link #toReport()} wrote.
     *
     * @throws IllegalArgumentException naming a missing or malformed key
     */
    public static InputSpec fromReport(JsonElement block) {
        if (block == null || !block.isJsonObject()) {
            throw new IllegalArgumentException(
                    "input block must be a JSON object with channels, height, width,"
                            + " mean, std; got "
                            + block);
        }
        JsonObject o = block.getAsJsonObject();
        return new InputSpec(
                integer(o, "channels"),
                integer(o, "height"),
                integer(o, "width"),
                floats(o, "mean"),
                floats(o, "std"));
    }

    private static int integer(JsonObject o, String key) {
        if (!o.has(key) || !o.get(key).isJsonPrimitive()) {
            throw new IllegalArgumentException("input block has no number '" + key + "': " + o);
        }
        return o.get(key).getAsInt();
    }

    private static float[] floats(JsonObject o, String key) {
        if (!o.has(key) || !o.get(key).isJsonArray()) {
            throw new IllegalArgumentException("input block has no array '" + key + "': " + o);
        }
        JsonArray a = o.getAsJsonArray(key);
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsFloat();
        }
        return v;
    }

    /**
     * Provenance configuration entries ({@link #KEY_SHAPE}, {@link #KEY_MEAN}, {@link #KEY_STD}).
     */
    public Map<String, String> toConfig() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(KEY_SHAPE, Arrays.toString(shape()));
        m.put(KEY_MEAN, Arrays.toString(mean));
        m.put(KEY_STD, Arrays.toString(std));
        return m;
    }

    /**
     * Reads the spec back from ONNX {@code metadata_props} written through {@link #toConfig()} and
     * {@link Provenance#toMetadataProps()}.
     *
     * @throws IllegalArgumentException naming the missing or malformed key
     */
    public static InputSpec fromMetadata(List<StringStringEntryProto> props) {
        Map<String, String> m = new LinkedHashMap<>();
        props.forEach(e -> m.put(e.getKey(), e.getValue()));
        float[] shape = list(m, KEY_SHAPE);
        if (shape.length != 3) {
            throw new IllegalArgumentException(
                    "metadata '"
                            + key(KEY_SHAPE)
                            + "' must be [C, H, W], got "
                            + m.get(key(KEY_SHAPE)));
        }
        return new InputSpec(
                (int) shape[0],
                (int) shape[1],
                (int) shape[2],
                list(m, KEY_MEAN),
                list(m, KEY_STD));
    }

    private static String key(String configKey) {
        return Provenance.configKey(configKey);
    }

    private static float[] list(Map<String, String> m, String configKey) {
        String v = m.get(key(configKey));
        if (v == null) {
            throw new IllegalArgumentException(
                    "the model metadata has no '"
                            + key(configKey)
                            + "'; it was not written by a tinyprune import or run");
        }
        String body = v.trim();
        if (!body.startsWith("[") || !body.endsWith("]")) {
            throw new IllegalArgumentException(
                    "metadata '" + key(configKey) + "' is '" + v + "', not a [a, b, ...] list");
        }
        String[] parts = body.substring(1, body.length() - 1).split(",");
        float[] out = new float[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                out[i] = Float.parseFloat(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "metadata '" + key(configKey) + "' is '" + v + "', not a list of numbers");
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputSpec s
                && channels == s.channels
                && height == s.height
                && width == s.width
                && Arrays.equals(mean, s.mean)
                && Arrays.equals(std, s.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape()) + 7 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return channels
                + "×"
                + height
                + "×"
                + width
                + ", mean "
                + Arrays.toString(mean)
                + " std "
                + Arrays.toString(std);
    }
}
