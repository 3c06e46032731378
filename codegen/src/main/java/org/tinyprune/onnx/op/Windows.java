package org.tinyprune.onnx.op;

import java.util.Arrays;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Shapes;
import org.tinyprune.onnx.NodeAttributes;
import org.tinyprune.onnx.UnsupportedModelException;

/**
 * Sliding-window attributes shared by Conv and the pools: strides, pads, auto_pad, dilations,
 * ceil_mode.
 */
final class Windows {
    private Windows() {}

    /**
     * Resolves strides, dilations and padding (explicit or {@code auto_pad}, with the dilated
     * extent {@code d (k - 1) + 1}) for a 2-D convolution window of size {@code kernel} over an
     * input of spatial size {@code hw}, returning attributes with kernel, strides, pads and
     * dilations set. Padding must be smaller than the dilated extent (the kernels' rule).
     */
    static Attributes resolve(NodeAttributes a, int[] kernel, int[] hw)
            throws UnsupportedModelException {
        int[] strides = a.ints("strides");
        strides = strides == null ? new int[] {1, 1} : strides;
        int[] dil = a.ints("dilations");
        dil = dil == null ? new int[] {1, 1} : dil;
        if (strides.length != 2 || dil.length != 2) {
            throw a.fail(
                    "only 2-D windows are supported, got strides "
                            + Arrays.toString(strides)
                            + " dilations "
                            + Arrays.toString(dil));
        }
        if (strides[0] < 1 || strides[1] < 1 || dil[0] < 1 || dil[1] < 1) {
            throw a.fail(
                    "strides and dilations must be >= 1, got strides "
                            + Arrays.toString(strides)
                            + " dilations "
                            + Arrays.toString(dil));
        }
        int[] extent = {dil[0] * (kernel[0] - 1) + 1, dil[1] * (kernel[1] - 1) + 1};
        int[] pads = pads(a, hw, strides, extent);
        for (int i = 0; i < 2; i++) {
            if (pads[i] < 0
                    || pads[i + 2] < 0
                    || pads[i] >= extent[i]
                    || pads[i + 2] >= extent[i]) {
                throw a.fail(
                        "pads "
                                + Arrays.toString(pads)
                                + " not in [0, window extent) for kernel "
                                + Arrays.toString(kernel)
                                + " and dilations "
                                + Arrays.toString(dil)
                                + ": windows entirely in padding are not supported");
            }
            if (hw[i] + pads[i] + pads[i + 2] < extent[i]) {
                throw a.fail(
                        "the window (extent "
                                + extent[i]
                                + " = dilation "
                                + dil[i]
                                + " x (kernel "
                                + kernel[i]
                                + " - 1) + 1) is larger than the padded input ("
                                + hw[i]
                                + " + pads "
                                + pads[i]
                                + " + "
                                + pads[i + 2]
                                + ") along axis "
                                + (i + 2));
            }
        }
        if (a.integer("ceil_mode", 0) != 0) {
            for (int i = 0; i < 2; i++) {
                int floor = Shapes.windowOut(hw[i], extent[i], strides[i], pads[i], pads[i + 2]);
                int ceil =
                        Math.floorDiv(
                                        hw[i] + pads[i] + pads[i + 2] - extent[i] + strides[i] - 1,
                                        strides[i])
                                + 1;
                if (floor != ceil) {
                    throw a.fail(
                            "ceil_mode=1 changes the output size here ("
                                    + floor
                                    + " vs "
                                    + ceil
                                    + "); export with ceil_mode=0 or pads that make the division exact");
                }
            }
        }
        return Attributes.DEFAULT
                .withKernel(kernel[0], kernel[1])
                .withStrides(strides[0], strides[1])
                .withPads(pads[0], pads[1], pads[2], pads[3])
                .withDilations(dil[0], dil[1]);
    }

    /**
     * Resolves a pool's strides, dilations, padding (explicit or {@code auto_pad}, with the dilated
     * extent) and {@code ceil_mode} for a 2-D window of size {@code kernel} over an input of
     * spatial size {@code hw}. Whether every window touches the input is checked with the output
     * shape ({@link Shapes#everyWindowTouchesInput}).
     */
    static Attributes resolvePool(NodeAttributes a, int[] kernel, int[] hw)
            throws UnsupportedModelException {
        int[] strides = a.ints("strides");
        strides = strides == null ? new int[] {1, 1} : strides;
        int[] dil = a.ints("dilations");
        dil = dil == null ? new int[] {1, 1} : dil;
        if (strides.length != 2 || dil.length != 2) {
            throw a.fail(
                    "only 2-D windows are supported, got strides "
                            + Arrays.toString(strides)
                            + " dilations "
                            + Arrays.toString(dil));
        }
        for (int i = 0; i < 2; i++) {
            if (strides[i] < 1 || dil[i] < 1 || kernel[i] < 1) {
                throw a.fail(
                        "kernel, strides and dilations must be >= 1, got kernel "
                                + Arrays.toString(kernel)
                                + " strides "
                                + Arrays.toString(strides)
                                + " dilations "
                                + Arrays.toString(dil));
            }
        }
        int[] extent = {dil[0] * (kernel[0] - 1) + 1, dil[1] * (kernel[1] - 1) + 1};
        int[] pads = pads(a, hw, strides, extent);
        for (int p : pads) {
            if (p < 0) {
                throw a.fail("negative pads " + Arrays.toString(pads) + " are not supported");
            }
        }
        boolean ceil =
                a.integer("ceil_mode", 0) != 0 && a.string("auto_pad", "NOTSET").equals("NOTSET");
        return Attributes.DEFAULT
                .withKernel(kernel[0], kernel[1])
                .withStrides(strides[0], strides[1])
                .withPads(pads[0], pads[1], pads[2], pads[3])
                .withDilations(dil[0], dil[1])
                .withCeilMode(ceil);
    }

    /**
     * The pads {@code {top, left, bottom, right}}: explicit, or from {@code auto_pad} (SAME_UPPER /
     * SAME_LOWER split the total padding of a window of extent {@code extent} so that the output is
     * ceil(input / stride); VALID is none).
     */
    private static int[] pads(NodeAttributes a, int[] hw, int[] strides, int[] extent)
            throws UnsupportedModelException {
        String autoPad = a.string("auto_pad", "NOTSET");
        int[] pads = a.ints("pads");
        if (!autoPad.equals("NOTSET") && pads != null) {
            throw a.fail("both auto_pad=" + autoPad + " and explicit pads given");
        }
        switch (autoPad) {
            case "NOTSET" -> pads = pads == null ? new int[4] : pads;
            case "VALID" -> pads = new int[4];
            case "SAME_UPPER", "SAME_LOWER" -> {
                pads = new int[4];
                for (int i = 0; i < 2; i++) {
                    int out = (hw[i] + strides[i] - 1) / strides[i];
                    int total = Math.max((out - 1) * strides[i] + extent[i] - hw[i], 0);
                    int small = total / 2;
                    pads[i] = autoPad.equals("SAME_UPPER") ? small : total - small;
                    pads[i + 2] = total - pads[i];
                }
            }
            default -> throw a.fail("auto_pad=" + autoPad + " is not an ONNX value");
        }
        if (pads.length != 4) {
            throw a.fail("pads must have 4 values for a 2-D window, got " + Arrays.toString(pads));
        }
        return pads;
    }
}
