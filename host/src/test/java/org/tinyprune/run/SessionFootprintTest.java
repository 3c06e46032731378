package org.tinyprune.run;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tinyprune.zoo.ModelConfig;

/** A zoo network too large to train is refused by its --width before anything is allocated. */
class SessionFootprintTest {
    private static final long GIB = 1L << 30;

    private static TrainConfig config(double width) {
        return new TrainConfig(
                "fashion-mnist", null, "vgg-small", width, 1, 64, 0.05f, 5e-4f, 0.1f, 0.1, 1, 0, 0);
    }

    private static String refusal(double width, long heap) {
        ModelConfig model = new ModelConfig(1, 28, 28, 10, width);
        return assertThrows(
                        IllegalArgumentException.class,
                        () -> Session.checkFootprint(config(width), model, heap))
                .getMessage();
    }

    @Test
    void widthWhoseLayerExceedsAJavaArrayNamesWidthAndLayer() {
        String m = refusal(1e9, 64 * GIB);
        assertTrue(m.startsWith("--width 1.0E9 makes vgg-small about 1.38e+23 parameters"), m);
        assertTrue(m.contains("conv3_1.weight alone would hold 7.37e+22 values"), m);
        assertTrue(m.contains("1.0 gives 140,458 parameters"), m);
    }

    @Test
    void widthThatFitsArraysButNotTheHeapNamesTheMemory() {
        // width 40: channels 1280-2560-5120, 221,272,330 parameters (as `tinyprune train` prints):
        // 2.65 GB of values, gradients and momentum alone, beyond 1 GiB
        String m = refusal(40, GIB);
        assertTrue(m.startsWith("--width 40.0 makes vgg-small about 2.2"), m);
        assertTrue(m.contains("more than the 1.0 GiB this JVM may use"), m);
    }

    @Test
    void ordinaryWidthsPass() {
        assertDoesNotThrow(
                () ->
                        Session.checkFootprint(
                                config(1.0), new ModelConfig(1, 28, 28, 10, 1.0), GIB));
        assertDoesNotThrow(
                () ->
                        Session.checkFootprint(
                                config(4.0), new ModelConfig(1, 28, 28, 10, 4.0), 8 * GIB));
    }

    @Test
    void hopelessWidthIsRefusedBeforeTheDatasetIsRead() {
        // 1e9 overflows a Java array whatever the input; width 40 (221,272,330 parameters at
        // 28x28, about 2.5 GiB of values, gradients and momentum alone) cannot fit 1 GiB whatever
        // the data
        String m =
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Session.checkWidthBeforeLoading(config(1e9), 64 * GIB))
                        .getMessage();
        assertTrue(m.startsWith("--width 1.0E9 makes vgg-small about"), m);
        assertTrue(m.contains("conv3_1.weight alone would hold 7.37e+22 values"), m);
        m =
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Session.checkWidthBeforeLoading(config(40), GIB))
                        .getMessage();
        assertTrue(
                m.contains("its parameters, their gradients and momentum alone need about 2."), m);
        assertTrue(m.contains("more than the 1.0 GiB this JVM may use"), m);
    }

    @Test
    void theEarlyCheckNeverRefusesWhatTheExactCheckWouldTake() {
        // width 4 needs more than 1 GiB to train on 28x28 in batches of 64, but its parameters fit:
        // the early check must let it through to the exact one
        assertDoesNotThrow(() -> Session.checkWidthBeforeLoading(config(4.0), GIB));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        Session.checkFootprint(
                                config(4.0), new ModelConfig(1, 28, 28, 10, 4.0), GIB / 8));
        assertDoesNotThrow(() -> Session.checkWidthBeforeLoading(config(4.0), GIB / 8));
    }
}
