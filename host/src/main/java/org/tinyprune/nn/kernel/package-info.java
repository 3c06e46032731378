/**
 * Numeric kernels shared by the layers: register-blocked GEMMs and vector loops written with the
 * incubating Vector API ({@code jdk.incubator.vector}, so every JVM that runs tinyprune needs
 * {@code --add-modules jdk.incubator.vector}), im2col/col2im for convolutions, and {@link
 * org.tinyprune.nn.kernel.Parallel}, a fixed-partition parallel loop whose results do not depend on
 * the number of threads (each task writes its own output range or partial sum; partial sums are
 * reduced in task order).
 */
package org.tinyprune.nn.kernel;
