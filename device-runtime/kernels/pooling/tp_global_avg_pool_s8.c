/* tp_global_avg_pool_s8: per-channel rounded mean over all pixels (TFLite average-pool rounding).
 */
#include "../internal/tp_internal.h"

tp_status tp_global_avg_pool_s8(int32_t act_min, int32_t act_max, const tp_shape *input_shape,
                                const int8_t *input, int8_t *output)
{
    if (input_shape == NULL || input == NULL || output == NULL ||
        !tp_act_range_ok(act_min, act_max)) {
        return TP_ERR_ARGUMENT;
    }
    const int32_t ch = input_shape->c;
    const int32_t count = input_shape->h * input_shape->w;
    if (ch < 1 || input_shape->h < 1 || input_shape->w < 1 || count > (INT32_MAX >> 8)) {
        return TP_ERR_SHAPE;
    }
    for (int32_t c = 0; c < ch; c++) {
        int32_t sum = 0;
        const int8_t *src = input + c;
        for (int32_t p = 0; p < count; p++, src += ch) {
            sum += *src;
        }
        const int32_t avg = sum >= 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
        output[c] = (int8_t)tp_clamp_i32(avg, act_min, act_max);
    }
    return TP_OK;
}
