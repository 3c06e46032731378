/**
 * Numeric kernels shared by the layers: a cache-blocked GEMM written so that HotSpot C2
 * auto-vectorises its inner loop, im2col/col2im for convolutions, and {@link
 * org.tinyprune.nn.kernel.Parallel}, a fixed-partition parallel loop whose results do not depend on
 * the number of threads (each task writes its own output range or partial sum; partial sums are
 * reduced in task order).
 */
package org.tinyprune.nn.kernel;
