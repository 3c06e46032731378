/**
 * Static memory planning: which activation tensors share storage ({@link
 * org.tinyprune.plan.Buffers}), the execution order that minimises peak live bytes ({@link
 * org.tinyprune.plan.OrderSearch}), and offsets in one static arena ({@link
 * org.tinyprune.plan.ArenaPlanner}). Kernel scratch is sized by {@link
 * org.tinyprune.plan.KernelScratch}, the Java mirror of the kernels' {@code _get_buffer_size}
 * rules. {@link org.tinyprune.plan.MemoryPlanner} runs the three and reports the planned arena next
 * to its lower bound. Adds, clamps, table activations, muls and depthwise convolutions write over
 * an input of their output's size that dies there; an in-place depthwise convolution's step holds
 * the kernel's line buffer (the window's input rows and the weights of four channels, {@link
 * org.tinyprune.plan.KernelScratch#mayRunInPlace}) instead of a second tensor, when that makes the
 * arena smaller ({@link org.tinyprune.plan.MemoryPlanner}). A chain of convolutions and pools may
 * run streamed ({@link org.tinyprune.plan.StreamChain}, {@code tp_stream_chain_s8}): its
 * intermediate maps get no slot, only line buffers held as its first node's scratch; the planner
 * picks chains greedily where they make the arena smaller.
 */
package org.tinyprune.plan;
