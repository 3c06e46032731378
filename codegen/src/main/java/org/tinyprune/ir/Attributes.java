package org.tinyprune.ir;

import java.util.Arrays;
import java.util.Objects;

/**
 * Node attributes. Each op reads only the ones its {@link OpKind} documents; the rest keep their
 * defaults. Immutable: the {@code with*} methods return modified copies.
 *
 * <ul>
 *   <li>{@link #kernel()} {@code {kH, kW}} — pools (for CONV the weight shape is authoritative and
 *       the reader checks they agree);
 *   <li>{@link #strides()} {@code {sH, sW}}, default {@code {1, 1}};
 *   <li>{@link #pads()} {@code {top, left, bottom, right}} (ONNX order), default zeros;
 *   <li>{@link #group()} for CONV, default 1;
 *   <li>{@link #axis()} for CONCAT and SOFTMAX, default 1;
 *   <li>{@link #clamp()} the fused output activation, default {@link Clamp#NONE};
 *   <li>{@link #dilations()} {@code {dH, dW}} for CONV and pools, default {@code {1, 1}};
 *   <li>{@link #ceilMode()} for pools: output sizes round up (ONNX {@code ceil_mode}), default
 *       false;
 *   <li>{@link #countIncludePad()} for AVG_POOL: padded positions count in the divisor, default
 *       false;
 *   <li>{@link #perm()} for TRANSPOSE: output axis {@code i} is input axis {@code perm[i]}, default
 *       empty.
 * </ul>
 */
public final class Attributes {
    /** All defaults. */
    public static final Attributes DEFAULT =
            new Attributes(
                    new int[] {1, 1},
                    new int[] {1, 1},
                    new int[4],
                    1,
                    1,
                    Clamp.NONE,
                    new int[] {1, 1},
                    false,
                    false,
                    new int[0]);

    private final int[] kernel;
    private final int[] strides;
    private final int[] pads;
    private final int group;
    private final int axis;
    private final Clamp clamp;
    private final int[] dilations;
    private final boolean ceilMode;
    private final boolean countIncludePad;
    private final int[] perm;

    private Attributes(
            int[] kernel,
            int[] strides,
            int[] pads,
            int group,
            int axis,
            Clamp clamp,
            int[] dilations,
            boolean ceilMode,
            boolean countIncludePad,
            int[] perm) {
        this.kernel = check("kernel", kernel, 2, 1);
        this.strides = check("strides", strides, 2, 1);
        this.pads = check("pads", pads, 4, 0);
        if (group < 1) {
            throw new IllegalArgumentException("group must be >= 1, got " + group);
        }
        this.group = group;
        this.axis = axis;
        this.clamp = Objects.requireNonNull(clamp, "clamp");
        this.dilations = check("dilations", dilations, 2, 1);
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.perm = perm.clone();
    }

    private static int[] check(String what, int[] v, int length, int min) {
        if (v.length != length) {
            throw new IllegalArgumentException(
                    what + " needs " + length + " values, got " + Arrays.toString(v));
        }
        for (int x : v) {
            if (x < min) {
                throw new IllegalArgumentException(
                        what + " values must be >= " + min + ", got " + Arrays.toString(v));
            }
        }
        return v.clone();
    }

    /** Window size {@code {kH, kW}}. */
    public int[] kernel() {
        return kernel.clone();
    }

    /** Strides {@code {sH, sW}}. */
    public int[] strides() {
        return strides.clone();
    }

    /** Padding {@code {top, left, bottom, right}}. */
    public int[] pads() {
        return pads.clone();
    }

    /** Convolution groups (Cin for depthwise). */
    public int group() {
        return group;
    }

    /** Axis for CONCAT / SOFTMAX. */
    public int axis() {
        return axis;
    }

    /** Fused output clamp. */
    public Clamp clamp() {
        return clamp;
    }

    /**
     * Window dilations {@code {dH, dW}} (CONV and pools): tap {@code t} reads offset {@code t · d}.
     */
    public int[] dilations() {
        return dilations.clone();
    }

    /** True when pool output sizes round up (ONNX {@code ceil_mode = 1}). */
    public boolean ceilMode() {
        return ceilMode;
    }

    /**
     * True when an average pool counts padded positions in its divisor (ONNX {@code
     * count_include_pad = 1}).
     */
    public boolean countIncludePad() {
        return countIncludePad;
    }

    /** Axis permutation of a TRANSPOSE (empty for other ops). */
    public int[] perm() {
        return perm.clone();
    }

    /** Copy with another window size. */
    public Attributes withKernel(int kH, int kW) {
        return new Attributes(
                new int[] {kH, kW},
                strides,
                pads,
                group,
                axis,
                clamp,
                dilations,
                ceilMode,
                countIncludePad,
                perm);
    }

    /** Copy with other strides. */
    public Attributes withStrides(int sH, int sW) {
        return new Attributes(
                kernel,
                new int[] {sH, sW},
                pads,
                group,
                axis,
                clamp,
                dilations,
                ceilMode,
                countIncludePad,
                perm);
    }

    /** Copy with other pads {@code top, left, bottom, right}. */
    public Attributes withPads(int top, int left, int bottom, int right) {
        return new Attributes(
                kernel,
                strides,
                new int[] {top, left, bottom, right},
                group,
                axis,
                clamp,
                dilations,
                ceilMode,
                countIncludePad,
                perm);
    }

    /** Copy with another group count. */
    public Attributes withGroup(int g) {
        return new Attributes(
                kernel, strides, pads, g, axis, clamp, dilations, ceilMode, countIncludePad, perm);
    }

    /** Copy with another axis. */
    public Attributes withAxis(int a) {
        return new Attributes(
                kernel, strides, pads, group, a, clamp, dilations, ceilMode, countIncludePad, perm);
    }

    /** Copy with another clamp. */
    public Attributes withClamp(Clamp c) {
        return new Attributes(
                kernel, strides, pads, group, axis, c, dilations, ceilMode, countIncludePad, perm);
    }

    /** Copy with other window dilations. */
    public Attributes withDilations(int dH, int dW) {
        return new Attributes(
                kernel,
                strides,
                pads,
                group,
                axis,
                clamp,
                new int[] {dH, dW},
                ceilMode,
                countIncludePad,
                perm);
    }

    /** Copy with another ceil mode. */
    public Attributes withCeilMode(boolean ceil) {
        return new Attributes(
                kernel, strides, pads, group, axis, clamp, dilations, ceil, countIncludePad, perm);
    }

    /** Copy with another count_include_pad. */
    public Attributes withCountIncludePad(boolean include) {
        return new Attributes(
                kernel, strides, pads, group, axis, clamp, dilations, ceilMode, include, perm);
    }

    /** Copy with another axis permutation. */
    public Attributes withPerm(int... p) {
        return new Attributes(
                kernel, strides, pads, group, axis, clamp, dilations, ceilMode, countIncludePad, p);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attributes a
                && Arrays.equals(kernel, a.kernel)
                && Arrays.equals(strides, a.strides)
                && Arrays.equals(pads, a.pads)
                && group == a.group
                && axis == a.axis
                && clamp.equals(a.clamp)
                && Arrays.equals(dilations, a.dilations)
                && ceilMode == a.ceilMode
                && countIncludePad == a.countIncludePad
                && Arrays.equals(perm, a.perm);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                Arrays.hashCode(kernel),
                Arrays.hashCode(strides),
                Arrays.hashCode(pads),
                group,
                axis,
                clamp,
                Arrays.hashCode(dilations),
                ceilMode,
                countIncludePad,
                Arrays.hashCode(perm));
    }

    @Override
    public String toString() {
        return "kernel="
                + Arrays.toString(kernel)
                + " strides="
                + Arrays.toString(strides)
                + " pads="
                + Arrays.toString(pads)
                + " group="
                + group
                + " axis="
                + axis
                + " clamp="
                + clamp
                + " dilations="
                + Arrays.toString(dilations)
                + " ceil="
                + ceilMode
                + " countIncludePad="
                + countIncludePad
                + (perm.length == 0 ? "" : " perm=" + Arrays.toString(perm));
    }
}
