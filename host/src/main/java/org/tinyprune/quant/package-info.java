/**
 * Post-training int8 quantisation and quantisation-aware fine-tuning of a float {@link
 * org.tinyprune.nn.Graph} (DESIGN §3, the TFLite/CMSIS-NN scheme).
 *
 * <p>Pipeline, entry point {@link org.tinyprune.quant.Quantizer#quantize}:
 *
 * <ol>
 *   <li>{@link org.tinyprune.quant.BatchNormFolder}: BatchNorm folded into the preceding
 *       convolution, Dropout removed;
 *   <li>{@link org.tinyprune.quant.Calibrator}: activation ranges observed on training batches
 *       (min/max or an outlier-robust percentile);
 *   <li>{@link org.tinyprune.quant.IrQuantizer}: each layer lowered to the IR node its {@link
 *       org.tinyprune.nn.Int8Form} declares, with symmetric per-output-channel int8 weights,
 *       asymmetric per-tensor int8 activations, int32 biases, ReLU/ReLU6/clamps fused as output
 *       clamps, ranges shared where kernels do not rescale, emitted as a quantised {@link
 *       org.tinyprune.ir.Graph} that the int8 reference interpreter and the C code generator run;
 *   <li>{@link org.tinyprune.quant.QuantizedModel}: the result, evaluated with the int8 reference
 *       interpreter and exportable as QDQ ONNX.
 * </ol>
 *
 * {@link org.tinyprune.quant.QatFineTuner} recovers accuracy with fake quantisation ({@link
 * org.tinyprune.quant.FakeQuant}, straight-through gradients) when post-training quantisation loses
 * too much.
 */
package org.tinyprune.quant;
