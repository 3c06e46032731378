/**
 * The int8 arithmetic of the device and its Java reference interpreter.
 *
 * <p>This package is the single Java definition of what the int8 kernels in {@code device-runtime}
 * compute (DESIGN §3, the TFLite/CMSIS-NN scheme):
 *
 * <ul>
 *   <li>{@link org.tinyprune.int8.FixedPoint}: saturating rounding doubling high multiply, rounding
 *       divide by a power of two, and their composition {@link
 *       org.tinyprune.int8.FixedPoint#requantize(int, int, int)};
 *   <li>{@link org.tinyprune.int8.QuantizedMultiplier}: a real multiplier encoded as a Q31
 *       multiplier and a power-of-two shift;
 *   <li>{@link org.tinyprune.int8.AddRescale}: the parameters of the int8 element-wise add;
 *   <li>{@link org.tinyprune.int8.MulRescale}: the parameters of the int8 element-wise multiply;
 *   <li>{@link org.tinyprune.int8.LookupTable}: the 256-entry tables of the smooth activations
 *       (sigmoid, hard sigmoid, hard swish), computed once for the interpreter and the emitter;
 *   <li>{@link org.tinyprune.int8.Pooling}: the rounding of average pooling.
 * </ul>
 *
 * Every function here is bit-identical to its C counterpart in {@code tp_requant.h}; host-built C
 * and board outputs are compared with these functions bit for bit.
 *
 * <p>{@link org.tinyprune.int8.Int8Interpreter} runs whole quantised graphs with one kernel per op.
 * Its convolution is optimised for the host (column lowering, vectorisable accumulation); the
 * directly-written definition it must equal bit for bit stays available as {@link
 * org.tinyprune.int8.Int8Interpreter#reference}.
 *
 * <p>{@link org.tinyprune.int8.StreamedChain} defines streamed execution of a chain of convolutions
 * and pools: row by row through line buffers, so only a few rows of each intermediate map exist,
 * with outputs equal to layer-by-layer execution bit for bit ({@link
 * org.tinyprune.int8.Int8Interpreter#runStreamed}).
 */
package org.tinyprune.int8;
