package org.tinyprune.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Knowledge distillation for a training run: the teacher's soft outputs join the labels as targets
 * (see {@link org.tinyprune.train.Distillation}).
 *
 * @param teacher the teacher's float ONNX file, or null for the model the run starts from ({@code
 *     --onnx}); it must take the run's inputs, scaled as the run scales them
 * @param alpha weight of the distillation term, in [0, 1]
 * @param temperature softening temperature, &gt; 0
 */
public record DistillConfig(Path teacher, float alpha, float temperature) {
    /** Default weight of the distillation term. */
    public static final float ALPHA = 0.7f;

    /** Default temperature. */
    public static final float TEMPERATURE = 4f;

    /** Checks ranges; messages name the option. */
    public DistillConfig {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("--distill-alpha must be in [0, 1], got " + alpha);
        }
        if (!(temperature > 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException(
                    "--distill-temperature must be a positive number, got " + temperature);
        }
    }

    /** The configuration as key/values, for provenance and reports. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("distill_teacher", teacher == null ? "start" : teacher.toString());
        m.put("distill_alpha", alpha);
        m.put("distill_temperature", temperature);
        return m;
    }
}
