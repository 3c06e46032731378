/* int8 -> int16 + offset into one column of a column pair (layout in tp_internal.h). */
#include "../internal/tp_internal.h"

void tp_col_from_s8(const int8_t *src, int32_t n, int32_t offset, int16_t *group_dst,
                    int16_t *tail_dst)
{
    int32_t groups = n >> 2;
#if TP_USE_DSP
    const int32_t offset2 = tp_dup_s16(offset);
    while (groups-- > 0) {
        const int32_t x = tp_read_s8x4(src);
        src += 4;
        /* (x0 x2) and (x1 x3), each lane plus offset; the sums fit int16 (|.| <= 255) */
        tp_write_s16x2(group_dst, (int32_t)__sxtab16(offset2, x));
        tp_write_s16x2(group_dst + 2, tp_sxtab16_ror8(offset2, x));
        group_dst += 8;
    }
#else
    while (groups-- > 0) {
        group_dst[0] = (int16_t)(src[0] + offset);
        group_dst[1] = (int16_t)(src[2] + offset);
        group_dst[2] = (int16_t)(src[1] + offset);
        group_dst[3] = (int16_t)(src[3] + offset);
        src += 4;
        group_dst += 8;
    }
#endif
    for (int32_t i = 0; i < (n & 3); i++) {
        tail_dst[i] = (int16_t)(src[i] + offset);
    }
}
