package org.tinyprune.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.nn.GraphRunner;
import org.tinyprune.nn.Tensor;

/** The distillation teacher of a run: which model it is, and what the session refuses. */
class DistillSessionTest {
    @TempDir static Path dir;
    private static Path trained;

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    private static TrainConfig tiny() {
        return new TrainConfig(
                "fashion-mnist",
                null,
                "vgg-small",
                0.25,
                1,
                16,
                0.05f,
                5e-4f,
                0.1f,
                0.0,
                7,
                256,
                64);
    }

    @BeforeAll
    static void trainABase() throws Exception {
        TrainJob.run(tiny(), dir.resolve("base"), false, quiet());
        trained = dir.resolve("base").resolve("model.onnx");
    }

    @Test
    void theStartModelTeachesAsAFrozenCopy() throws Exception {
        TrainConfig c =
                tiny().withStart(new ModelImport(trained, null, null))
                        .withDistill(new DistillConfig(null, 0.5f, 2f));
        Session s = Session.open(c, quiet());
        assertNotSame(s.graph(), s.teacher(), "the teacher must not be the network being trained");
        Tensor x = new Tensor(new int[] {2, 1, 28, 28});
        java.util.Arrays.fill(x.data(), 0.3f);
        float[] student =
                new GraphRunner(s.graph()).forward(new Tensor[] {x}, false).data().clone();
        float[] teacher =
                new GraphRunner(s.teacher()).forward(new Tensor[] {x}, false).data().clone();
        assertArrayEquals(
                student, teacher, 1e-5f, "before training, the start model and its teacher agree");
        s.trainer(s.graph()).fit(s.trainingBatches(), 1);
        float[] trainedStudent =
                new GraphRunner(s.graph()).forward(new Tensor[] {x}, false).data().clone();
        float[] sameTeacher =
                new GraphRunner(s.teacher()).forward(new Tensor[] {x}, false).data().clone();
        assertArrayEquals(
                teacher, sameTeacher, 0f, "training the start model leaves its teacher untouched");
        assertFalse(
                java.util.Arrays.equals(student, trainedStudent),
                "the start model itself was trained");
    }

    @Test
    void noDistillationMeansNoTeacher() throws Exception {
        assertNull(Session.open(tiny(), quiet()).teacher());
    }

    @Test
    void distillationNeedsATeacher() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> tiny().withDistill(new DistillConfig(null, 0.5f, 2f)));
        assertTrue(e.getMessage().contains("--teacher"), e.getMessage());
    }

    @Test
    void aTeacherScaledOtherwiseIsRefused() {
        TrainConfig c =
                tiny().withStart(new ModelImport(trained, new float[] {0.5f}, new float[] {0.25f}))
                        .withDistill(new DistillConfig(trained, 0.5f, 2f));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Session.open(c, quiet()));
        assertTrue(
                e.getMessage().contains("--teacher") && e.getMessage().contains("scales its input"),
                e.getMessage());
    }

    @Test
    void aMissingTeacherFileIsNamed() {
        TrainConfig c = tiny().withDistill(new DistillConfig(dir.resolve("none.onnx"), 0.5f, 2f));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Session.open(c, quiet()));
        assertTrue(e.getMessage().contains("none.onnx"), e.getMessage());
    }
}
