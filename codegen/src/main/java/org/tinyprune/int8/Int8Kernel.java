package org.tinyprune.int8;

import java.util.List;

/**
 * One prepared node of the int8 reference interpreter: all quantisation parameters are derived and
 * checked when it is built, so {@link #run(List)} does only the arithmetic the C kernel does.
 * Tensors are int8 values in the IR's logical layout (row-major NCHW or NF).
 */
@FunctionalInterface
public interface Int8Kernel {

    /**
     * Computes the node's output.
     *
     * @param inputs the node's activation inputs, in node input order (constants are held by the
     *     kernel)
     * @return the output tensor's int8 values
     */
    byte[] run(List<byte[]> inputs);
}
