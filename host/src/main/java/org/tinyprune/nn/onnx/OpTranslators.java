package org.tinyprune.nn.onnx;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The registry of {@link OpTranslator}s by ONNX operator type (default domain). */
final class OpTranslators {
    private static final Map<String, OpTranslator> TRANSLATORS = new TreeMap<>();

    static {
        TRANSLATORS.put("Conv", ConvTranslator::conv);
        TRANSLATORS.put("Gemm", DenseTranslator::gemm);
        TRANSLATORS.put("MatMul", DenseTranslator::matMul);
        TRANSLATORS.put("BatchNormalization", NormTranslator::batchNorm);
        TRANSLATORS.put("Relu", ActivationTranslator::relu);
        TRANSLATORS.put("Clip", ActivationTranslator::clip);
        TRANSLATORS.put("Sigmoid", ActivationTranslator::sigmoid);
        TRANSLATORS.put("HardSigmoid", ActivationTranslator::hardSigmoid);
        TRANSLATORS.put("HardSwish", ActivationTranslator::hardSwish);
        TRANSLATORS.put("MaxPool", PoolTranslator::maxPool);
        TRANSLATORS.put("AveragePool", PoolTranslator::averagePool);
        TRANSLATORS.put("GlobalAveragePool", PoolTranslator::globalAveragePool);
        TRANSLATORS.put("ReduceMean", PoolTranslator::reduceMean);
        TRANSLATORS.put("Add", ElementwiseTranslator::add);
        TRANSLATORS.put("Mul", ElementwiseTranslator::mul);
        TRANSLATORS.put("Concat", ShapeTranslator::concat);
        TRANSLATORS.put("Flatten", ShapeTranslator::flatten);
        TRANSLATORS.put("Reshape", ShapeTranslator::reshape);
        TRANSLATORS.put("Transpose", ShapeTranslator::transpose);
        TRANSLATORS.put("Pad", ShapeTranslator::pad);
        TRANSLATORS.put("Identity", ShapeTranslator::identity);
        TRANSLATORS.put("Dropout", ShapeTranslator::dropout);
        TRANSLATORS.put("Softmax", ShapeTranslator::softmax);
        TRANSLATORS.put("Shape", ShapeTranslator::shape);
    }

    private OpTranslators() {}

    /** The translator for {@code op}, or null. */
    static OpTranslator forOp(String op) {
        return TRANSLATORS.get(op);
    }

    /** Every operator the importer accepts (translated, or folded when its inputs are constant). */
    static Set<String> supported() {
        Set<String> all = new TreeSet<>(TRANSLATORS.keySet());
        all.addAll(ConstantFolder.ops());
        all.add("Constant");
        return all;
    }
}
