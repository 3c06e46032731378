/**
 * Static memory planning: which activation tensors share storage ({@link org.tinyprune.plan.Buffers}),
 * the execution order that minimises peak live bytes ({@link org.tinyprune.plan.OrderSearch}), and
 * offsets in one static arena ({@link org.tinyprune.plan.ArenaPlanner}). Kernel scratch is sized by
 * {@link org.tinyprune.plan.KernelScratch}, the Java mirror of the kernels' {@code _get_buffer_size}
 * rules. {@link org.tinyprune.plan.MemoryPlanner} runs the three and reports the planned arena next
 * to its lower bound.
 */
package org.tinyprune.plan;
