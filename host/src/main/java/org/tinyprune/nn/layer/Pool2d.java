package org.tinyprune.nn.layer;

import java.util.List;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Shapes;

/** Square-window pooling geometry shared by {@link MaxPool2d} and {@link AvgPool2d}. */
abstract class Pool2d extends Layer {
    final int kernel;
    final int stride;
    final int padding;

    Pool2d(int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": need kernel >= 1, stride >= 1, "
                    + "0 <= padding <= kernel/2; got kernel=" + kernel + " stride=" + stride + " padding=" + padding);
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    /** Window size (square). */
    public int kernel() {
        return kernel;
    }

    /** Stride (both axes). */
    public int stride() {
        return stride;
    }

    /** Padding on every side. */
    public int padding() {
        return padding;
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        expectInputs(inputShapes, 1);
        int[] s = expectImage(kind(), inputShapes.get(0), -1);
        int oh = Shapes.windowOut(s[1], kernel, stride, padding);
        int ow = Shapes.windowOut(s[2], kernel, stride, padding);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(kind() + " window " + kernel + " does not fit input " + Shapes.str(s));
        }
        return new int[] {s[0], oh, ow};
    }
}
