package org.tinyprune.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.tinyprune.data.Dataset;
import org.tinyprune.data.Datasets;
import org.tinyprune.data.MiniBatches;
import org.tinyprune.data.Normalization;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.Param;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.layer.BatchNorm2d;
import org.tinyprune.onnx.proto.Onnx.ModelProto;

/** Test support: runs exported models in ONNX Runtime and compares with the Java forward pass. */
public final class OrtCheck {
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
                    OnnxTensor x =
                            OnnxTensor.createTensor(env, FloatBuffer.wrap(input.data()), shape);
                    OrtSession.Result r =
                            s.run(Map.of(model.getGraph().getInput(0).getName(), x))) {
                OnnxTensor y = (OnnxTensor) r.get(0);
                FloatBuffer fb = y.getFloatBuffer();
                float[] out = new float[fb.remaining()];
                fb.get(out);
                return out;
            }
        }
    }

    /**
     * Runs {@code model} in ONNX Runtime on {@code input}, graph optimisations off; returns the
     * flat first output. Off because ONNX Runtime's optimiser fuses a zero Pad into a following
     * MaxPool as if MaxPool padded with zeros (it pads with −inf), which changes results (see
     * onnxsim/onnxsim#290 for the same fault in the ONNX optimizer).
     */
    public static float[] runUnoptimised(ModelProto model, Tensor input) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = new long[input.rank()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = input.dim(i);
        }
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession s = env.createSession(model.toByteArray(), opts);
                    OnnxTensor x =
                            OnnxTensor.createTensor(
                                    env, FloatBuffer.wrap(input.data(), 0, input.size()), shape);
                    OrtSession.Result r =
                            s.run(Map.of(model.getGraph().getInput(0).getName(), x))) {
                FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
                float[] out = new float[fb.remaining()];
                fb.get(out);
                return out;
            }
        }
    }

    /**
     * The IR node alone, its activation inputs promoted to graph inputs (for per-node QDQ checks).
     */
    static org.tinyprune.ir.Graph singleNode(
            org.tinyprune.ir.Graph ir, org.tinyprune.ir.Node node) {
        org.tinyprune.ir.GraphBuilder b = org.tinyprune.ir.Graph.builder(node.name());
        java.util.Set<String> declared = new java.util.HashSet<>();
        for (String in : node.inputs()) {
            org.tinyprune.ir.Tensor t = ir.tensor(in);
            b.tensor(t);
            if (!t.isConstant() && declared.add(in)) {
                b.input(in);
            }
        }
        b.tensor(ir.tensor(node.output()));
        return b.node(node).output(node.output()).build();
    }

    /**
     * Runs {@code model} (the QDQ export of {@code g}) in ONNX Runtime without graph optimisations,
     * feeding each named input with the shape {@code g} gives it; returns the flat first output.
     */
    static float[] run(ModelProto model, org.tinyprune.ir.Graph g, Map<String, float[]> feeds)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new java.util.HashMap<>();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession s = env.createSession(model.toByteArray(), opts)) {
                for (var e : feeds.entrySet()) {
                    long[] shape =
                            Arrays.stream(g.tensor(e.getKey()).shape()).asLongStream().toArray();
                    inputs.put(
                            e.getKey(),
                            OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue()), shape));
                }
                try (OrtSession.Result r = s.run(inputs)) {
                    FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
                    float[] out = new float[fb.remaining()];
                    fb.get(out);
                    return out;
                }
            } finally {
                inputs.values().forEach(OnnxTensor::close);
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
     * The first {@code n} Fashion-MNIST test images as an N×1×28×28 batch, loaded and normalised
     * (training-set mean and standard deviation) by the project's dataset code.
     */
    static Tensor fashionMnist(int n) throws Exception {
        Dataset d = Datasets.load(Datasets.DEFAULT, null);
        MiniBatches batches =
                MiniBatches.evaluation(d.test(), Normalization.fromTrainingSet(d.train()), n);
        batches.startEpoch(0);
        if (!batches.next() || batches.size() != n) {
            throw new IllegalStateException(
                    "Fashion-MNIST test set has fewer than " + n + " images");
        }
        return new Tensor(new int[] {n, 1, 28, 28}, Arrays.copyOf(batches.inputs(), n * 784));
    }

    /** A seeded random batch of the given shape, values in [-scale, scale). */
    public static Tensor random(long seed, float scale, int... shape) {
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
