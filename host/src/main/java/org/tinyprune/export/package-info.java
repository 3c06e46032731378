/**
 * Export of trained networks to ONNX: {@link org.tinyprune.export.OnnxExporter} turns a float
 * {@link org.tinyprune.nn.Graph} into an opset-13 {@code model.onnx} (BatchNorm kept or folded into
 * the convolution, fixed or symbolic batch) with provenance in its metadata. One small {@link
 * org.tinyprune.export.LayerEmitter} per layer kind, found through {@link
 * org.tinyprune.export.LayerEmitters}. {@link org.tinyprune.export.QdqExporter} writes the
 * quantised IR as {@code model_int8.onnx} in QDQ form (QuantizeLinear/DequantizeLinear around float
 * ops, per-axis int8 weights, int32 biases), one case per IR op, so that codegen's reader folds it
 * back to the same IR.
 */
package org.tinyprune.export;
