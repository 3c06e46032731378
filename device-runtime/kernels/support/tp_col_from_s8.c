/* int8 -> int16 + offset, in the reordered column layout of tp_internal.h. */
#include "tp_internal.h"

void tp_col_from_s8(const int8_t *src, int16_t *dst, int32_t n, int32_t offset)
{
    int32_t groups = n >> 2;
#if TP_USE_DSP
    const int32_t offset2 = tp_dup_s16(offset);
    while (groups-- > 0) {
        const int32_t x = tp_read_s8x4(src);
        src += 4;
        /* (x0 x2) and (x1 x3), each lane plus offset; the sum fits int16 (|.| <= 255). */
        tp_write_s16x2(dst, (int32_t)__sxtab16(offset2, x));
        tp_write_s16x2(dst + 2, (int32_t)__sxtab16(offset2, tp_ror((uint32_t)x, 8)));
        dst += 4;
    }
#else
    while (groups-- > 0) {
        dst[0] = (int16_t)(src[0] + offset);
        dst[1] = (int16_t)(src[2] + offset);
        dst[2] = (int16_t)(src[1] + offset);
        dst[3] = (int16_t)(src[3] + offset);
        src += 4;
        dst += 4;
    }
#endif
    for (int32_t i = 0; i < (n & 3); i++) {
        dst[i] = (int16_t)(src[i] + offset);
    }
}
