/*
 * Shared, non-public pieces of the kernels: argument checks and the int16 column machinery
 * (im2col + two-column matrix multiply) behind the int8 convolutions.
 */
#ifndef TP_INTERNAL_H
#define TP_INTERNAL_H

#include "tp_kernels.h"
#include "tp_requant.h"
#include "tp_compiler.h"

/** Elements of one int16 column of length k, rounded up to keep the next column word-aligned. */
static inline int32_t tp_col_stride(int32_t k)
{
    return (k + 1) & ~1;
}

/** Requantises an accumulator of channel o and clamps it to the activation range. */
static inline int8_t tp_requant_clamp(int32_t acc, int32_t multiplier, int32_t shift,
                                      const tp_quant_io *io)
{
    const int32_t q = tp_requantize(acc, multiplier, shift) + io->output_offset;
    return (int8_t)tp_clamp_i32(q, io->act_min, io->act_max);
}

/** Applies a float activation clamp. */
static inline float tp_act_apply(float x, const tp_act_f32 *act)
{
    return x < act->min ? act->min : (x > act->max ? act->max : x);
}

/** 1 if act is non-NULL and act->min <= act->max (NaN bounds rejected). */
static inline int tp_act_f32_ok(const tp_act_f32 *act)
{
    return act != NULL && act->min <= act->max;
}

/** 1 if a window axis is valid per the GEOMETRY rules of tp_kernels.h, else 0. */
int tp_window_axis_ok(int32_t in, int32_t out, int32_t kernel, int32_t stride, int32_t pad,
                      int32_t dilation);

/** Checks what all int8 conv-family kernels share: pointers, offsets, clamp, geometry. */
tp_status tp_conv_s8_check(const tp_conv_params *conv, const tp_quant_io *io,
                           const tp_channel_quant *quant, const tp_shape *input_shape,
                           const void *input, const tp_filter_shape *filter_shape,
                           const void *filter, const tp_shape *output_shape, const void *output,
                           int depthwise);

/** Checks conv / depthwise geometry for float and int8: shapes, groups, windows. */
tp_status tp_conv_geometry_check(const tp_conv_params *conv, const tp_shape *in,
                                 const tp_filter_shape *f, const tp_shape *out, int depthwise);

/** Checks pooling geometry (in.c == out.c, windows overlap the input). */
tp_status tp_pool_geometry_check(const tp_pool_params *pool, const tp_shape *in,
                                 const tp_shape *out);

/** 1 if -128 <= lo <= hi <= 127. */
int tp_act_range_ok(int32_t lo, int32_t hi);

/** 1 if the scratch holds at least bytes bytes, is 4-byte aligned and non-NULL when needed. */
int tp_scratch_ok(const tp_scratch *scratch, int32_t bytes);

/*
 * Column order. The dual-MAC inner loop multiplies words holding int16 pairs. A word of four
 * int8 weights (w0 w1 w2 w3) sign-extends cheaply to the pairs (w0 w2) and (w1 w3), so each
 * aligned group of four column values (x0 x1 x2 x3) is stored as (x0 x2 x1 x3). Values past the
 * last whole group of four are stored in order. Stored values are q + input_offset.
 */

/** Position of element k in a reordered column of length n. */
static inline int32_t tp_col_pos(int32_t k, int32_t n)
{
    static const uint8_t swap[4] = {0, 2, 1, 3};
    return k >= (n & ~3) ? k : ((k & ~3) | swap[k & 3]);
}

/** Writes n int8 values + offset into dst in column order (n is a whole column segment
 * that starts at a multiple of 4 of the column; a tail < 4 is written in order). */
void tp_col_from_s8(const int8_t *src, int16_t *dst, int32_t n, int32_t offset);

/**
 * Two-column int8 x int16 matrix multiply with requantisation:
 * for o in [0, n_out): out_a[o] = requant(bias[o] + dot(weights[o], col_a)) and the same for
 * col_b/out_b when col_b != NULL. weights is [n_out][k] int8 in plain order, columns are
 * reordered int16 of length k. quant/bias point at the first of the n_out channels.
 */
void tp_mat_mult_s8_s16(const int8_t *weights, const int16_t *col_a, const int16_t *col_b,
                        int32_t n_out, int32_t k, const tp_quant_io *io,
                        const int32_t *multiplier, const int32_t *shift, const int32_t *bias,
                        int8_t *out_a, int8_t *out_b);

#endif /* TP_INTERNAL_H */
