package org.tinyprune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MiniBatchesTest {

    /** 10 images of 1x3x3; image i has pixels 20i + k and label i. */
    private static ImageSet images() {
        byte[] px = new byte[90];
        int[] labels = new int[10];
        for (int i = 0; i < 10; i++) {
            labels[i] = i;
            for (int k = 0; k < 9; k++) {
                px[i * 9 + k] = (byte) (20 * i + k);
            }
        }
        return new ImageSet(1, 3, 3, 10, px, labels);
    }

    /** Runs one epoch and records every batch's labels and inputs. */
    private static List<float[]> epoch(MiniBatches mb, int e, List<Integer> labelsOut) {
        mb.startEpoch(e);
        List<float[]> inputs = new ArrayList<>();
        while (mb.next()) {
            inputs.add(Arrays.copyOf(mb.inputs(), mb.size() * 9));
            for (int i = 0; i < mb.size(); i++) {
                labelsOut.add(mb.labels()[i]);
            }
        }
        return inputs;
    }

    @Test
    void evaluationKeepsOrderAndTheLastPartialBatch() {
        MiniBatches mb = MiniBatches.evaluation(images(), Normalization.unit(1), 4);
        assertEquals(3, mb.batchesPerEpoch());
        int[] sizes = new int[3];
        for (int k = 0; k < 3; k++) {
            assertTrue(mb.next());
            sizes[k] = mb.size();
        }
        assertFalse(mb.next());
        assertArrayEquals(new int[] {4, 4, 2}, sizes);
        assertArrayEquals(new int[] {2, 1, 3, 3}, mb.shape());
        assertEquals(9, mb.labels()[1]);
        assertEquals((20 * 9 + 4) / 255f, mb.inputs()[9 + 4], 1e-7f);
    }

    @Test
    void trainingEpochIsAPermutationWithoutTheIncompleteBatch() {
        MiniBatches mb =
                MiniBatches.training(images(), Normalization.unit(1), Augmentation.NONE, 3, 7);
        assertEquals(3, mb.batchesPerEpoch());
        List<Integer> labels = new ArrayList<>();
        List<float[]> inputs = epoch(mb, 0, labels);
        assertEquals(9, labels.size());
        assertEquals(9, labels.stream().distinct().count());
        // Unaugmented: each image's values are its own pixels, scaled.
        int first = labels.get(0);
        assertEquals((20 * first + 5) / 255f, inputs.get(0)[5], 1e-7f);
    }

    @Test
    void sameSeedSameBatchesAndEpochsAreIndependentOfHistory() {
        Augmentation aug = new Augmentation(1, true);
        MiniBatches a = MiniBatches.training(images(), Normalization.unit(1), aug, 5, 42);
        MiniBatches b = MiniBatches.training(images(), Normalization.unit(1), aug, 5, 42);
        List<Integer> la = new ArrayList<>();
        List<Integer> lb = new ArrayList<>();
        epoch(a, 0, la);
        epoch(a, 1, la);
        List<float[]> a2 = epoch(a, 2, la);
        List<float[]> b2 = epoch(b, 2, lb);
        assertEquals(la.subList(20, 30), lb);
        for (int k = 0; k < a2.size(); k++) {
            assertArrayEquals(a2.get(k), b2.get(k));
        }
    }

    @Test
    void otherSeedOrOtherEpochGivesOtherOrder() {
        MiniBatches a =
                MiniBatches.training(images(), Normalization.unit(1), Augmentation.NONE, 10, 1);
        MiniBatches b =
                MiniBatches.training(images(), Normalization.unit(1), Augmentation.NONE, 10, 2);
        List<Integer> a0 = new ArrayList<>();
        List<Integer> a1 = new ArrayList<>();
        List<Integer> b0 = new ArrayList<>();
        epoch(a, 0, a0);
        epoch(a, 1, a1);
        epoch(b, 0, b0);
        assertNotEquals(a0, b0);
        assertNotEquals(a0, a1);
    }

    @Test
    void augmentationChangesPixelsButNotLabels() {
        MiniBatches plain = MiniBatches.evaluation(images(), Normalization.unit(1), 10);
        MiniBatches aug =
                MiniBatches.training(
                        images(), Normalization.unit(1), new Augmentation(1, true), 10, 3);
        List<Integer> lp = new ArrayList<>();
        List<Integer> la = new ArrayList<>();
        float[] p = epoch(plain, 0, lp).get(0);
        float[] q = epoch(aug, 0, la).get(0);
        int changed = 0;
        for (int i = 0; i < 10; i++) {
            int at = lp.indexOf(la.get(i));
            if (!Arrays.equals(
                    Arrays.copyOfRange(p, at * 9, at * 9 + 9),
                    Arrays.copyOfRange(q, i * 9, i * 9 + 9))) {
                changed++;
            }
        }
        assertTrue(changed >= 5, "only " + changed + " of 10 images were augmented");
    }
}
