/* tp_add_f32: float elementwise add of same-shaped tensors, then clamp. */
#include "../internal/tp_internal.h"

tp_status tp_add_f32(const tp_act_f32 *act, const float *input1, const float *input2, float *output,
                     int32_t size)
{
    if (!tp_act_f32_ok(act) || input1 == NULL || input2 == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    if (size < 0) {
        return TP_ERR_SHAPE;
    }
    for (int32_t i = 0; i < size; i++) {
        output[i] = tp_act_apply(input1[i] + input2[i], act);
    }
    return TP_OK;
}
