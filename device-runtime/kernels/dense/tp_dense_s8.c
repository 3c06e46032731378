/*
 * tp_dense_s8: int8 fully connected layer. The DSP path does two output rows per pass: a word of
 * four inputs is widened once (plus offset) to the int16 pairs (x0 x2) (x1 x3) and feeds the
 * dual MACs of both rows, whose weight words are widened the same way.
 */
#include "../internal/tp_internal.h"

/* Dot product (bias included) of rows w0 and w1 with input + offset; one row if w1 == w0. */
static void tp_dense_rows(const int8_t *input, int32_t n, int32_t off, const int8_t *w0,
                          const int8_t *w1, int32_t *acc0, int32_t *acc1)
{
    int32_t a0 = *acc0, a1 = *acc1;
    int32_t i = 0;
#if TP_USE_DSP
    const int32_t off2 = tp_dup_s16(off);
    for (; i + 4 <= n; i += 4) {
        const int32_t x = tp_read_s8x4(input + i);
        const int32_t x_even = (int32_t)__sxtab16(off2, x);
        const int32_t x_odd = (int32_t)tp_sxtab16_ror8(off2, x);
        const int32_t wa = tp_read_s8x4(w0 + i);
        const int32_t wb = tp_read_s8x4(w1 + i);
        a0 = (int32_t)__smlad(x_even, (int32_t)__sxtb16(wa), a0);
        a0 = (int32_t)__smlad(x_odd, (int32_t)tp_sxtb16_ror8(wa), a0);
        a1 = (int32_t)__smlad(x_even, (int32_t)__sxtb16(wb), a1);
        a1 = (int32_t)__smlad(x_odd, (int32_t)tp_sxtb16_ror8(wb), a1);
    }
#endif
    for (; i < n; i++) {
        const int32_t x = input[i] + off;
        a0 += x * w0[i];
        a1 += x * w1[i];
    }
    *acc0 = a0;
    *acc1 = a1;
}

tp_status tp_dense_s8(const tp_quant_io *io, const tp_channel_quant *quant, int32_t in_features,
                      const int8_t *input, int32_t out_features, const int8_t *weights,
                      const int32_t *bias, int8_t *output)
{
    if (io == NULL || quant == NULL || quant->multiplier == NULL || quant->shift == NULL ||
        input == NULL || weights == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    if (io->input_offset < -127 || io->input_offset > 128 || io->output_offset < INT8_MIN ||
        io->output_offset > INT8_MAX || !tp_act_range_ok(io->act_min, io->act_max)) {
        return TP_ERR_ARGUMENT;
    }
    if (in_features < 1 || out_features < 1) {
        return TP_ERR_SHAPE;
    }
    for (int32_t o = 0; o < out_features; o += 2) {
        const int32_t o1 = o + 1 < out_features ? o + 1 : o;
        int32_t acc0 = bias != NULL ? bias[o] : 0;
        int32_t acc1 = bias != NULL ? bias[o1] : 0;
        tp_dense_rows(input, in_features, io->input_offset, weights + (ptrdiff_t)o * in_features,
                      weights + (ptrdiff_t)o1 * in_features, &acc0, &acc1);
        output[o] = tp_requant_clamp(acc0, quant->multiplier[o], quant->shift[o], io);
        output[o1] = tp_requant_clamp(acc1, quant->multiplier[o1], quant->shift[o1], io);
    }
    return TP_OK;
}
