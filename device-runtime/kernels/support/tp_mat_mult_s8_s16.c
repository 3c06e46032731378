/*
 * Two-column int8 x int16 matrix multiply with requantisation: the inner kernel of the int8
 * convolutions. Two output channels x two columns per pass, so each loaded weight word and each
 * loaded column word feeds two dual MACs.
 */
#include "tp_internal.h"

/* Dot products of weight rows w0, w1 with columns a, b (b may be NULL), reordered groups only. */
typedef struct {
    int32_t a0, a1, b0, b1;
} tp_acc4;

static void tp_dot_groups(const int8_t *w0, const int8_t *w1, const int16_t *a,
                          const int16_t *b, int32_t groups, tp_acc4 *acc)
{
    int32_t a0 = acc->a0, a1 = acc->a1, b0 = acc->b0, b1 = acc->b1;
#if TP_USE_DSP
    if (b != NULL) {
        while (groups-- > 0) {
            const int32_t wa = tp_read_s8x4(w0);
            const int32_t wb = tp_read_s8x4(w1);
            w0 += 4;
            w1 += 4;
            const int32_t wa_even = (int32_t)__sxtb16(wa);
            const int32_t wa_odd = (int32_t)__sxtb16(tp_ror((uint32_t)wa, 8));
            const int32_t wb_even = (int32_t)__sxtb16(wb);
            const int32_t wb_odd = (int32_t)__sxtb16(tp_ror((uint32_t)wb, 8));
            const int32_t xa_even = tp_read_s16x2(a);
            const int32_t xa_odd = tp_read_s16x2(a + 2);
            const int32_t xb_even = tp_read_s16x2(b);
            const int32_t xb_odd = tp_read_s16x2(b + 2);
            a += 4;
            b += 4;
            a0 = (int32_t)__smlad(xa_even, wa_even, a0);
            a0 = (int32_t)__smlad(xa_odd, wa_odd, a0);
            a1 = (int32_t)__smlad(xa_even, wb_even, a1);
            a1 = (int32_t)__smlad(xa_odd, wb_odd, a1);
            b0 = (int32_t)__smlad(xb_even, wa_even, b0);
            b0 = (int32_t)__smlad(xb_odd, wa_odd, b0);
            b1 = (int32_t)__smlad(xb_even, wb_even, b1);
            b1 = (int32_t)__smlad(xb_odd, wb_odd, b1);
        }
    } else {
        while (groups-- > 0) {
            const int32_t wa = tp_read_s8x4(w0);
            const int32_t wb = tp_read_s8x4(w1);
            w0 += 4;
            w1 += 4;
            const int32_t xa_even = tp_read_s16x2(a);
            const int32_t xa_odd = tp_read_s16x2(a + 2);
            a += 4;
            a0 = (int32_t)__smlad(xa_even, (int32_t)__sxtb16(wa), a0);
            a0 = (int32_t)__smlad(xa_odd, (int32_t)__sxtb16(tp_ror((uint32_t)wa, 8)), a0);
            a1 = (int32_t)__smlad(xa_even, (int32_t)__sxtb16(wb), a1);
            a1 = (int32_t)__smlad(xa_odd, (int32_t)__sxtb16(tp_ror((uint32_t)wb, 8)), a1);
        }
    }
#else
    while (groups-- > 0) {
        /* column holds (x0 x2 x1 x3) for weights (w0 w1 w2 w3) */
        a0 += a[0] * w0[0] + a[1] * w0[2] + a[2] * w0[1] + a[3] * w0[3];
        a1 += a[0] * w1[0] + a[1] * w1[2] + a[2] * w1[1] + a[3] * w1[3];
        if (b != NULL) {
            b0 += b[0] * w0[0] + b[1] * w0[2] + b[2] * w0[1] + b[3] * w0[3];
            b1 += b[0] * w1[0] + b[1] * w1[2] + b[2] * w1[1] + b[3] * w1[3];
            b += 4;
        }
        a += 4;
        w0 += 4;
        w1 += 4;
    }
#endif
    acc->a0 = a0;
    acc->a1 = a1;
    acc->b0 = b0;
    acc->b1 = b1;
}

void tp_mat_mult_s8_s16(const int8_t *weights, const int16_t *col_a, const int16_t *col_b,
                        int32_t n_out, int32_t k, const tp_quant_io *io,
                        const int32_t *multiplier, const int32_t *shift, const int32_t *bias,
                        int8_t *out_a, int8_t *out_b)
{
    const int32_t groups = k >> 2;
    const int32_t tail_start = groups << 2;
    for (int32_t o = 0; o < n_out; o += 2) {
        /* an odd last channel is computed twice into the same slot (row o as both rows) */
        const int32_t o1 = o + 1 < n_out ? o + 1 : o;
        const int8_t *w0 = weights + (int64_t)o * k;
        const int8_t *w1 = weights + (int64_t)o1 * k;
        const int32_t bias0 = bias != NULL ? bias[o] : 0;
        const int32_t bias1 = bias != NULL ? bias[o1] : 0;
        tp_acc4 acc = {bias0, bias1, bias0, bias1};
        tp_dot_groups(w0, w1, col_a, col_b, groups, &acc);
        for (int32_t i = tail_start; i < k; i++) {
            acc.a0 += col_a[i] * w0[i];
            acc.a1 += col_a[i] * w1[i];
            if (col_b != NULL) {
                acc.b0 += col_b[i] * w0[i];
                acc.b1 += col_b[i] * w1[i];
            }
        }
        out_a[o] = tp_requant_clamp(acc.a0, multiplier[o], shift[o], io);
        out_a[o1] = tp_requant_clamp(acc.a1, multiplier[o1], shift[o1], io);
        if (col_b != NULL) {
            out_b[o] = tp_requant_clamp(acc.b0, multiplier[o], shift[o], io);
            out_b[o1] = tp_requant_clamp(acc.b1, multiplier[o1], shift[o1], io);
        }
    }
}
