package org.tinyprune.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.Param;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.layer.BatchNorm2d;
import org.tinyprune.onnx.proto.Onnx.ModelProto;

/** Test support: runs exported models in ONNX Runtime and compares with the Java forward pass. */
final class OrtCheck {
    static final Path FASHION_TEST_IMAGES =
            Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");

    private OrtCheck() {}

    /** Runs {@code model} on {@code input} in ONNX Runtime; returns the flat first output. */
    static float[] run(ModelProto model, Tensor input) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = new long[input.rank()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = input.dim(i);
        }
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(model.toByteArray(), opts);
                 OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.data()), shape);
                 OrtSession.Result r = s.run(Map.of(model.getGraph().getInput(0).getName(), x))) {
                OnnxTensor y = (OnnxTensor) r.get(0);
                FloatBuffer fb = y.getFloatBuffer();
                float[] out = new float[fb.remaining()];
                fb.get(out);
                return out;
            }
        }
    }

    /** Largest absolute element-wise difference; fails loudly on a size mismatch. */
    static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("output sizes differ: " + a.length + " vs " + b.length);
        }
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            float d = Math.abs(a[i] - b[i]);
            if (!(d <= m)) {
                m = Float.isNaN(d) ? Float.POSITIVE_INFINITY : d;
            }
        }
        return m;
    }

    /**
     * The first {@code n} Fashion-MNIST test images as an N×1×28×28 batch, scaled to [0, 1] then
     * standardised with the training-set mean 0.2860 and standard deviation 0.3530.
     */
    static Tensor fashionMnist(int n) throws IOException {
        float[] data = new float[n * 784];
        try (InputStream raw = Files.newInputStream(FASHION_TEST_IMAGES);
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            if (in.readInt() != 0x803) {
                throw new IOException(FASHION_TEST_IMAGES + ": not an IDX image file");
            }
            in.readInt();
            in.readInt();
            in.readInt();
            for (int i = 0; i < data.length; i++) {
                data[i] = (in.readUnsignedByte() / 255f - 0.2860f) / 0.3530f;
            }
        }
        return new Tensor(new int[] {n, 1, 28, 28}, data);
    }

    /** A seeded random batch of the given shape, values in [-scale, scale). */
    static Tensor random(long seed, float scale, int... shape) {
        Tensor t = new Tensor(shape);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        }
        return t;
    }

    /**
     * Initialises {@code g} from {@code seed}, then gives every BatchNorm non-trivial statistics
     * and affine parameters (as after training), and every bias non-zero values, so that export
     * mistakes in any of them show.
     */
    static void randomize(Graph g, long seed) {
        g.init(seed);
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (Node n : g.nodes()) {
            if (n.layer() instanceof BatchNorm2d bn) {
                fill(bn.gamma(), rng, 0.5, 1.5);
                fill(bn.beta(), rng, -0.5, 0.5);
                fill(bn.runningMean(), rng, -0.5, 0.5);
                fill(bn.runningVar(), rng, 0.5, 2.0);
            } else {
                for (Param p : n.layer().params()) {
                    if (p.name().equals("bias")) {
                        fill(p, rng, -0.2, 0.2);
                    }
                }
            }
        }
    }

    private static void fill(Param p, SplittableRandom rng, double lo, double hi) {
        float[] v = p.values();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (lo + rng.nextDouble() * (hi - lo));
        }
    }
}
