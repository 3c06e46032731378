/* tp_argmax_f32: index of the first maximum of a float vector (NaN never wins). */
#include "../internal/tp_internal.h"

tp_status tp_argmax_f32(const float *input, int32_t size, int32_t *index)
{
    if (input == NULL || index == NULL) {
        return TP_ERR_ARGUMENT;
    }
    if (size < 1) {
        return TP_ERR_SHAPE;
    }
    int32_t best = 0;
    for (int32_t i = 1; i < size; i++) {
        if (input[i] > input[best] || input[best] != input[best]) {
            best = i;
        }
    }
    *index = best;
    return TP_OK;
}
