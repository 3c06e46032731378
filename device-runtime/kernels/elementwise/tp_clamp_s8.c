/* tp_clamp_s8: standalone int8 activation clamp (ReLU / ReLU6 not fused into a producer). */
#include "../internal/tp_internal.h"

tp_status tp_clamp_s8(int32_t act_min, int32_t act_max, const int8_t *input, int8_t *output,
                      int32_t size)
{
    if (input == NULL || output == NULL || !tp_act_range_ok(act_min, act_max)) {
        return TP_ERR_ARGUMENT;
    }
    if (size < 0) {
        return TP_ERR_SHAPE;
    }
    for (int32_t i = 0; i < size; i++) {
        output[i] = (int8_t)tp_clamp_i32(input[i], act_min, act_max);
    }
    return TP_OK;
}
