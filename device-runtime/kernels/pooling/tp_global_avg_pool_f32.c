/* tp_global_avg_pool_f32: per-channel float mean over all pixels, then clamp. */
#include "../internal/tp_internal.h"

tp_status tp_global_avg_pool_f32(const tp_act_f32 *act, const tp_shape *input_shape,
                                 const float *input, float *output)
{
    if (!tp_act_f32_ok(act) || input_shape == NULL || input == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    const int32_t ch = input_shape->c;
    const int32_t count = input_shape->h * input_shape->w;
    if (ch < 1 || input_shape->h < 1 || input_shape->w < 1) {
        return TP_ERR_SHAPE;
    }
    for (int32_t c = 0; c < ch; c++) {
        float sum = 0.0f;
        const float *src = input + c;
        for (int32_t p = 0; p < count; p++, src += ch) {
            sum += *src;
        }
        output[c] = tp_act_apply(sum / (float)count, act);
    }
    return TP_OK;
}
