/*
 * tp_depthwise_conv_s8: int8 depthwise convolution, depth multiplier 1. For each output pixel
 * the window is clipped to the input once, so padding costs no per-tap test. The DSP path does
 * four channels per pass: one word of inputs and one of weights per tap, sign-extended to int16
 * pairs (input offset added by SXTAB16), and four 16x16 multiply-accumulates.
 */
#include "../internal/tp_internal.h"

int32_t tp_depthwise_conv_s8_get_buffer_size(const tp_conv_params *conv, const tp_shape *input,
                                             const tp_filter_shape *filter)
{
    (void)conv;
    (void)input;
    (void)filter;
    return 0;
}

/* Taps [first, end) of one axis whose input position origin + t * dilation is inside [0, size). */
static void tp_tap_range(int32_t origin, int32_t dilation, int32_t kernel, int32_t size,
                         int32_t *first, int32_t *end)
{
    const int32_t t0 = origin >= 0 ? 0 : (-origin + dilation - 1) / dilation;
    const int32_t t1 = size - 1 - origin < 0 ? 0 : (size - 1 - origin) / dilation + 1;
    *first = t0;
    *end = t1 < kernel ? t1 : kernel;
}

/* The clipped window of one output pixel, as pointer steps shared by all channels. */
typedef struct {
    const int8_t *in;   /* first in-input tap, channel 0 */
    const int8_t *w;    /* its weights, channel 0 */
    int32_t rows;       /* taps in y */
    int32_t cols;       /* taps in x */
    ptrdiff_t in_col;   /* input step between taps in x */
    ptrdiff_t in_skip;  /* input step from the end of a tap row to the next row */
    ptrdiff_t w_col;    /* weight step between taps in x (= channels) */
    ptrdiff_t w_skip;   /* weight step from the end of a tap row to the next row */
} tp_dw_window;

#if TP_USE_DSP
/* Accumulates four channels starting at c over the window (acc holds the biases). */
static void tp_dw_four(const tp_dw_window *win, int32_t c, int32_t offset2, int32_t acc[4])
{
    int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    const int8_t *pi = win->in + c;
    const int8_t *pw = win->w + c;
    const ptrdiff_t in_col = win->in_col;
    const ptrdiff_t w_col = win->w_col;
    for (int32_t r = 0; r < win->rows; r++) {
        if (TP_USE_ASM_LOOPS && in_col == w_col) { /* dilation 1: input and weights alike */
#if TP_USE_ASM_LOOPS
            int32_t n = win->cols;
            int32_t x, w, x_even, w_even;
            /* 13 instructions per tap and 4 channels (GCC 12 spills on the intrinsic form) */
            __asm__("1:\n\t"
                    "ldr     %[x], [%[pi]]\n\t"
                    "ldr     %[w], [%[pw]]\n\t"
                    "add     %[pi], %[pi], %[step]\n\t"
                    "add     %[pw], %[pw], %[step]\n\t"
                    "sxtab16 %[xe], %[off2], %[x]\n\t"
                    "sxtab16 %[x], %[off2], %[x], ror #8\n\t"
                    "sxtb16  %[we], %[w]\n\t"
                    "sxtb16  %[w], %[w], ror #8\n\t"
                    "smlabb  %[a0], %[xe], %[we], %[a0]\n\t"
                    "smlatt  %[a2], %[xe], %[we], %[a2]\n\t"
                    "smlabb  %[a1], %[x], %[w], %[a1]\n\t"
                    "smlatt  %[a3], %[x], %[w], %[a3]\n\t"
                    "subs    %[n], %[n], #1\n\t"
                    "bne     1b\n\t"
                    : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3),
                      [pi] "+r"(pi), [pw] "+r"(pw), [n] "+r"(n), [x] "=&r"(x), [w] "=&r"(w),
                      [xe] "=&r"(x_even), [we] "=&r"(w_even)
                    : [step] "r"(w_col), [off2] "r"(offset2)
                    : "cc", "memory");
#endif
        } else {
            for (int32_t t = 0; t < win->cols; t++) {
                const int32_t x = tp_read_s8x4(pi);
                const int32_t w = tp_read_s8x4(pw);
                pi += in_col;
                pw += w_col;
                const int32_t x_even = (int32_t)__sxtab16(offset2, x);
                const int32_t x_odd = tp_sxtab16_ror8(offset2, x);
                const int32_t w_even = (int32_t)__sxtb16(w);
                const int32_t w_odd = tp_sxtb16_ror8(w);
                a0 = __smlabb(x_even, w_even, a0);
                a2 = __smlatt(x_even, w_even, a2);
                a1 = __smlabb(x_odd, w_odd, a1);
                a3 = __smlatt(x_odd, w_odd, a3);
            }
        }
        pi += win->in_skip;
        pw += win->w_skip;
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}
#endif

/* One channel over the window. */
static int32_t tp_dw_one(const tp_dw_window *win, int32_t c, int32_t offset, int32_t acc)
{
    const int8_t *pi = win->in + c;
    const int8_t *pw = win->w + c;
    for (int32_t r = 0; r < win->rows; r++) {
        for (int32_t t = 0; t < win->cols; t++) {
            acc += (*pi + offset) * *pw;
            pi += win->in_col;
            pw += win->w_col;
        }
        pi += win->in_skip;
        pw += win->w_skip;
    }
    return acc;
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
                                      (x0 + kx0 * conv->dilation_w)) * ch;
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
