/* tp_clamp_f32: standalone float activation clamp (ReLU, ReLU6). */
#include "../internal/tp_internal.h"

tp_status tp_clamp_f32(const tp_act_f32 *act, const float *input, float *output, int32_t size)
{
    if (!tp_act_f32_ok(act) || input == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    if (size < 0) {
        return TP_ERR_SHAPE;
    }
    for (int32_t i = 0; i < size; i++) {
        output[i] = tp_act_apply(input[i], act);
    }
    return TP_OK;
}
