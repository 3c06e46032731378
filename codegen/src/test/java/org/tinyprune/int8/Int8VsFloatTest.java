package org.tinyprune.int8;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Clamp;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.GraphBuilder;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;

/**
 * Randomly shaped single-layer int8 graphs against the real-number result of the same layer on the
 * dequantised operands: every output code must be within one quantisation step of the correctly
 * rounded real result (max pooling: equal).
 */
class Int8VsFloatTest {

    private static final int GRAPHS = 150;

    private static Quantization randomActivation(SplittableRandom rnd) {
        return Quantization.perTensor(
                (float) Math.exp(rnd.nextDouble(-5, 0)), rnd.nextInt(-30, 31));
    }

    private static byte[] randomCodes(SplittableRandom rnd, int n, int lo) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(lo, 128);
        }
        return b;
    }

    private static void assertWithinOneStep(
            String what, byte[] got, double[] real, Quantization q, Clamp c) {
        double[] clamped = real.clone();
        for (int i = 0; i < clamped.length; i++) {
            clamped[i] = Math.min(Math.max(clamped[i], c.min()), c.max());
        }
        int[] expect = FloatReference.codes(clamped, q);
        for (int i = 0; i < got.length; i++) {
            assertTrue(
                    Math.abs(got[i] - expect[i]) <= 1,
                    what + " element " + i + ": int8 " + got[i] + " vs rounded real " + expect[i]);
        }
    }

    @Test
    void convolutionsOfEveryShape() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int t = 0; t < GRAPHS; t++) {
            int cin = rnd.nextInt(1, 7);
            int groups = rnd.nextInt(3) == 0 ? cin : 1;
            int cout = groups * rnd.nextInt(1, 4);
            int k = rnd.nextInt(1, 4);
            int stride = rnd.nextInt(1, 3);
            int[] pads = {rnd.nextInt(k), rnd.nextInt(k), rnd.nextInt(k), rnd.nextInt(k)};
            int h = rnd.nextInt(k, 8);
            int w = rnd.nextInt(k, 8);
            Quantization qIn = randomActivation(rnd);
            float[] wScales = new float[cout];
            float[] bScales = new float[cout];
            int[] bias = new int[cout];
            for (int o = 0; o < cout; o++) {
                wScales[o] = (float) Math.exp(rnd.nextDouble(-6, -2));
                bScales[o] = qIn.scale() * wScales[o];
                bias[o] = rnd.nextInt(-2000, 2001);
            }
            Quantization qW = Quantization.perAxis(wScales, 0);
            byte[] wt = randomCodes(rnd, cout * (cin / groups) * k * k, -127);
            byte[] x = randomCodes(rnd, cin * h * w, -128);
            Clamp clamp = rnd.nextBoolean() ? Clamp.NONE : Clamp.RELU;
            Attributes a =
                    Attributes.DEFAULT
                            .withPads(pads[0], pads[1], pads[2], pads[3])
                            .withStrides(stride, stride)
                            .withGroup(groups)
                            .withClamp(clamp);
            String desc =
                    "conv#" + t + " cin=" + cin + " cout=" + cout + " g=" + groups + " k=" + k
                            + " s=" + stride + " " + a;

            GraphBuilder b = Graph.builder("conv");
            b.tensor(Tensor.activation("x", new int[] {1, cin, h, w}, DType.INT8, qIn)).input("x");
            b.tensor(Tensor.constant("w", new int[] {cout, cin / groups, k, k}, wt, qW));
            b.tensor(
                    Tensor.constant("b", new int[] {cout}, bias, Quantization.perAxis(bScales, 0)));
            Node node = new Node("conv", OpKind.CONV, List.of("x", "w", "b"), "y", a);
            int[] shape = b.node(node, DType.INT8, qIn).find("y").shape();
            double[] realBias = new double[cout];
            for (int o = 0; o < cout; o++) {
                realBias[o] = bias[o] * ((double) qIn.scale() * wScales[o]);
            }
            double[] real =
                    FloatReference.conv(
                            FloatReference.dequantize(x, qIn, 1, 1),
                            cin,
                            h,
                            w,
                            FloatReference.dequantize(wt, qW, cout, wt.length / cout),
                            cout,
                            k,
                            k,
                            realBias,
                            stride,
                            pads,
                            groups,
                            shape[2],
                            shape[3]);
            Quantization qOut = FloatReference.rangeOf(real);
            b.tensor(Tensor.activation("y", shape, DType.INT8, qOut));
            byte[] got = new Int8Interpreter(b.output("y").build()).run(x);
            assertWithinOneStep(desc, got, real, qOut, clamp);
        }
    }

    @Test
    void denseLayers() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int t = 0; t < GRAPHS; t++) {
            int in = rnd.nextInt(1, 60);
            int out = rnd.nextInt(1, 12);
            Quantization qIn = randomActivation(rnd);
            float[] wScales = new float[out];
            for (int o = 0; o < out; o++) {
                wScales[o] = (float) Math.exp(rnd.nextDouble(-6, -2));
            }
            Quantization qW = Quantization.perAxis(wScales, 0);
            byte[] wt = randomCodes(rnd, in * out, -127);
            byte[] x = randomCodes(rnd, in, -128);
            GraphBuilder b = Graph.builder("fc");
            b.tensor(Tensor.activation("x", new int[] {1, in}, DType.INT8, qIn)).input("x");
            b.tensor(Tensor.constant("w", new int[] {out, in}, wt, qW));
            b.node(
                    new Node("fc", OpKind.DENSE, List.of("x", "w"), "y", Attributes.DEFAULT),
                    DType.INT8,
                    qIn);
            // Dense is a 1×1 conv over a 1×1 image with `in` channels.
            double[] real =
                    FloatReference.conv(
                            FloatReference.dequantize(x, qIn, 1, 1),
                            in,
                            1,
                            1,
                            FloatReference.dequantize(wt, qW, out, in),
                            out,
                            1,
                            1,
                            new double[out],
                            1,
                            new int[4],
                            1,
                            1,
                            1);
            Quantization qOut = FloatReference.rangeOf(real);
            b.tensor(Tensor.activation("y", new int[] {1, out}, DType.INT8, qOut));
            assertWithinOneStep(
                    "dense#" + t,
                    new Int8Interpreter(b.output("y").build()).run(x),
                    real,
                    qOut,
                    Clamp.NONE);
        }
    }

    @Test
    void poolingLayers() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int t = 0; t < GRAPHS; t++) {
            int c = rnd.nextInt(1, 4);
            int k = rnd.nextInt(1, 4);
            int stride = rnd.nextInt(1, 3);
            int pad = rnd.nextInt(k);
            int h = rnd.nextInt(k, 9);
            boolean max = rnd.nextBoolean();
            Quantization q = randomActivation(rnd);
            byte[] x = randomCodes(rnd, c * h * h, -128);
            Attributes a =
                    Attributes.DEFAULT
                            .withKernel(k, k)
                            .withStrides(stride, stride)
                            .withPads(pad, pad, pad, pad);
            GraphBuilder b = Graph.builder("pool");
            b.tensor(Tensor.activation("x", new int[] {1, c, h, h}, DType.INT8, q)).input("x");
            b.node(
                    new Node("p", max ? OpKind.MAX_POOL : OpKind.AVG_POOL, List.of("x"), "y", a),
                    DType.INT8,
                    q);
            Graph g = b.output("y").build();
            int oh = g.tensor("y").dim(2);
            double[] real =
                    FloatReference.pool(
                            FloatReference.dequantize(x, q, 1, 1),
                            c,
                            h,
                            h,
                            k,
                            stride,
                            pad,
                            oh,
                            oh,
                            max);
            byte[] got = new Int8Interpreter(g).run(x);
            int[] expect = FloatReference.codes(real, q);
            for (int i = 0; i < got.length; i++) {
                assertTrue(
                        Math.abs(got[i] - expect[i]) <= (max ? 0 : 1),
                        "pool#"
                                + t
                                + " "
                                + a
                                + " element "
                                + i
                                + ": "
                                + got[i]
                                + " vs "
                                + expect[i]);
            }
        }
    }

    @Test
    void addLayers() {
        SplittableRandom rnd = new SplittableRandom(14);
        for (int t = 0; t < GRAPHS; t++) {
            int n = rnd.nextInt(1, 50);
            Quantization qa = randomActivation(rnd);
            Quantization qb = randomActivation(rnd);
            byte[] xa = randomCodes(rnd, n, -128);
            byte[] xb = randomCodes(rnd, n, -128);
            double[] real = FloatReference.dequantize(xa, qa, 1, 1);
            double[] rb = FloatReference.dequantize(xb, qb, 1, 1);
            for (int i = 0; i < n; i++) {
                real[i] += rb[i];
            }
            Quantization qOut = FloatReference.rangeOf(real);
            Clamp clamp = rnd.nextBoolean() ? Clamp.NONE : Clamp.RELU6;
            GraphBuilder b = Graph.builder("add");
            b.tensor(Tensor.activation("a", new int[] {1, n}, DType.INT8, qa)).input("a");
            b.tensor(Tensor.activation("b", new int[] {1, n}, DType.INT8, qb)).input("b");
            b.node(
                    new Node(
                            "add",
                            OpKind.ADD,
                            List.of("a", "b"),
                            "y",
                            Attributes.DEFAULT.withClamp(clamp)),
                    DType.INT8,
                    qOut);
            Int8Interpreter interp = new Int8Interpreter(b.output("y").build());
            byte[] got = interp.runAll(Map.of("a", xa, "b", xb)).get("y");
            assertWithinOneStep("add#" + t, got, real, qOut, clamp);
        }
    }
}
