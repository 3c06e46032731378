package org.tinyprune.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.int8.Affine;
import org.tinyprune.int8.Int8Interpreter;
import org.tinyprune.ir.Quantization;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Tensor;

/** Fake quantisation and quantisation-aware fine-tuning. */
class QatTest {

    @Test
    void fakeQuantRoundsLikeTheInputQuantiserAndPassesGradientsInsideTheRange() {
        Quantization q = Quantization.perTensor(0.1f, -20);
        FakeQuant fq = new FakeQuant(q);
        float[] x = {-20f, -10.8f, 0.04f, 0.05f, 0.26f, 14.7f, 14.8f, 30f};
        Tensor out = fq.forward(new Tensor[] {new Tensor(new int[] {1, 8}, x)}, true);
        float[] expect = Affine.dequantize(Affine.quantize(x, q), q);
        assertArrayEquals(expect, java.util.Arrays.copyOf(out.data(), 8), 1e-6f);
        Tensor g = new Tensor(new int[] {1, 8}, new float[] {1, 1, 1, 1, 1, 1, 1, 1});
        Tensor[] dx =
                fq.backward(
                        new Tensor[] {new Tensor(new int[] {1, 8}, x)},
                        out,
                        g,
                        new boolean[] {true});
        // representable range: 0.1 * (-128 + 20) = -10.8 .. 0.1 * (127 + 20) = 14.7
        assertArrayEquals(
                new float[] {0, 1, 1, 1, 1, 1, 0, 0},
                java.util.Arrays.copyOf(dx[0].data(), 8),
                1e-6f);
    }

    @Test
    void weightListenerKeepsFloatMastersAndRoundsTheLiveWeights() {
        Graph g = BatchNormFolder.fold(TestModels.everyLayer(5));
        float[] original = g.params().get("c1.weight").values().clone();
        WeightFakeQuantListener l = new WeightFakeQuantListener(g);
        float[] live = g.params().get("c1.weight").values();
        WeightQuantizer.Weights w = WeightQuantizer.perChannel(original, 6);
        int per = original.length / 6;
        for (int i = 0; i < live.length; i++) {
            assertEquals(w.codes()[i] * w.scales()[i / per], live[i], 1e-7f);
        }
        live[0] += 0.001f; // an optimizer step on the rounded value
        l.onBatchEnd(null, null);
        l.onTrainingEnd(null);
        assertEquals(original[0] + 0.001f, g.params().get("c1.weight").values()[0], 1e-6f);
        assertEquals(original[1], g.params().get("c1.weight").values()[1], 1e-7f);
    }

    @Test
    void fineTuningRecoversAgreementWithTheFloatTeacher() throws Exception {
        Graph teacher = TestModels.everyLayer(6);
        int n = 512;
        List<Tensor> batches = TestModels.noiseBatches(new int[] {1, 12, 12}, n / 64, 64, 40);
        // Centre the teacher's logits per class (through the dense bias) so its labels are diverse.
        float[] mean = new float[5];
        for (Tensor x : batches) {
            float[] logits = teacher.forward(x).data();
            for (int i = 0; i < 64 * 5; i++) {
                mean[i % 5] += logits[i] / n;
            }
        }
        float[] fcBias = teacher.params().get("fc.bias").values();
        for (int k = 0; k < 5; k++) {
            fcBias[k] -= mean[k];
        }
        float[] inputs = new float[n * 144];
        int[] labels = new int[n];
        for (int b = 0; b < batches.size(); b++) {
            float[] logits = teacher.forward(batches.get(b)).data();
            System.arraycopy(batches.get(b).data(), 0, inputs, b * 64 * 144, 64 * 144);
            for (int s = 0; s < 64; s++) {
                int arg = 0;
                for (int k = 1; k < 5; k++) {
                    arg = logits[s * 5 + k] > logits[s * 5 + arg] ? k : arg;
                }
                labels[b * 64 + s] = arg;
            }
        }
        // Ranges clipped hard (95th percentile) so that post-training quantisation loses agreement.
        QuantizedModel ptq =
                Quantizer.quantize(teacher, batches, QuantOptions.DEFAULTS.withPercentile(95));
        double before = ptq.accuracy(inputs, labels, n);
        QuantizedModel qat =
                QatFineTuner.fineTune(ptq, new ArrayBatches(inputs, labels, 144, 64), 8, 2e-3f);
        double after = qat.accuracy(inputs, labels, n);
        System.out.printf("QAT on teacher labels: int8 agreement %.3f -> %.3f%n", before, after);
        assertEquals(
                ptq.toIr().tensor("r1").quantization(), qat.toIr().tensor("r1").quantization());
        assertTrue(before < 0.95, "the clipped ranges should cost agreement, got " + before);
        assertTrue(
                after > before + 0.02, "QAT did not recover agreement: " + before + " -> " + after);
        assertTrue(Int8Interpreter.argmax(qat.runInt8(java.util.Arrays.copyOf(inputs, 144))) >= 0);
    }
}
