/* tp_hard_swish_f32: float x * max(0, min(1, x / 6 + 1 / 2)) (ONNX HardSwish). */
#include "../internal/tp_internal.h"

tp_status tp_hard_swish_f32(const float *input, float *output, int32_t size)
{
    if (input == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    if (size < 0) {
        return TP_ERR_SHAPE;
    }
    for (int32_t i = 0; i < size; i++) {
        const float x = input[i];
        const float g = x / 6.0f + 0.5f;
        output[i] = x * (g < 0.0f ? 0.0f : (g > 1.0f ? 1.0f : g));
    }
    return TP_OK;
}
