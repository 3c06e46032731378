/**
 * The network API: {@link org.tinyprune.nn.Tensor}s (NCHW float32), {@link org.tinyprune.nn.Param}s,
 * the {@link org.tinyprune.nn.Layer} abstraction and the {@link org.tinyprune.nn.Graph} of named
 * {@link org.tinyprune.nn.Node}s built with a {@link org.tinyprune.nn.GraphBuilder}.
 *
 * <p>Execution (forward in train or eval mode, reverse-mode differentiation) lives in
 * {@link org.tinyprune.nn.GraphRunner}; concrete layers live in {@code org.tinyprune.nn.layer};
 * the numeric kernels they share (GEMM, im2col, the deterministic parallel loop) in
 * {@code org.tinyprune.nn.kernel}.
 */
package org.tinyprune.nn;
