/*
 * tp_depthwise_conv_s8: int8 depthwise convolution, depth multiplier 1. For each output pixel
 * the window is clipped to the input once, so padding costs no per-tap test. The DSP path does
 * four channels per pass: one word of inputs and one of weights per tap, sign-extended to
 * int16 pairs, and four 16x16 multiply-accumulates.
 */
#include "tp_internal.h"

int32_t tp_depthwise_conv_s8_get_buffer_size(const tp_conv_params *conv, const tp_shape *input,
                                             const tp_filter_shape *filter)
{
    (void)conv;
    (void)input;
    (void)filter;
    return 0;
}

/* First tap index t >= 0 with origin + t * dilation >= 0, and one past the last inside size. */
static void tp_tap_range(int32_t origin, int32_t dilation, int32_t kernel, int32_t size,
                         int32_t *first, int32_t *end)
{
    int32_t t0 = origin >= 0 ? 0 : (-origin + dilation - 1) / dilation;
    int32_t t1 = (size - 1 - origin) / dilation + 1;
    if (size - 1 - origin < 0) {
        t1 = 0;
    }
    *first = t0;
    *end = t1 < kernel ? t1 : kernel;
}

tp_status tp_depthwise_conv_s8(const tp_scratch *scratch, const tp_conv_params *conv,
                               const tp_quant_io *io, const tp_channel_quant *quant,
                               const tp_shape *input_shape, const int8_t *input,
                               const tp_filter_shape *filter_shape, const int8_t *filter,
                               const int32_t *bias, const tp_shape *output_shape,
                               int8_t *output)
{
    (void)scratch;
    const tp_status st = tp_conv_s8_check(conv, io, quant, input_shape, input, filter_shape,
                                          filter, output_shape, output, 1);
    if (st != TP_OK) {
        return st;
    }
    const int32_t ch = input_shape->c;
    const int32_t in_w = input_shape->w;
    const int32_t kw = filter_shape->w;
    const int32_t off = io->input_offset;
    const int64_t row_step = (int64_t)conv->dilation_h * in_w * ch;
    const int64_t col_step = (int64_t)conv->dilation_w * ch;
    int8_t *out = output;

    for (int32_t oy = 0; oy < output_shape->h; oy++) {
        const int32_t y0 = oy * conv->stride_h - conv->pad_top;
        int32_t ky0, ky1;
        tp_tap_range(y0, conv->dilation_h, filter_shape->h, input_shape->h, &ky0, &ky1);
        for (int32_t ox = 0; ox < output_shape->w; ox++, out += ch) {
            const int32_t x0 = ox * conv->stride_w - conv->pad_left;
            int32_t kx0, kx1;
            tp_tap_range(x0, conv->dilation_w, kw, in_w, &kx0, &kx1);
            int32_t ky_end = ky1;
            if (ky0 >= ky1 || kx0 >= kx1) { /* dilated taps may all miss the input */
                ky_end = ky0;
                kx1 = kx0;
            }
            /* first in-input tap of the window, channel 0 */
            const int8_t *in0 = ky_end > ky0 ? input + ((int64_t)(y0 + ky0 * conv->dilation_h) *
                                                            in_w + (x0 + kx0 * conv->dilation_w)) *
                                                           ch
                                             : input;
            const int8_t *w0 = filter + ((int64_t)ky0 * kw + kx0) * ch;
            int32_t c = 0;
#if TP_USE_DSP
            const int32_t off2 = tp_dup_s16(off);
            for (; c + 4 <= ch; c += 4) {
                int32_t acc0 = 0, acc1 = 0, acc2 = 0, acc3 = 0;
                if (bias != NULL) {
                    acc0 = bias[c];
                    acc1 = bias[c + 1];
                    acc2 = bias[c + 2];
                    acc3 = bias[c + 3];
                }
                const int8_t *in_row = in0 + c;
                const int8_t *w_row = w0 + c;
                for (int32_t ky = ky0; ky < ky_end; ky++) {
                    const int8_t *pi = in_row;
                    const int8_t *pw = w_row;
                    for (int32_t kx = kx0; kx < kx1; kx++) {
                        const int32_t x = tp_read_s8x4(pi);
                        const int32_t w = tp_read_s8x4(pw);
                        pi += col_step;
                        pw += ch;
                        const int32_t x_even = (int32_t)__sxtab16(off2, x);
                        const int32_t x_odd = (int32_t)__sxtab16(off2, tp_ror((uint32_t)x, 8));
                        const int32_t w_even = (int32_t)__sxtb16(w);
                        const int32_t w_odd = (int32_t)__sxtb16(tp_ror((uint32_t)w, 8));
                        acc0 = __smlabb(x_even, w_even, acc0);
                        acc2 = __smlatt(x_even, w_even, acc2);
                        acc1 = __smlabb(x_odd, w_odd, acc1);
                        acc3 = __smlatt(x_odd, w_odd, acc3);
                    }
                    in_row += row_step;
                    w_row += (int64_t)kw * ch;
                }
                out[c] = tp_requant_clamp(acc0, quant->multiplier[c], quant->shift[c], io);
                out[c + 1] =
                    tp_requant_clamp(acc1, quant->multiplier[c + 1], quant->shift[c + 1], io);
                out[c + 2] =
                    tp_requant_clamp(acc2, quant->multiplier[c + 2], quant->shift[c + 2], io);
                out[c + 3] =
                    tp_requant_clamp(acc3, quant->multiplier[c + 3], quant->shift[c + 3], io);
            }
#endif
            for (; c < ch; c++) {
                int32_t acc = bias != NULL ? bias[c] : 0;
                const int8_t *in_row = in0 + c;
                const int8_t *w_row = w0 + c;
                for (int32_t ky = ky0; ky < ky_end; ky++) {
                    for (int32_t t = 0; t < kx1 - kx0; t++) {
                        acc += (in_row[t * col_step] + off) * w_row[(int64_t)t * ch];
                    }
                    in_row += row_step;
                    w_row += (int64_t)kw * ch;
                }
                out[c] = tp_requant_clamp(acc, quant->multiplier[c], quant->shift[c], io);
            }
        }
    }
    return TP_OK;
}
