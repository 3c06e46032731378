package org.tinyprune.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A validation set held out from a training set, stratified by class: from every class the same
 * fraction of images (rounded to the nearest whole image) is chosen at random with a seeded
 * generator, so the split is the same for the same seed and the class balance is kept. Both parts
 * keep the original order of the images.
 *
 * @param train the images left for training
 * @param validation the images held out
 * @param trainIndices indices into the original set of the images in {@code train}, ascending
 * @param validationIndices indices into the original set of the held-out images, ascending
 */
public record ValidationSplit(
        ImageSet train, ImageSet validation, int[] trainIndices, int[] validationIndices) {

    /**
     * Splits an image set.
     *
     * @param images the full training set
     * @param fraction the share of each class to hold out, in [0, 1)
     * @param seed the seed of the random choice
     * @return the split
     * @throws IllegalArgumentException if the fraction is outside [0, 1) or leaves no training
     *     image
     */
    public static ValidationSplit stratified(ImageSet images, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException(
                    "validation fraction "
                            + fraction
                            + " must lie in [0, 1), e.g. 0.1 to hold out 10% of each class");
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < images.numClasses(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < images.size(); i++) {
            byClass.get(images.label(i)).add(i);
        }
        boolean[] heldOut = new boolean[images.size()];
        int held = 0;
        SplittableRandom random = new SplittableRandom(seed);
        for (List<Integer> members : byClass) {
            int take = (int) Math.round(members.size() * fraction);
            // Partial Fisher-Yates: the first `take` slots become a uniform random sample.
            for (int k = 0; k < take; k++) {
                int j = k + random.nextInt(members.size() - k);
                Integer tmp = members.get(k);
                members.set(k, members.get(j));
                members.set(j, tmp);
                heldOut[members.get(k)] = true;
            }
            held += take;
        }
        if (held == images.size()) {
            throw new IllegalArgumentException(
                    "validation fraction "
                            + fraction
                            + " of "
                            + images.size()
                            + " images leaves none for training");
        }
        int[] trainIdx = new int[images.size() - held];
        int[] valIdx = new int[held];
        int t = 0;
        int v = 0;
        for (int i = 0; i < images.size(); i++) {
            if (heldOut[i]) {
                valIdx[v++] = i;
            } else {
                trainIdx[t++] = i;
            }
        }
        return new ValidationSplit(
                images.subset(trainIdx), images.subset(valIdx), trainIdx, valIdx);
    }

    @Override
    public String toString() {
        return "train "
                + train.size()
                + " / validation "
                + validation.size()
                + " "
                + Arrays.toString(validation.classCounts());
    }
}
