/*
 * Shared, non-public pieces of the kernels: argument checks and the int16 column machinery
 * (im2col + two-column matrix multiply) behind the int8 convolutions.
 */
#ifndef TP_INTERNAL_H
#define TP_INTERNAL_H

#include "tp_kernels.h"
#include "tp_requant.h"
#include "tp_compiler.h"

/*
 * Requantisation inside the kernels: tp_requantize (tp_requant.h) split into a per-channel part
 * computed once and a per-output part. The multiplier is non-negative for valid parameters
 * (tp_channel_quant_check), so the doubling high multiply can never hit its one saturating
 * case (INT32_MIN * INT32_MIN) and the test for it is dropped; results are bit-identical.
 */
typedef struct {
    int32_t multiplier;
    int32_t left;  /* left shift before the multiply, >= 0 */
    int32_t right; /* rounding right shift after it, >= 0 */
    int32_t mask;  /* 2^right - 1 */
} tp_rq;

static inline tp_rq tp_rq_make(int32_t multiplier, int32_t shift)
{
    tp_rq rq;
    TP_ASSERT(multiplier >= 0);
    rq.multiplier = multiplier;
    rq.left = shift > 0 ? shift : 0;
    rq.right = shift > 0 ? 0 : -shift;
    rq.mask = (int32_t)((UINT32_C(1) << rq.right) - 1u);
    return rq;
}

/** tp_requantize(acc, multiplier, shift) + output_offset, clamped to [lo, hi]. The io values
 * are passed by value: an int8 output pointer may alias anything, and a pointer would make the
 * compiler reload them after every store. */
static inline int8_t tp_rq_apply(int32_t acc, const tp_rq *rq, int32_t output_offset, int32_t lo,
                                 int32_t hi)
{
    const int32_t x = (int32_t)((uint32_t)acc << rq->left);
    const int32_t high = tp_mul_q31_round(x, rq->multiplier);
    const int32_t threshold = (rq->mask >> 1) + (int32_t)((uint32_t)high >> 31);
    const int32_t q = (high >> rq->right) + ((high & rq->mask) > threshold) + output_offset;
    return (int8_t)tp_clamp_i32(q, lo, hi);
}

/** Requantises an accumulator of one channel and clamps it to the activation range. */
static inline int8_t tp_requant_clamp(int32_t acc, int32_t multiplier, int32_t shift,
                                      const tp_quant_io *io)
{
    const tp_rq rq = tp_rq_make(multiplier, shift);
    return tp_rq_apply(acc, &rq, io->output_offset, io->act_min, io->act_max);
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

/** Checks padding geometry: pads >= 0, out.c == in.c, the input fits inside the output at (pad_top,
 * pad_left). */
tp_status tp_pad_geometry_check(int32_t pad_top, int32_t pad_left, const tp_shape *in,
                                const tp_shape *out);

/** A transpose as four nested loops over the output: dims and the input stride of each, outermost
 * first. */
typedef struct {
    int32_t dims[TP_TRANSPOSE_MAX_DIMS];
    int32_t strides[TP_TRANSPOSE_MAX_DIMS];
} tp_transpose_plan;

/** Checks a tp_transpose_params and turns it into a plan (unused outer loops have one step). */
tp_status tp_transpose_prepare(const tp_transpose_params *params, tp_transpose_plan *plan);

/** 1 if -128 <= lo <= hi <= 127. */
int tp_act_range_ok(int32_t lo, int32_t hi);

/** 1 if the scratch holds at least bytes bytes, is 4-byte aligned and non-NULL when needed. */
int tp_scratch_ok(const tp_scratch *scratch, int32_t bytes);

/*
 * Column pair layout. Convolutions unroll two output pixels into two int16 columns a and b of
 * length k (values q + input_offset), stored together so the inner loop walks one pointer:
 *   - whole groups of four, g < k / 4: column a at [8g, 8g + 4), column b at [8g + 4, 8g + 8);
 *     within a group the values (x0 x1 x2 x3) are stored as (x0 x2 x1 x3), because a word of
 *     four int8 weights (w0 w1 w2 w3) sign-extends cheaply to the pairs (w0 w2) and (w1 w3);
 *   - the t = k % 4 tail values in order: column a at [2(k - t), 2(k - t) + t), b right after.
 * The pair takes 2k int16; the buffer must be 4-byte aligned.
 */

/** Index of element e of column j (0 = a, 1 = b) in a column pair of length k. */
static inline int32_t tp_col_pos(int32_t e, int32_t k, int32_t j)
{
    static const uint8_t swap[4] = {0, 2, 1, 3};
    const int32_t k4 = k & ~3;
    if (e >= k4) {
        return 2 * k4 + j * (k - k4) + (e - k4);
    }
    return ((e & ~3) << 1) + (j << 2) + swap[e & 3];
}

/**
 * Writes elements [e0, e0 + n) of column j (0 = a, 1 = b) of a column pair of length k: the
 * values src[i] + offset, or 0 (the zero point, i.e. padding) when src is NULL. Whole aligned
 * groups of four are converted a word at a time; only a misaligned head and the tail go one by
 * one, so callers pass the longest contiguous run of input they have.
 */
void tp_col_put(const int8_t *src, int32_t n, int32_t offset, int16_t *cols, int32_t k, int32_t j,
                int32_t e0);

/**
 * int8 x int16 matrix multiply with requantisation over a column pair (or only column a when
 * two == 0): for o in [0, n_out): out_a[o] = requant(bias[o] + dot(weights[o], a)), and out_b
 * likewise from column b. weights is [n_out][k] int8 in plain order. quant/bias point at the
 * first of the n_out channels.
 */
void tp_mat_mult_s8_s16(const int8_t *weights, const int16_t *cols, int two, int32_t n_out,
                        int32_t k, const tp_quant_io *io, const int32_t *multiplier,
                        const int32_t *shift, const int32_t *bias, int8_t *out_a, int8_t *out_b);

#endif /* TP_INTERNAL_H */
