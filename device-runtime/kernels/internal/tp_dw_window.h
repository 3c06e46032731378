/*
 * The clipped window of one depthwise output pixel and the loops that accumulate it, shared by
 * tp_depthwise_conv_s8 and tp_depthwise_conv_in_place_s8 (which runs them over its line buffer).
 */
#ifndef TP_DW_WINDOW_H
#define TP_DW_WINDOW_H

#include "tp_internal.h"

/* Taps [first, end) of one axis whose input position origin + t * dilation is inside [0, size). */
static inline void tp_tap_range(int32_t origin, int32_t dilation, int32_t kernel, int32_t size,
                                int32_t *first, int32_t *end)
{
    const int32_t t0 = origin >= 0 ? 0 : (-origin + dilation - 1) / dilation;
    const int32_t t1 = size - 1 - origin < 0 ? 0 : (size - 1 - origin) / dilation + 1;
    *first = t0;
    *end = t1 < kernel ? t1 : kernel;
}

/* The clipped window of one output pixel, as pointer steps shared by all channels. */
typedef struct {
    const int8_t *in;  /* first in-input tap, channel 0 */
    const int8_t *w;   /* its weights, channel 0 */
    int32_t rows;      /* taps in y */
    int32_t cols;      /* taps in x */
    ptrdiff_t in_col;  /* input step between taps in x */
    ptrdiff_t in_skip; /* input step from the end of a tap row to the next row */
    ptrdiff_t w_col;   /* weight step between taps in x (= channels) */
    ptrdiff_t w_skip;  /* weight step from the end of a tap row to the next row */
} tp_dw_window;

#if TP_USE_DSP
/* Accumulates four channels starting at c over the window (acc holds the biases). */
static inline void tp_dw_four(const tp_dw_window *win, int32_t c, int32_t offset2, int32_t acc[4])
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
                    : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [pi] "+r"(pi),
                      [pw] "+r"(pw), [n] "+r"(n), [x] "=&r"(x), [w] "=&r"(w), [xe] "=&r"(x_even),
                      [we] "=&r"(w_even)
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
static inline int32_t tp_dw_one(const tp_dw_window *win, int32_t c, int32_t offset, int32_t acc)
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

#endif /* TP_DW_WINDOW_H */
