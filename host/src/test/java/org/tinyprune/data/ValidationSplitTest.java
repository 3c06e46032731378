package org.tinyprune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {

    /** 100 images, classes of 40/30/20/10; pixel = image index. */
    private static ImageSet unbalanced() {
        int[] labels = new int[100];
        byte[] px = new byte[100];
        for (int i = 0; i < 100; i++) {
            labels[i] = i < 40 ? 0 : i < 70 ? 1 : i < 90 ? 2 : 3;
            px[i] = (byte) i;
        }
        return new ImageSet(1, 1, 1, 4, px, labels);
    }

    @Test
    void partsAreDisjointCoverEverythingAndKeepClassShares() {
        ValidationSplit s = ValidationSplit.stratified(unbalanced(), 0.1, 5);
        assertArrayEquals(new int[] {4, 3, 2, 1}, s.validation().classCounts());
        assertArrayEquals(new int[] {36, 27, 18, 9}, s.train().classCounts());
        boolean[] seen = new boolean[100];
        for (int[] part : new int[][] {s.trainIndices(), s.validationIndices()}) {
            for (int i : part) {
                assertFalse(seen[i], "image " + i + " is in both parts");
                seen[i] = true;
            }
        }
        for (boolean b : seen) {
            assertEquals(true, b);
        }
        // The held-out images carry their own pixels and labels.
        for (int k = 0; k < s.validation().size(); k++) {
            assertEquals(s.validationIndices()[k], s.validation().pixel(k, 0));
        }
    }

    @Test
    void seedDecidesTheSplit() {
        int[] a = ValidationSplit.stratified(unbalanced(), 0.2, 1).validationIndices();
        int[] b = ValidationSplit.stratified(unbalanced(), 0.2, 1).validationIndices();
        int[] c = ValidationSplit.stratified(unbalanced(), 0.2, 2).validationIndices();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void badFractionIsRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ValidationSplit.stratified(unbalanced(), 1.0, 1));
        assertEquals(0, ValidationSplit.stratified(unbalanced(), 0, 1).validation().size());
    }
}
