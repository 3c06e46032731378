/*
 * tp_depthwise_conv_s8: int8 depthwise convolution, depth multiplier 1. For each output pixel
 * the window is clipped to the input once, so padding costs no per-tap test. The DSP path does
 * four channels per pass: one word of inputs and one of weights per tap, sign-extended to int16
 * pairs (input offset added by SXTAB16), and four 16x16 multiply-accumulates.
 */
#include "../internal/tp_dw_window.h"

int32_t tp_depthwise_conv_s8_get_buffer_size(const tp_conv_params *conv, const tp_shape *input,
                                             const tp_filter_shape *filter)
{
    (void)conv;
    (void)input;
    (void)filter;
    return 0;
}

tp_status tp_depthwise_conv_s8(const tp_scratch *scratch, const tp_conv_params *conv,
                               const tp_quant_io *io, const tp_channel_quant *quant,
                               const tp_shape *input_shape, const int8_t *input,
                               const tp_filter_shape *filter_shape, const int8_t *filter,
                               const int32_t *bias, const tp_shape *output_shape, int8_t *output)
{
    (void)scratch;
    const tp_status st = tp_conv_s8_check(conv, io, quant, input_shape, input, filter_shape, filter,
                                          output_shape, output, 1);
    if (st != TP_OK) {
        return st;
    }
    const int32_t ch = input_shape->c;
    const int32_t in_w = input_shape->w;
    const int32_t kw = filter_shape->w;
    const int32_t offset = io->input_offset;
    const int32_t out_offset = io->output_offset;
    const int32_t lo = io->act_min;
    const int32_t hi = io->act_max;
    tp_dw_window win;
    win.in_col = (ptrdiff_t)conv->dilation_w * ch;
    win.w_col = ch;
    int8_t *out = output;

    for (int32_t oy = 0; oy < output_shape->h; oy++) {
        const int32_t y0 = oy * conv->stride_h - conv->pad_top;
        int32_t ky0, ky1;
        tp_tap_range(y0, conv->dilation_h, filter_shape->h, input_shape->h, &ky0, &ky1);
        for (int32_t ox = 0; ox < output_shape->w; ox++, out += ch) {
            const int32_t x0 = ox * conv->stride_w - conv->pad_left;
            int32_t kx0, kx1;
            tp_tap_range(x0, conv->dilation_w, kw, in_w, &kx0, &kx1);
            const int empty = ky0 >= ky1 || kx0 >= kx1; /* dilated taps may all miss */
            win.rows = empty ? 0 : ky1 - ky0;
            win.cols = empty ? 0 : kx1 - kx0;
            win.in = empty ? input
                           : input + ((ptrdiff_t)(y0 + ky0 * conv->dilation_h) * in_w +
                                      (x0 + kx0 * conv->dilation_w)) *
                                         ch;
            win.w = filter + ((ptrdiff_t)ky0 * kw + kx0) * ch;
            win.in_skip = (ptrdiff_t)conv->dilation_h * in_w * ch - win.cols * win.in_col;
            win.w_skip = (ptrdiff_t)kw * ch - win.cols * win.w_col;
            int32_t c = 0;
#if TP_USE_DSP
            const int32_t offset2 = tp_dup_s16(offset);
            for (; c + 4 <= ch; c += 4) {
                int32_t acc[4] = {0, 0, 0, 0};
                if (bias != NULL) {
                    memcpy(acc, bias + c, sizeof(acc));
                }
                tp_dw_four(&win, c, offset2, acc);
                const int32_t *m = quant->multiplier + c;
                const int32_t *sh = quant->shift + c;
                const tp_rq rq0 = tp_rq_make(m[0], sh[0]);
                out[c] = tp_rq_apply(acc[0], &rq0, out_offset, lo, hi);
                const tp_rq rq1 = tp_rq_make(m[1], sh[1]);
                out[c + 1] = tp_rq_apply(acc[1], &rq1, out_offset, lo, hi);
                const tp_rq rq2 = tp_rq_make(m[2], sh[2]);
                out[c + 2] = tp_rq_apply(acc[2], &rq2, out_offset, lo, hi);
                const tp_rq rq3 = tp_rq_make(m[3], sh[3]);
                out[c + 3] = tp_rq_apply(acc[3], &rq3, out_offset, lo, hi);
            }
#endif
            for (; c < ch; c++) {
                const int32_t acc = tp_dw_one(&win, c, offset, bias != NULL ? bias[c] : 0);
                const tp_rq rq = tp_rq_make(quant->multiplier[c], quant->shift[c]);
                out[c] = tp_rq_apply(acc, &rq, out_offset, lo, hi);
            }
        }
    }
    return TP_OK;
}
