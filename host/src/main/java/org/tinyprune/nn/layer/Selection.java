package org.tinyprune.nn.layer;

/** Index checks shared by the layers' {@code selectChannels} methods. */
final class Selection {
    private Selection() {}

    /** Returns {@code i} if it lies in [0, n), else throws naming {@code what}. */
    static int index(int i, int n, String what) {
        if (i < 0 || i >= n) {
            throw new IllegalArgumentException(
                    what + " index " + i + " is out of range [0, " + n + ")");
        }
        return i;
    }
}
