/* tp_mul_f32: float elementwise multiply by a repeated factor, then clamp. */
#include "../internal/tp_internal.h"

tp_status tp_mul_f32(const tp_act_f32 *act, const float *input1, const float *input2, float *output,
                     int32_t size, int32_t input2_size)
{
    if (!tp_act_f32_ok(act) || input1 == NULL || input2 == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    if (size < 0 || input2_size < 1 || size % input2_size != 0) {
        return TP_ERR_SHAPE;
    }
    for (int32_t base = 0; base < size; base += input2_size) {
        for (int32_t c = 0; c < input2_size; c++) {
            output[base + c] = tp_act_apply(input1[base + c] * input2[c], act);
        }
    }
    return TP_OK;
}
