/* int8 -> int16 + offset into one column of a column pair (layout in tp_internal.h). */
#include "../internal/tp_internal.h"

static inline void tp_col_put_one(const int8_t *src, int32_t i, int32_t offset, int16_t *cols,
                                  int32_t k, int32_t j, int32_t e)
{
    cols[tp_col_pos(e, k, j)] = src != NULL ? (int16_t)(src[i] + offset) : 0;
}

void tp_col_put(const int8_t *src, int32_t n, int32_t offset, int16_t *cols, int32_t k, int32_t j,
                int32_t e0)
{
    const int32_t end = e0 + n;
    const int32_t group_end = end < (k & ~3) ? end : (k & ~3);
    int32_t e = e0;
    for (; e < end && (e & 3) != 0; e++) {
        tp_col_put_one(src, e - e0, offset, cols, k, j, e);
    }
    /* whole groups: group g of column j sits at cols[8g + 4j], stored (x0 x2 x1 x3) */
    int16_t *dst = cols + 2 * e + 4 * j;
    if (src == NULL) {
        for (; e + 4 <= group_end; e += 4, dst += 8) {
            memset(dst, 0, 4 * sizeof(int16_t));
        }
    } else {
        const int8_t *in = src + (e - e0);
#if TP_USE_DSP
        const int32_t offset2 = tp_dup_s16(offset);
        for (; e + 4 <= group_end; e += 4, dst += 8, in += 4) {
            const int32_t x = tp_read_s8x4(in);
            /* (x0 x2) and (x1 x3), each lane plus offset; the sums fit int16 (|.| <= 255) */
            tp_write_s16x2(dst, (int32_t)__sxtab16(offset2, x));
            tp_write_s16x2(dst + 2, tp_sxtab16_ror8(offset2, x));
        }
#else
        for (; e + 4 <= group_end; e += 4, dst += 8, in += 4) {
            dst[0] = (int16_t)(in[0] + offset);
            dst[1] = (int16_t)(in[2] + offset);
            dst[2] = (int16_t)(in[1] + offset);
            dst[3] = (int16_t)(in[3] + offset);
        }
#endif
    }
    for (; e < end; e++) {
        tp_col_put_one(src, e - e0, offset, cols, k, j, e);
    }
}
