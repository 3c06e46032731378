/* tp_sigmoid_f32: float logistic sigmoid 1 / (1 + e^-x). */
#include <math.h>

#include "../internal/tp_internal.h"

tp_status tp_sigmoid_f32(const float *input, float *output, int32_t size)
{
    if (input == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    if (size < 0) {
        return TP_ERR_SHAPE;
    }
    for (int32_t i = 0; i < size; i++) {
        output[i] = 1.0f / (1.0f + expf(-input[i]));
    }
    return TP_OK;
}
