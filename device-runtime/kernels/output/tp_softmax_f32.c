/* tp_softmax_f32: numerically stable softmax (the maximum is subtracted before exp). */
#include <math.h>

#include "../internal/tp_internal.h"

tp_status tp_softmax_f32(const float *input, float *output, int32_t size)
{
    if (input == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    if (size < 1) {
        return TP_ERR_SHAPE;
    }
    float max = input[0];
    for (int32_t i = 1; i < size; i++) {
        max = input[i] > max ? input[i] : max;
    }
    float sum = 0.0f;
    for (int32_t i = 0; i < size; i++) {
        output[i] = expf(input[i] - max);
        sum += output[i];
    }
    for (int32_t i = 0; i < size; i++) {
        output[i] /= sum;
    }
    return TP_OK;
}
