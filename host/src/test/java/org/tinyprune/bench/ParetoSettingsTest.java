package org.tinyprune.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tinyprune.prune.Salience;
import org.tinyprune.run.DistillConfig;
import org.tinyprune.run.ModelImport;
import org.tinyprune.run.PruneConfig;
import org.tinyprune.run.TrainConfig;

/**
 * The prune configuration of every run of a benchmark, per seed, from scratch and from the base.
 */
class ParetoSettingsTest {
    private static final Path BASE = Path.of("out/runs/seed-2/base/model.onnx");
    private static final ParetoPoint POINT = new ParetoPoint("32KiB", "8KiB", null, null);
    private static final DistillConfig FROM_BASE = new DistillConfig(null, 0.5f, 2f);

    static TrainConfig train(ModelImport imported) {
        return new TrainConfig(
                "fashion-mnist",
                null,
                "vgg-small",
                imported == null ? 0.5 : 1.0,
                8,
                64,
                0.05f,
                5e-4f,
                0.1f,
                0.1,
                42,
                0,
                0,
                imported);
    }

    static ParetoSettings settings(TrainConfig t) {
        return new ParetoSettings(
                t, "qemu-m4", List.of(POINT), List.of("dnp", "uniform"), Salience.BN_SCALE, 0.7);
    }

    @Test
    void fromScratchEveryRunTrainsTheSameScheduleWithItsSeed() {
        ParetoSettings s = settings(train(null));
        assertEquals(List.of(42L), s.seeds(), "one seed by default: the training seed");
        s = s.withSeeds(List.of(1L, 2L));
        PruneConfig base = s.base(2);
        assertEquals("none", base.method());
        assertEquals(2, base.train().seed());
        assertEquals(8, base.train().epochs());
        PruneConfig dnp = s.method("dnp", POINT, 2, BASE);
        assertEquals(2, dnp.train().seed());
        assertEquals(8, dnp.train().epochs());
        assertEquals(0.05f, dnp.train().learningRate());
        assertEquals(0.5, dnp.train().width());
        assertNull(dnp.train().imported(), "from scratch: no start model");
        assertEquals("8KiB", dnp.sram());
        assertFalse(s.methodsReadBase());

        PruneConfig distilled = s.withDistill(FROM_BASE).method("uniform", POINT, 2, BASE);
        assertEquals(
                BASE,
                distilled.train().distill().teacher(),
                "the seed's base teaches a run from scratch");
        assertNull(distilled.train().imported());
        assertNull(
                s.withDistill(FROM_BASE).base(2).train().distill(),
                "the base is the teacher, not a student");
        assertTrue(s.withDistill(FROM_BASE).methodsReadBase());
        Path teacher = Path.of("t.onnx");
        assertEquals(
                teacher,
                s.withDistill(new DistillConfig(teacher, 0.5f, 2f))
                        .method("dnp", POINT, 1, BASE)
                        .train()
                        .distill()
                        .teacher());
        assertFalse(s.withDistill(new DistillConfig(teacher, 0.5f, 2f)).methodsReadBase());
    }

    @Test
    void fromBaseEveryMethodImportsItsSeedsBaseAndFineTunes() {
        ParetoSettings s =
                settings(train(null))
                        .withSeeds(List.of(1L, 2L))
                        .fromBase(12, 0.002f)
                        .withDistill(FROM_BASE);
        PruneConfig base = s.base(2);
        assertEquals(12, base.train().epochs(), "--base-epochs");
        assertEquals(0.05f, base.train().learningRate(), "--lr, the scratch rate");
        assertNull(base.train().imported());
        PruneConfig l1 = s.method("l1", POINT, 2, BASE);
        assertEquals(BASE, l1.train().imported().onnx());
        assertNull(l1.train().imported().mean(), "the scaling the base's model records");
        assertEquals(8, l1.train().epochs(), "--epochs");
        assertEquals(0.002f, l1.train().learningRate(), "--fine-tune-lr");
        assertEquals(2, l1.train().seed());
        assertEquals(1.0, l1.train().width(), "the base's own widths");
        assertNull(l1.train().distill().teacher(), "teacher: the start model, which is the base");
        assertTrue(s.methodsReadBase());
        Map<String, Object> m = s.asMap();
        assertEquals(List.of(1L, 2L), m.get("seeds"));
        assertFalse(m.containsKey("seed"));
        assertEquals(12, m.get("base_epochs"));
        assertEquals("each seed's base", m.get("distill_teacher"));
        assertTrue(
                s.describe()
                        .contains(
                                "base trains 12 epochs from scratch at lr 0.05; every method starts from "
                                        + "that base's trained weights and trains 8 epochs at lr 0.002"),
                s.describe());
    }

    @Test
    void fromBaseKeepsAnImportedModelsImageConversion() {
        ModelImport user =
                new ModelImport(
                        Path.of("user.onnx"),
                        new float[] {0.3f},
                        new float[] {0.4f},
                        new int[] {32, 32},
                        3);
        PruneConfig dnp = settings(train(user)).fromBase(4, 0.001f).method("dnp", POINT, 42, BASE);
        assertEquals(BASE, dnp.train().imported().onnx());
        assertArrayEquals(new int[] {32, 32}, dnp.train().imported().inputSize());
        assertEquals(3, dnp.train().imported().inputChannels());
        assertNull(dnp.train().imported().mean(), "the base records the user's scaling");
    }

    @Test
    void badSettingsNameTheirFlag() {
        TrainConfig t = train(null);
        String m =
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        new ParetoSettings(
                                                t,
                                                "qemu-m4",
                                                List.of(POINT),
                                                List.of("none"),
                                                Salience.BN_SCALE,
                                                0.7))
                        .getMessage();
        assertTrue(
                m.contains(
                        "--methods 'none' is unknown; choose from "
                                + String.join(", ", ParetoSettings.allMethods())),
                m);
        m =
                assertThrows(IllegalArgumentException.class, () -> settings(t).withSeeds(List.of()))
                        .getMessage();
        assertTrue(m.contains("--seeds is empty"), m);
        m =
                assertThrows(
                                IllegalArgumentException.class,
                                () -> settings(t).withSeeds(List.of(1L, 1L)))
                        .getMessage();
        assertTrue(m.contains("--seeds lists a seed twice"), m);
        m =
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        new ParetoSettings(
                                                t,
                                                "qemu-m4",
                                                List.of(POINT),
                                                List.of("dnp"),
                                                Salience.BN_SCALE,
                                                0.7,
                                                List.of(1L),
                                                false,
                                                3,
                                                0.005f,
                                                null))
                        .getMessage();
        assertTrue(m.contains("--base-epochs applies with --from-base only"), m);
        m =
                assertThrows(IllegalArgumentException.class, () -> settings(t).fromBase(0, 0.01f))
                        .getMessage();
        assertTrue(m.contains("--base-epochs must be >= 1"), m);
        m =
                assertThrows(IllegalArgumentException.class, () -> settings(t).fromBase(2, 0f))
                        .getMessage();
        assertTrue(m.contains("--fine-tune-lr must be a number > 0"), m);
    }
}
