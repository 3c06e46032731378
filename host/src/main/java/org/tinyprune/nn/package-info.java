/**
 * The network API: {@link org.tinyprune.nn.Tensor}s (NCHW float32), {@link
 * org.tinyprune.nn.Param}s, the {@link org.tinyprune.nn.Layer} abstraction and the {@link
 * org.tinyprune.nn.Graph} of named {@link org.tinyprune.nn.Node}s built with a {@link
 * org.tinyprune.nn.GraphBuilder}.
 *
 * <p>Layers declare what they can do through capability interfaces, so export and quantisation need
 * no list of layer classes: {@link org.tinyprune.nn.OnnxForm} (the layer's float ONNX nodes) and
 * {@link org.tinyprune.nn.Int8Form} (its int8 IR node and how its output is quantised).
 *
 * <p>Execution (forward in train or eval mode, reverse-mode differentiation) lives in {@link
 * org.tinyprune.nn.GraphRunner}; concrete layers live in {@code org.tinyprune.nn.layer}; the
 * numeric kernels they share (GEMM, im2col, the deterministic parallel loop) in {@code
 * org.tinyprune.nn.kernel}.
 */
package org.tinyprune.nn;
