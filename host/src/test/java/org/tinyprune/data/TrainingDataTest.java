package org.tinyprune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingDataTest {

    /** 20 one-pixel images, two classes; image i has pixel value 10 i. */
    private static Dataset dataset() {
        byte[] px = new byte[20];
        int[] labels = new int[20];
        for (int i = 0; i < 20; i++) {
            px[i] = (byte) (10 * i);
            labels[i] = i % 2;
        }
        ImageSet train = new ImageSet(1, 1, 1, 2, px, labels);
        ImageSet test = new ImageSet(1, 1, 1, 2, new byte[] {1, 2, 3}, new int[] {0, 1, 0});
        return new Dataset(
                "toy", "memory", List.of("even", "odd"), train, test, new Augmentation(1, false));
    }

    @Test
    void normalisationComesFromTheTrainingPartOnly() {
        TrainingData data = TrainingData.prepare(dataset(), 0.2, 3);
        assertEquals(16, data.train().size());
        assertEquals(4, data.validation().size());
        double sum = 0;
        for (int i = 0; i < data.train().size(); i++) {
            sum += data.train().pixel(i, 0) / 255.0;
        }
        assertEquals(sum / 16, data.normalization().mean()[0], 1e-6);
        assertFalse(
                Math.abs(95 / 255.0 - data.normalization().mean()[0]) < 1e-6,
                "the validation images leaked into the statistics");
        assertEquals(new Augmentation(1, false), data.augmentation());
    }

    @Test
    void provenanceRecordsHowTheDataWasPrepared() {
        TrainingData data = TrainingData.prepare(dataset(), 0.2, 3);
        java.util.Map<String, String> p = data.provenance();
        assertEquals("toy", p.get("dataset"));
        assertEquals("16", p.get("train_images"));
        assertEquals("4", p.get("validation_images"));
        assertEquals("3", p.get("validation_split_seed"));
        assertEquals("even,odd", p.get("classes"));
        assertEquals("[1, 1, 1]", p.get("input_shape"));
        assertEquals(
                java.util.Arrays.toString(data.normalization().mean()),
                p.get("normalization_mean"));
        assertEquals("1", p.get("augmentation_crop_padding"));
        assertEquals(dataset().identity(), p.get("dataset_identity"));
    }

    @Test
    void streamsCoverTheirParts() {
        TrainingData data = TrainingData.prepare(dataset(), 0.2, 3);
        assertEquals(4, data.trainingBatches(4, 1).batchesPerEpoch());
        assertEquals(2, data.validationBatches(3).batchesPerEpoch());
        MiniBatches test = data.testBatches(8);
        test.startEpoch(0);
        test.next();
        assertArrayEquals(new int[] {0, 1, 0}, java.util.Arrays.copyOf(test.labels(), 3));
        assertEquals(0, TrainingData.prepare(dataset(), 0, 3).validation().size());
    }
}
