/**
 * The network IR shared by the ONNX reader, the quantiser, the int8 reference interpreter, the
 * resource model, the memory planner and the C emitter (contract C6).
 *
 * <p>A {@link org.tinyprune.ir.Graph} is an ordered list of {@link org.tinyprune.ir.Node}s over
 * named {@link org.tinyprune.ir.Tensor}s. Semantics follow ONNX, not the device: activations are
 * logically {@code [N, C, H, W]} for spatial ops, or of any rank 1 to 4 whose leading dimension is
 * data like any other (a symbolic first dimension of a graph input means batch 1), convolution
 * weights {@code [Cout, Cin/group, kH, kW]}, dense weights {@code [Cout, Cin]}, biases {@code
 * [Cout]}. {@link org.tinyprune.plan.DeviceLayout} (not the IR) maps these to the device's layout:
 * NHWC for 4-D tensors, row-major otherwise.
 *
 * <p>The same IR holds float graphs (every tensor {@link org.tinyprune.ir.DType#FLOAT32}) and
 * quantised graphs (int8 activations with per-tensor {@link org.tinyprune.ir.Quantization}, int8
 * weights with per-output-channel scales on axis 0, int32 biases with scale = input scale × weight
 * scale). Activation functions are never separate nodes when they can be fused: they are the {@link
 * org.tinyprune.ir.Clamp} of the node that produces the tensor.
 *
 * <p>Graphs are immutable; graph passes build new ones with {@link
 * org.tinyprune.ir.Graph#toBuilder()}.
 */
package org.tinyprune.ir;
