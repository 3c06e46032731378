/*
 * tinyprune kernels: the public contract, written once.
 *
 * TENSORS
 *   Activations are NHWC with batch 1, row-major: element (y, x, c) of a tensor of shape
 *   {h, w, c} is at index (y * w + x) * c + c_index. int8 for quantised graphs, float32 for
 *   float graphs. A tensor shape is a tp_shape; batch is always 1 and not stored.
 *   Filters are described by tp_filter_shape {n, h, w, c}, stored row-major [n][h][w][c]:
 *     conv (incl. grouped):  n = output channels, h x w = kernel, c = input channels / groups.
 *                            Output channel o belongs to group o / (n / groups) and reads input
 *                            channels [g * c, (g + 1) * c).
 *     depthwise conv:        n = 1, h x w = kernel, c = channels (depth multiplier 1), i.e. the
 *                            weights are [kh][kw][channels], the TFLite layout.
 *   Dense weights are [out_features][in_features] row-major. A dense layer that follows a flatten
 *   of an NHWC tensor reads its input in NHWC order; the code generator permutes the weight
 *   columns of an NCHW-trained model accordingly.
 *   Biases are one value per output channel (int32 for int8 kernels, float for f32) or NULL.
 *
 * GEOMETRY
 *   Only the top/left padding is given; the output shape given by the caller implies the
 *   bottom/right padding. Input positions outside the tensor read as the input zero point
 *   (real 0) in convolutions, are skipped by pooling (max pool ignores them, average pool does not
 *   count them). Every window must overlap the input: 0 <= pad_top < extent_h and
 *   (out.h - 1) * stride_h - pad_top <= in.h - 1, where extent_h = dilation_h * (kernel_h - 1) + 1;
 *   likewise for w. Strides and dilations are >= 1.
 *
 * INT8 QUANTISATION (DESIGN §3, the TFLite / CMSIS-NN scheme, bit-exact)
 *   real = scale * (q - zero_point). Weights are symmetric per output channel (zero point 0,
 *   values in [-127, 127]); activations asymmetric per tensor (zero point in [-128, 127]).
 *   input_offset = -input_zero_point (in [-127, 128]); output_offset = output_zero_point.
 *   Conv/depthwise/dense compute, per output element of channel o:
 *       acc = bias[o] + sum((q_in + input_offset) * q_w)                    (exact int32)
 *       q_out = clamp(tp_requantize(acc, multiplier[o], shift[o]) + output_offset,
 *                     act_min, act_max)
 *   where tp_requantize is TFLite's MultiplyByQuantizedMultiplier (tp_requant.h): multiplier is
 *   Q31 in [2^30, 2^31) (or 0), shift in [-31, 30], positive = left shift. Fused ReLU / ReLU6
 *   are expressed only through act_min/act_max (-128 <= act_min <= act_max <= 127).
 *   Pooling (max, average, global average) and concat require the output to have the input's
 *   scale and zero point (as in TFLite); the code generator must assign them so.
 *   Average pool rounds like TFLite: (sum + count/2) / count for sum >= 0, (sum - count/2) / count
 *   otherwise (C division), count = number of window positions inside the input.
 *   Add uses TFLite's int8 add scheme, see tp_add_params.
 *   Mul uses TFLite's int8 mul scheme (one requantisation of the centred product), see
 *   tp_mul_params. Sigmoid, HardSigmoid and HardSwish are a 256-entry table the code generator
 *   computes from the input and output quantisation (tp_lut_s8).
 *   Softmax is not computed in int8: an int8 graph ends with int8 logits (argmax on them is
 *   integer-exact, tp_argmax_s8); a probability output is tp_softmax_f32 applied to the
 *   dequantised logits by the caller (host or device).
 *
 * SCRATCH
 *   Kernels never allocate. A kernel that needs scratch has a _get_buffer_size companion whose
 *   value depends only on the documented formula (the same on every target, DSP or not), so the
 *   code generator's memory planner can reserve it. Scratch must be 4-byte aligned; its content
 *   is not preserved between calls.
 *
 * ERRORS
 *   Kernels return TP_OK or an error status after O(1) checks on their arguments made before any
 *   loop; they never print, allocate or abort. Per-channel data (multiplier/shift ranges) is
 *   checked once by tp_channel_quant_check (call at init or in tests); kernels assume it passed
 *   (a negative multiplier gives unspecified, though memory-safe, outputs). Hot loops carry only
 *   TP_ASSERT debug checks (enabled by compiling with -DTP_DEBUG).
 *
 * ALIASING
 *   Outputs must not overlap inputs, except tp_add_* / tp_clamp_* whose output may be exactly
 *   one of the inputs (in-place).
 *   Likewise tp_lut_s8 and the float activations (output == input), and tp_mul_* (output ==
 *   input1, or input2 when it is not repeated).
 *   tp_depthwise_conv_in_place_s8 has one data pointer for both.
 *   tp_stream_chain_s8's output must not overlap its input or its scratch.
 *
 * PATHS
 *   Each kernel has a plain C path and, where it pays, a Cortex-M DSP path (dual 16-bit MAC)
 *   selected at compile time by __ARM_FEATURE_DSP. Both give bit-identical results.
 */
#ifndef TP_KERNELS_H
#define TP_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Status of every kernel call. */
typedef enum {
    TP_OK = 0,
    TP_ERR_ARGUMENT = -1,   /**< a NULL pointer or a parameter out of its documented range */
    TP_ERR_SHAPE = -2,      /**< shapes inconsistent with each other or with the geometry */
    TP_ERR_SCRATCH = -3,    /**< scratch buffer missing, misaligned or smaller than required */
    TP_ERR_UNSUPPORTED = -4 /**< valid request this kernel does not implement (use another) */
} tp_status;

/** Activation tensor shape, NHWC with batch 1. */
typedef struct {
    int32_t h;
    int32_t w;
    int32_t c;
} tp_shape;

/** Filter shape {n, h, w, c}, layout [n][h][w][c]; see TENSORS above. */
typedef struct {
    int32_t n;
    int32_t h;
    int32_t w;
    int32_t c;
} tp_filter_shape;

/** Convolution geometry (conv, depthwise conv). groups is ignored by depthwise kernels. */
typedef struct {
    int32_t stride_h;
    int32_t stride_w;
    int32_t pad_top;
    int32_t pad_left;
    int32_t dilation_h;
    int32_t dilation_w;
    int32_t groups; /**< >= 1; in.c == groups * filter.c, filter.n % groups == 0 */
} tp_conv_params;

/**
 * Pooling window geometry. Tap (ky, kx) of output (oy, ox) reads input row
 * oy * stride_h - pad_top + ky * dilation_h (likewise for columns). An average pool with
 * count_include_pad = 1 also counts the taps that fall in the padding, rows [-pad_top, 0) and
 * [h, h + pad_bottom) (likewise columns), each as pad_value (the input zero point in int8; float
 * kernels use 0); taps beyond the padding (which ONNX ceil_mode adds) never count. With
 * count_include_pad = 0, pad_bottom, pad_right and pad_value are ignored.
 */
typedef struct {
    int32_t kernel_h;
    int32_t kernel_w;
    int32_t stride_h;
    int32_t stride_w;
    int32_t pad_top;
    int32_t pad_left;
    int32_t dilation_h;        /**< >= 1 */
    int32_t dilation_w;        /**< >= 1 */
    int32_t pad_bottom;        /**< >= 0 */
    int32_t pad_right;         /**< >= 0 */
    int32_t count_include_pad; /**< 0 or 1; average pools only */
    int32_t pad_value;         /**< int8 average pool with count_include_pad: in [-128, 127] */
} tp_pool_params;

/** Per-tensor int8 offsets and output clamp of a conv / depthwise / dense layer. */
typedef struct {
    int32_t input_offset;  /**< -input_zero_point, in [-127, 128] */
    int32_t output_offset; /**< output_zero_point, in [-128, 127] */
    int32_t act_min;       /**< in [-128, 127] */
    int32_t act_max;       /**< in [act_min, 127] */
} tp_quant_io;

/** Per-output-channel requantisation: arrays of length = output channels. */
typedef struct {
    const int32_t *multiplier; /**< Q31, in [2^30, 2^31) or exactly 0 */
    const int32_t *shift;      /**< in [-31, 30]; > 0 shifts left before the multiply */
} tp_channel_quant;

/**
 * TFLite int8 add: for x1, x2 the int8 inputs,
 *   a = tp_requantize((x1 + input1_offset) << left_shift, input1_multiplier, input1_shift)
 *   b = tp_requantize((x2 + input2_offset) << left_shift, input2_multiplier, input2_shift)
 *   q = clamp(tp_requantize(a + b, output_multiplier, output_shift) + output_offset,
 *             act_min, act_max)
 * The quantiser chooses, as TFLite does, left_shift = 20, twice_max = 2 * max(s1, s2),
 * real_in_i = s_i / twice_max, real_out = twice_max / ((1 << left_shift) * s_out), each
 * encoded as Q31 multiplier + shift (input shifts <= 0).
 */
typedef struct {
    int32_t input1_offset; /**< -zero_point of input 1 */
    int32_t input1_multiplier;
    int32_t input1_shift;
    int32_t input2_offset; /**< -zero_point of input 2 */
    int32_t input2_multiplier;
    int32_t input2_shift;
    int32_t left_shift;    /**< in [0, 22]; 20 in TFLite */
    int32_t output_offset; /**< output zero point */
    int32_t output_multiplier;
    int32_t output_shift;
    int32_t act_min;
    int32_t act_max;
} tp_add_params;

/**
 * TFLite / CMSIS-NN int8 multiply: for x1, x2 the int8 inputs,
 *   q = clamp(tp_requantize((x1 + input1_offset) * (x2 + input2_offset), output_multiplier,
 *             output_shift) + output_offset, act_min, act_max)
 * where output_multiplier, output_shift encode s1 * s2 / s_out. The centred product is at most
 * 255^2 in magnitude, so output_shift <= 15 keeps its left shift inside int32.
 */
typedef struct {
    int32_t input1_offset;     /**< -zero_point of input 1, in [-127, 128] */
    int32_t input2_offset;     /**< -zero_point of input 2, in [-127, 128] */
    int32_t output_offset;     /**< output zero point */
    int32_t output_multiplier; /**< Q31, in [2^30, 2^31) or exactly 0 */
    int32_t output_shift;      /**< in [-31, 15] */
    int32_t act_min;
    int32_t act_max;
} tp_mul_params;

/** Output clamp of a float kernel: use -INFINITY / INFINITY for none. */
typedef struct {
    float min;
    float max;
} tp_act_f32;

/** Most dimensions tp_transpose_* handles (callers merge axes that stay adjacent and drop size-1
 * axes). */
#define TP_TRANSPOSE_MAX_DIMS 4

/** Axis permutation of a row-major tensor: output axis i is input axis perm[i]. */
typedef struct {
    int32_t rank;                        /**< 1..TP_TRANSPOSE_MAX_DIMS */
    int32_t dims[TP_TRANSPOSE_MAX_DIMS]; /**< input dimensions (first rank entries), each >= 1 */
    int32_t perm[TP_TRANSPOSE_MAX_DIMS]; /**< a permutation of 0..rank-1 */
} tp_transpose_params;

/** Caller-provided scratch memory (see SCRATCH). buf may be NULL when size is 0. */
typedef struct {
    void *buf;
    int32_t size;
} tp_scratch;

/* ------------------------------------------------------------------ checks ------------- */

/** Checks multiplier/shift ranges of n channels; TP_ERR_ARGUMENT names no channel: run once. */
tp_status tp_channel_quant_check(const tp_channel_quant *quant, int32_t n);

/* ------------------------------------------------------------------ int8 conv ---------- */

/*
 * General int8 convolution: any kernel size, stride, padding, dilation and groups.
 * Scratch: 4 * K2 bytes, K = filter.h * filter.w * filter.c and K2 = K rounded up to even
 * (two int16 im2col columns). Returns TP_ERR_SCRATCH if smaller.
 */
int32_t tp_conv_s8_get_buffer_size(const tp_conv_params *conv, const tp_shape *input,
                                   const tp_filter_shape *filter);
tp_status tp_conv_s8(const tp_scratch *scratch, const tp_conv_params *conv, const tp_quant_io *io,
                     const tp_channel_quant *quant, const tp_shape *input_shape,
                     const int8_t *input, const tp_filter_shape *filter_shape, const int8_t *filter,
                     const int32_t *bias, const tp_shape *output_shape, int8_t *output);

/*
 * 1x1 convolution fast path: filter.h == filter.w == 1, no padding, groups == 1 (any stride;
 * dilation ignored). Returns TP_ERR_UNSUPPORTED otherwise.
 * Scratch: 4 * C2 bytes, C2 = input.c rounded up to even.
 */
int32_t tp_conv_1x1_s8_get_buffer_size(const tp_conv_params *conv, const tp_shape *input,
                                       const tp_filter_shape *filter);
tp_status tp_conv_1x1_s8(const tp_scratch *scratch, const tp_conv_params *conv,
                         const tp_quant_io *io, const tp_channel_quant *quant,
                         const tp_shape *input_shape, const int8_t *input,
                         const tp_filter_shape *filter_shape, const int8_t *filter,
                         const int32_t *bias, const tp_shape *output_shape, int8_t *output);

/*
 * Picks the fastest conv path for the parameters (1x1 when allowed, else general).
 * Scratch: the chosen path's size (both formulas above give 4 * K2 with K = h * w * c).
 */
int32_t tp_conv_wrapper_s8_get_buffer_size(const tp_conv_params *conv, const tp_shape *input,
                                           const tp_filter_shape *filter);
tp_status tp_conv_wrapper_s8(const tp_scratch *scratch, const tp_conv_params *conv,
                             const tp_quant_io *io, const tp_channel_quant *quant,
                             const tp_shape *input_shape, const int8_t *input,
                             const tp_filter_shape *filter_shape, const int8_t *filter,
                             const int32_t *bias, const tp_shape *output_shape, int8_t *output);

/*
 * Depthwise convolution, depth multiplier 1: filter {1, kh, kw, C}, input.c == output.c == C.
 * conv->groups is ignored. Scratch: 0 bytes (companion kept so every conv-family kernel has
 * one; scratch may be NULL).
 */
int32_t tp_depthwise_conv_s8_get_buffer_size(const tp_conv_params *conv, const tp_shape *input,
                                             const tp_filter_shape *filter);
tp_status tp_depthwise_conv_s8(const tp_scratch *scratch, const tp_conv_params *conv,
                               const tp_quant_io *io, const tp_channel_quant *quant,
                               const tp_shape *input_shape, const int8_t *input,
                               const tp_filter_shape *filter_shape, const int8_t *filter,
                               const int32_t *bias, const tp_shape *output_shape, int8_t *output);

/*
 * Depthwise convolution in place, depth multiplier 1: data holds the input {h, w, C} on entry and
 * the output {out.h, out.w, C} on return, both starting at data. Arithmetic and results are those
 * of tp_depthwise_conv_s8, bit for bit. Channels run in blocks of four (the last block C % 4); the
 * line buffer holds, for one block, the E = dilation_h * (kh - 1) + 1 input rows of the current
 * window and the block's weights.
 * Scratch: B * (E * in.w + kh * kw) bytes, B = min(C, 4).
 * Returns TP_ERR_UNSUPPORTED when the output has more pixels than the input, or when an output
 * row would overwrite an input row not yet read into the line buffer: with r(oy) = oy * stride_h +
 * max(E - stride_h, 0) - pad_top, every output row oy >= 1 with r(oy) <= in.h - 1 needs r(oy) *
 * in.w >= oy * out.w (always true for stride 1 with out.h = in.h, out.w = in.w, and for the usual
 * strided "same" and "valid" geometries).
 */
int32_t tp_depthwise_conv_in_place_s8_get_buffer_size(const tp_conv_params *conv,
                                                      const tp_shape *input,
                                                      const tp_filter_shape *filter);
tp_status tp_depthwise_conv_in_place_s8(const tp_scratch *scratch, const tp_conv_params *conv,
                                        const tp_quant_io *io, const tp_channel_quant *quant,
                                        const tp_shape *input_shape,
                                        const tp_filter_shape *filter_shape, const int8_t *filter,
                                        const int32_t *bias, const tp_shape *output_shape,
                                        int8_t *data);

/* ------------------------------------------------------------------ int8 streamed chain - */

/** Most layers tp_stream_chain_s8 runs in one chain. */
#define TP_STREAM_MAX_LAYERS 8

/**
 * What one layer of a streamed chain is; each runs row by row the kernel its layer names (the
 * kernel of the same name below).
 */
typedef enum {
    TP_STREAM_CONV = 0,      /**< tp_conv_wrapper_s8 (general, grouped, 1x1) */
    TP_STREAM_DEPTHWISE = 1, /**< tp_depthwise_conv_s8 */
    TP_STREAM_MAX_POOL = 2,  /**< tp_max_pool_s8 */
    TP_STREAM_AVG_POOL = 3   /**< tp_avg_pool_s8 */
} tp_stream_op;

/** A convolution kernel a streamed chain can call: tp_conv_wrapper_s8 or tp_depthwise_conv_s8. */
typedef tp_status (*tp_stream_conv_fn)(const tp_scratch *scratch, const tp_conv_params *conv,
                                       const tp_quant_io *io, const tp_channel_quant *quant,
                                       const tp_shape *input_shape, const int8_t *input,
                                       const tp_filter_shape *filter_shape, const int8_t *filter,
                                       const int32_t *bias, const tp_shape *output_shape,
                                       int8_t *output);

/** A pooling kernel a streamed chain can call: tp_max_pool_s8 or tp_avg_pool_s8. */
typedef tp_status (*tp_stream_pool_fn)(const tp_pool_params *pool, int32_t act_min, int32_t act_max,
                                       const tp_shape *input_shape, const int8_t *input,
                                       const tp_shape *output_shape, int8_t *output);

/**
 * One layer of a streamed chain: its op, its whole output shape, and the arguments of its kernel
 * (conv, io, quant, filter_shape, filter and bias for the convolutions; pool, act_min and act_max
 * for the pools; the others are ignored). Its input is the previous layer's output (the chain's
 * input for the first). The kernel itself is the caller's: conv_kernel for TP_STREAM_CONV
 * (tp_conv_wrapper_s8) and TP_STREAM_DEPTHWISE (tp_depthwise_conv_s8), pool_kernel for
 * TP_STREAM_MAX_POOL (tp_max_pool_s8) and TP_STREAM_AVG_POOL (tp_avg_pool_s8). The driver
 * references no layer kernel, so an image links only the kernels its chains name.
 */
typedef struct {
    int32_t op; /**< a tp_stream_op */
    tp_shape output_shape;
    tp_conv_params conv;
    const tp_quant_io *io;
    const tp_channel_quant *quant;
    tp_filter_shape filter_shape;
    const int8_t *filter;
    const int32_t *bias;
    tp_pool_params pool;
    int32_t act_min;
    int32_t act_max;
    tp_stream_conv_fn conv_kernel; /**< the convolutions' kernel (see above) */
    tp_stream_pool_fn pool_kernel; /**< the pools' kernel (see above) */
} tp_stream_layer;

/*
 * Streamed (line-buffer) execution of a chain of int8 convolutions and pools: the output of the
 * last layer from the input of the first, each intermediate map held only as a line buffer of the
 * rows the next layer's window still needs, B_i = min(E_{i+1}, out_i.h) rows with
 * E = dilation_h * (kernel_h - 1) + 1. Repeatedly, the deepest layer whose next output row has all
 * its input rows computes that row with its own kernel (one output row from the band of input rows
 * its window covers, pad_top adjusted), after the rows above that window leave its input's line
 * buffer; a row no later window reads is skipped. Each row is computed once, so results equal
 * running the layers one after the other, bit for bit (the Java definition is
 * org.tinyprune.int8.StreamedChain).
 * Scratch: the line buffers, align4(B_i * out_i.w * out_i.c) bytes each for every layer but the
 * last, in chain order, then align4 of the largest tp_conv_wrapper_s8_get_buffer_size of the
 * chain's TP_STREAM_CONV layers (depthwise and pools need none).
 * Returns TP_ERR_ARGUMENT for num_layers outside [1, TP_STREAM_MAX_LAYERS], an unknown op or a
 * layer without the kernel its op calls (the other pointer is ignored), and the first layer's
 * check failure (checked on whole maps before any row is computed).
 */
int32_t tp_stream_chain_s8_get_buffer_size(int32_t num_layers, const tp_stream_layer *layers,
                                           const tp_shape *input_shape);
tp_status tp_stream_chain_s8(const tp_scratch *scratch, int32_t num_layers,
                             const tp_stream_layer *layers, const tp_shape *input_shape,
                             const int8_t *input, int8_t *output);

/* ------------------------------------------------------------------ int8 dense --------- */

/** Fully connected: out[o] from in[in_features] and weights [out_features][in_features]. */
tp_status tp_dense_s8(const tp_quant_io *io, const tp_channel_quant *quant, int32_t in_features,
                      const int8_t *input, int32_t out_features, const int8_t *weights,
                      const int32_t *bias, int8_t *output);

/* ------------------------------------------------------------------ int8 pooling ------- */

/*
 * Pooling windows (max and average, int8 and float): every window must have at least one tap
 * inside the input (checked per output row and column before the loops, TP_ERR_SHAPE otherwise).
 */

/** Max pool; output = clamp(max over the window's taps inside the input, act_min, act_max). */
tp_status tp_max_pool_s8(const tp_pool_params *pool, int32_t act_min, int32_t act_max,
                         const tp_shape *input_shape, const int8_t *input,
                         const tp_shape *output_shape, int8_t *output);

/**
 * Average pool, TFLite rounding over the taps inside the input (count_include_pad = 1: plus the
 * taps in the padding, each adding pad_value to the sum); then clamp.
 */
tp_status tp_avg_pool_s8(const tp_pool_params *pool, int32_t act_min, int32_t act_max,
                         const tp_shape *input_shape, const int8_t *input,
                         const tp_shape *output_shape, int8_t *output);

/** Global average pool: output[c] = rounded mean over h*w as in tp_avg_pool_s8, then clamp. */
tp_status tp_global_avg_pool_s8(int32_t act_min, int32_t act_max, const tp_shape *input_shape,
                                const int8_t *input, int8_t *output);

/* ------------------------------------------------------------------ int8 elementwise --- */

/** Elementwise add of two same-shaped tensors of size elements (output may alias an input). */
tp_status tp_add_s8(const tp_add_params *params, const int8_t *input1, const int8_t *input2,
                    int8_t *output, int32_t size);

/** Standalone clamp (ReLU/ReLU6 not fused into a producer); output may alias input. */
tp_status tp_clamp_s8(int32_t act_min, int32_t act_max, const int8_t *input, int8_t *output,
                      int32_t size);

/**
 * Elementwise multiply by a factor repeated every input2_size elements (see tp_mul_params):
 * output[i] = input1[i] * input2[i % input2_size]. input2_size is size (equal shapes), 1 (one
 * factor) or C (one factor per channel of an NHWC tensor: squeeze-and-excite); size must be a
 * multiple of it (TP_ERR_SHAPE otherwise).
 */
tp_status tp_mul_s8(const tp_mul_params *params, const int8_t *input1, const int8_t *input2,
                    int8_t *output, int32_t size, int32_t input2_size);

/**
 * Table activation: output[i] = table[input[i] + 128]. table holds 256 int8 codes, the function
 * (sigmoid, hard sigmoid, hard swish) evaluated at each input code and quantised to the output.
 */
tp_status tp_lut_s8(const int8_t *table, const int8_t *input, int8_t *output, int32_t size);

/**
 * Concatenation along channels of num_inputs NHWC tensors sharing h*w = pixels:
 * input i has channels[i] channels; the output has their sum. Same quantisation required.
 */
tp_status tp_concat_s8(int32_t num_inputs, const int8_t *const *inputs, const int32_t *channels,
                       int32_t pixels, int8_t *output);

/** Index of the first maximum of input[0..size). */
tp_status tp_argmax_s8(const int8_t *input, int32_t size, int32_t *index);

/* ------------------------------------------------------------------ data movement ------ */

/**
 * Constant padding of H and W: output {h, w, c} holds the input at rows [pad_top, pad_top + in.h)
 * and columns [pad_left, pad_left + in.w), every other element pad_value (int8: a code, the zero
 * point for real 0; float: the value). The bottom/right padding is implied by the output shape.
 */
tp_status tp_pad_s8(int32_t pad_top, int32_t pad_left, int32_t pad_value,
                    const tp_shape *input_shape, const int8_t *input, const tp_shape *output_shape,
                    int8_t *output);
tp_status tp_pad_f32(int32_t pad_top, int32_t pad_left, float pad_value,
                     const tp_shape *input_shape, const float *input, const tp_shape *output_shape,
                     float *output);

/**
 * Transpose (axis permutation) of a row-major tensor; also the NHWC/NCHW layout changes and the
 * channel shuffle (dims {pixels, groups, channels / groups}, perm {0, 2, 1}). Same quantisation in
 * and out: values are moved, never changed.
 */
tp_status tp_transpose_s8(const tp_transpose_params *params, const int8_t *input, int8_t *output);
tp_status tp_transpose_f32(const tp_transpose_params *params, const float *input, float *output);

/* ------------------------------------------------------------------ float32 ------------ */

/** General float conv (same geometry and layouts as tp_conv_s8); no scratch. */
tp_status tp_conv_f32(const tp_conv_params *conv, const tp_act_f32 *act,
                      const tp_shape *input_shape, const float *input,
                      const tp_filter_shape *filter_shape, const float *filter, const float *bias,
                      const tp_shape *output_shape, float *output);

/** Float depthwise conv, filter {1, kh, kw, C}; no scratch. */
tp_status tp_depthwise_conv_f32(const tp_conv_params *conv, const tp_act_f32 *act,
                                const tp_shape *input_shape, const float *input,
                                const tp_filter_shape *filter_shape, const float *filter,
                                const float *bias, const tp_shape *output_shape, float *output);

tp_status tp_dense_f32(const tp_act_f32 *act, int32_t in_features, const float *input,
                       int32_t out_features, const float *weights, const float *bias,
                       float *output);

tp_status tp_max_pool_f32(const tp_pool_params *pool, const tp_act_f32 *act,
                          const tp_shape *input_shape, const float *input,
                          const tp_shape *output_shape, float *output);

/** Float average pool: mean over the taps inside the input (count_include_pad = 1: padding taps
 * count as 0). */
tp_status tp_avg_pool_f32(const tp_pool_params *pool, const tp_act_f32 *act,
                          const tp_shape *input_shape, const float *input,
                          const tp_shape *output_shape, float *output);

tp_status tp_global_avg_pool_f32(const tp_act_f32 *act, const tp_shape *input_shape,
                                 const float *input, float *output);

tp_status tp_add_f32(const tp_act_f32 *act, const float *input1, const float *input2, float *output,
                     int32_t size);

tp_status tp_clamp_f32(const tp_act_f32 *act, const float *input, float *output, int32_t size);

/** Float multiply broadcast as tp_mul_s8: output[i] = input1[i] * input2[i % input2_size]. */
tp_status tp_mul_f32(const tp_act_f32 *act, const float *input1, const float *input2, float *output,
                     int32_t size, int32_t input2_size);

/** Logistic sigmoid 1 / (1 + expf(-x)). */
tp_status tp_sigmoid_f32(const float *input, float *output, int32_t size);

/** ONNX HardSigmoid max(0, min(1, alpha * x + beta)); NaN alpha or beta is TP_ERR_ARGUMENT. */
tp_status tp_hard_sigmoid_f32(float alpha, float beta, const float *input, float *output,
                              int32_t size);

/** ONNX HardSwish x * max(0, min(1, x / 6 + 1/2)). */
tp_status tp_hard_swish_f32(const float *input, float *output, int32_t size);

tp_status tp_concat_f32(int32_t num_inputs, const float *const *inputs, const int32_t *channels,
                        int32_t pixels, float *output);

tp_status tp_argmax_f32(const float *input, int32_t size, int32_t *index);

/** Numerically stable softmax (max subtracted) of size values. */
tp_status tp_softmax_f32(const float *input, float *output, int32_t size);

#ifdef __cplusplus
}
#endif

#endif /* TP_KERNELS_H */
