package org.tinyprune.measure;

import java.util.ArrayList;
import java.util.List;
import org.tinyprune.data.ImageSet;
import org.tinyprune.data.Normalization;
import org.tinyprune.int8.Affine;
import org.tinyprune.ir.Quantization;

/**
 * Turns dataset images into model inputs: normalise the pixels as in training, quantise with the
 * model input's scale and zero point (ONNX QuantizeLinear rounding, through the int8 package's
 * {@link Affine}), and reorder channel-major (IR) codes to channel-last (device, contract C2).
 */
public final class DeviceSamples {
    private DeviceSamples() {}

    /**
     * Prepares the first {@code count} images of a set.
     *
     * @param images test images (CHW pixels)
     * @param count how many, from index 0
     * @param normalization the training normalisation
     * @param input the model input's quantisation (per tensor)
     * @param inputBytes the model's input size, to check the image shape against
     * @return the samples
     * @throws IllegalArgumentException when the images do not match the model's input size, or the
     *     set holds fewer than {@code count} images
     */
    public static List<DeviceSample> prepare(
            ImageSet images,
            int count,
            Normalization normalization,
            Quantization input,
            long inputBytes) {
        if (images.imageSize() != inputBytes) {
            throw new IllegalArgumentException(
                    "test images are "
                            + images.channels()
                            + "x"
                            + images.height()
                            + "x"
                            + images.width()
                            + " = "
                            + images.imageSize()
                            + " values but the model takes "
                            + inputBytes
                            + "; measure the model on the dataset it was trained for");
        }
        if (count < 1 || count > images.size()) {
            throw new IllegalArgumentException(
                    "--samples " + count + " must be in 1.." + images.size());
        }
        if (normalization.channels() != images.channels()) {
            throw new IllegalArgumentException(
                    "normalisation has "
                            + normalization.channels()
                            + " channels but the images have "
                            + images.channels());
        }
        int plane = images.height() * images.width();
        byte[] pixels = new byte[images.imageSize()];
        float[] real = new float[images.imageSize()];
        List<DeviceSample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            images.copyImage(i, pixels, 0);
            normalization.apply(pixels, 0, plane, real, 0);
            byte[] nchw = Affine.quantize(real, input);
            out.add(
                    new DeviceSample(
                            i, images.label(i), nchw, toNhwc(nchw, images.channels(), plane)));
        }
        return out;
    }

    /**
     * Reorders one image from channel-major to channel-last.
     *
     * @param nchw codes, {@code channels * plane} of them
     * @param channels channel count
     * @param plane pixels per channel
     * @return the codes in NHWC order
     */
    public static byte[] toNhwc(byte[] nchw, int channels, int plane) {
        byte[] out = new byte[nchw.length];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++) {
                out[p * channels + c] = nchw[c * plane + p];
            }
        }
        return out;
    }
}
