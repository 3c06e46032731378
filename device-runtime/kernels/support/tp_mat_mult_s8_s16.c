/*
 * int8 x int16 matrix multiply with requantisation over a column pair: the inner kernel of the
 * int8 convolutions. Two output channels x two columns per pass, so each weight word and each
 * column word loaded feeds two dual 16-bit MACs (SMLAD): 16 MACs in 16 instructions plus the
 * loop branch on Cortex-M4.
 */
#include "../internal/tp_internal.h"

typedef struct {
    int32_t a0, a1, b0, b1; /* column a/b x channel 0/1 */
} tp_acc4;

#if TP_USE_ASM_LOOPS
/* Both columns, `groups` groups of four values. Written in asm because GCC 12 runs out of
 * registers on the intrinsic form and spills inside the loop; the pair layout lets one pointer
 * walk both columns, which leaves exactly enough registers. */
static void tp_dot_groups_two(const int8_t *w0, const int8_t *w1, const int16_t *cols,
                              int32_t groups, tp_acc4 *acc)
{
    int32_t a0 = acc->a0, a1 = acc->a1, b0 = acc->b0, b1 = acc->b1;
    int32_t xa_even, xa_odd, xb_even, xb_odd, w, w_part;
    __asm__(
        "1:\n\t"
        "ldrd   %[xbe], %[xbo], [%[cols], #8]\n\t"
        "ldrd   %[xae], %[xao], [%[cols]], #16\n\t"
        "ldr    %[w], [%[w0]], #4\n\t"
        "sxtb16 %[wp], %[w]\n\t"
        "smlad  %[a0], %[xae], %[wp], %[a0]\n\t"
        "smlad  %[b0], %[xbe], %[wp], %[b0]\n\t"
        "sxtb16 %[wp], %[w], ror #8\n\t"
        "smlad  %[a0], %[xao], %[wp], %[a0]\n\t"
        "smlad  %[b0], %[xbo], %[wp], %[b0]\n\t"
        "ldr    %[w], [%[w1]], #4\n\t"
        "sxtb16 %[wp], %[w]\n\t"
        "smlad  %[a1], %[xae], %[wp], %[a1]\n\t"
        "smlad  %[b1], %[xbe], %[wp], %[b1]\n\t"
        "sxtb16 %[wp], %[w], ror #8\n\t"
        "smlad  %[a1], %[xao], %[wp], %[a1]\n\t"
        "smlad  %[b1], %[xbo], %[wp], %[b1]\n\t"
        "subs   %[n], %[n], #1\n\t"
        "bne    1b\n\t"
        : [a0] "+r"(a0), [a1] "+r"(a1), [b0] "+r"(b0), [b1] "+r"(b1), [cols] "+r"(cols),
          [w0] "+r"(w0), [w1] "+r"(w1), [n] "+r"(groups), [xae] "=&r"(xa_even), [xao] "=&r"(xa_odd),
          [xbe] "=&r"(xb_even), [xbo] "=&r"(xb_odd), [w] "=&r"(w), [wp] "=&r"(w_part)
        :
        : "cc", "memory");
    acc->a0 = a0;
    acc->a1 = a1;
    acc->b0 = b0;
    acc->b1 = b1;
}
#elif TP_USE_DSP
/* Both columns with intrinsics (builds where the asm loop cannot get its registers). */
static void tp_dot_groups_two(const int8_t *w0, const int8_t *w1, const int16_t *cols,
                              int32_t groups, tp_acc4 *acc)
{
    int32_t a0 = acc->a0, a1 = acc->a1, b0 = acc->b0, b1 = acc->b1;
    while (groups-- > 0) {
        const int32_t xa_even = tp_read_s16x2(cols);
        const int32_t xa_odd = tp_read_s16x2(cols + 2);
        const int32_t xb_even = tp_read_s16x2(cols + 4);
        const int32_t xb_odd = tp_read_s16x2(cols + 6);
        cols += 8;
        int32_t w = tp_read_s8x4(w0);
        w0 += 4;
        a0 = (int32_t)__smlad(xa_even, (int32_t)__sxtb16(w), a0);
        b0 = (int32_t)__smlad(xb_even, (int32_t)__sxtb16(w), b0);
        a0 = (int32_t)__smlad(xa_odd, tp_sxtb16_ror8(w), a0);
        b0 = (int32_t)__smlad(xb_odd, tp_sxtb16_ror8(w), b0);
        w = tp_read_s8x4(w1);
        w1 += 4;
        a1 = (int32_t)__smlad(xa_even, (int32_t)__sxtb16(w), a1);
        b1 = (int32_t)__smlad(xb_even, (int32_t)__sxtb16(w), b1);
        a1 = (int32_t)__smlad(xa_odd, tp_sxtb16_ror8(w), a1);
        b1 = (int32_t)__smlad(xb_odd, tp_sxtb16_ror8(w), b1);
    }
    acc->a0 = a0;
    acc->a1 = a1;
    acc->b0 = b0;
    acc->b1 = b1;
}
#endif

/* Dot products over the whole groups of four; column b only when two != 0. */
static void tp_dot_groups(const int8_t *w0, const int8_t *w1, const int16_t *cols, int two,
                          int32_t groups, tp_acc4 *acc)
{
    if (groups == 0) {
        return;
    }
#if TP_USE_DSP
    if (two) {
        tp_dot_groups_two(w0, w1, cols, groups, acc);
        return;
    }
    int32_t a0 = acc->a0, a1 = acc->a1;
    while (groups-- > 0) {
        const int32_t xa_even = tp_read_s16x2(cols);
        const int32_t xa_odd = tp_read_s16x2(cols + 2);
        const int32_t wa = tp_read_s8x4(w0);
        const int32_t wb = tp_read_s8x4(w1);
        cols += 8;
        w0 += 4;
        w1 += 4;
        a0 = (int32_t)__smlad(xa_even, (int32_t)__sxtb16(wa), a0);
        a0 = (int32_t)__smlad(xa_odd, tp_sxtb16_ror8(wa), a0);
        a1 = (int32_t)__smlad(xa_even, (int32_t)__sxtb16(wb), a1);
        a1 = (int32_t)__smlad(xa_odd, tp_sxtb16_ror8(wb), a1);
    }
    acc->a0 = a0;
    acc->a1 = a1;
#else
    int32_t a0 = acc->a0, a1 = acc->a1, b0 = acc->b0, b1 = acc->b1;
    while (groups-- > 0) {
        const int16_t *a = cols;
        const int16_t *b = cols + 4;
        /* a group holds (x0 x2 x1 x3) for weights (w0 w1 w2 w3) */
        a0 += a[0] * w0[0] + a[1] * w0[2] + a[2] * w0[1] + a[3] * w0[3];
        a1 += a[0] * w1[0] + a[1] * w1[2] + a[2] * w1[1] + a[3] * w1[3];
        if (two) {
            b0 += b[0] * w0[0] + b[1] * w0[2] + b[2] * w0[1] + b[3] * w0[3];
            b1 += b[0] * w1[0] + b[1] * w1[2] + b[2] * w1[1] + b[3] * w1[3];
        }
        cols += 8;
        w0 += 4;
        w1 += 4;
    }
    acc->a0 = a0;
    acc->a1 = a1;
    acc->b0 = b0;
    acc->b1 = b1;
#endif
}

/* The body for one (two == 0) or two columns; always inlined so `two` is a constant and each
 * variant carries only its own work. */
static inline __attribute__((always_inline)) void
tp_mat_mult_body(const int8_t *weights, const int16_t *cols, const int two, int32_t n_out,
                 int32_t k, const tp_quant_io *io, const int32_t *multiplier, const int32_t *shift,
                 const int32_t *bias, int8_t *out_a, int8_t *out_b)
{
    const int32_t k4 = k & ~3;
    const int32_t tail = k - k4;
    const int16_t *tail_a = cols + 2 * k4;
    const int16_t *tail_b = tail_a + tail;
    const int32_t out_offset = io->output_offset;
    const int32_t lo = io->act_min;
    const int32_t hi = io->act_max;
    const int8_t *w0 = weights;
    for (int32_t o = 0; o < n_out; o += 2, w0 += 2 * k) {
        /* an odd last channel is computed twice into the same slot (row o as both rows) */
        const int32_t o1 = o + 1 < n_out ? o + 1 : o;
        const int8_t *w1 = o1 != o ? w0 + k : w0;
        const int32_t bias0 = bias != NULL ? bias[o] : 0;
        const int32_t bias1 = bias != NULL ? bias[o1] : 0;
        tp_acc4 acc = {bias0, bias1, bias0, bias1};
        tp_dot_groups(w0, w1, cols, two, k4 >> 2, &acc);
        for (int32_t i = 0; i < tail; i++) {
            acc.a0 += tail_a[i] * w0[k4 + i];
            acc.a1 += tail_a[i] * w1[k4 + i];
            if (two) {
                acc.b0 += tail_b[i] * w0[k4 + i];
                acc.b1 += tail_b[i] * w1[k4 + i];
            }
        }
        const tp_rq rq0 = tp_rq_make(multiplier[o], shift[o]);
        out_a[o] = tp_rq_apply(acc.a0, &rq0, out_offset, lo, hi);
        if (two) {
            out_b[o] = tp_rq_apply(acc.b0, &rq0, out_offset, lo, hi);
        }
        const tp_rq rq1 = tp_rq_make(multiplier[o1], shift[o1]);
        out_a[o1] = tp_rq_apply(acc.a1, &rq1, out_offset, lo, hi);
        if (two) {
            out_b[o1] = tp_rq_apply(acc.b1, &rq1, out_offset, lo, hi);
        }
    }
}

void tp_mat_mult_s8_s16(const int8_t *weights, const int16_t *cols, int two, int32_t n_out,
                        int32_t k, const tp_quant_io *io, const int32_t *multiplier,
                        const int32_t *shift, const int32_t *bias, int8_t *out_a, int8_t *out_b)
{
    if (two) {
        tp_mat_mult_body(weights, cols, 1, n_out, k, io, multiplier, shift, bias, out_a, out_b);
    } else {
        tp_mat_mult_body(weights, cols, 0, n_out, k, io, multiplier, shift, bias, out_a, NULL);
    }
}
