package org.tinyprune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Loads the real Fashion-MNIST files of Debian's dataset-fashion-mnist package. */
class FashionMnistTest {

    private static Dataset data;

    @BeforeAll
    static void load() throws DatasetException {
        data = Datasets.load(Datasets.DEFAULT, null);
    }

    @Test
    void hasTheKnownSizesAndBalancedClasses() {
        assertEquals(60000, data.train().size());
        assertEquals(10000, data.test().size());
        assertArrayEquals(new int[] {1, 28, 28}, data.inputShape());
        int[] sixThousand = new int[10];
        java.util.Arrays.fill(sixThousand, 6000);
        assertArrayEquals(sixThousand, data.train().classCounts());
        int[] thousand = new int[10];
        java.util.Arrays.fill(thousand, 1000);
        assertArrayEquals(thousand, data.test().classCounts());
        assertEquals(Datasets.FASHION_MNIST_DIR.toString(), data.source());
    }

    @Test
    void firstItemsAreTheKnownOnes() {
        // The first training item is an ankle boot (9), then a T-shirt (0); the first test item
        // is an ankle boot, the second a pullover (2).
        assertEquals(9, data.train().label(0));
        assertEquals(0, data.train().label(1));
        assertEquals(9, data.test().label(0));
        assertEquals(2, data.test().label(1));
    }

    @Test
    void fingerprintMatchesCrc32OfTheFilesDataSections() {
        // Reference: Python's zlib.crc32 over the decompressed IDX data sections (images after
        // their 16-byte header, then labels after their 8-byte header).
        assertEquals(
                "fashion-mnist "
                        + Datasets.FASHION_MNIST_DIR
                        + " train 60000 crc32 a8c91d78"
                        + " test 10000 crc32 d12e98e2",
                data.identity());
    }

    @Test
    void trainingStatisticsMatchThePublishedOnes() {
        Normalization n = Normalization.fromTrainingSet(data.train());
        assertEquals(0.2860f, n.mean()[0], 5e-4f);
        assertEquals(0.3530f, n.std()[0], 5e-4f);
    }

    @Test
    void validationSplitHoldsOutTenPercentOfEachClass() {
        ValidationSplit s = ValidationSplit.stratified(data.train(), 0.1, 1);
        int[] six = new int[10];
        java.util.Arrays.fill(six, 600);
        assertArrayEquals(six, s.validation().classCounts());
        assertEquals(54000, s.train().size());
    }
}
