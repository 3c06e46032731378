/* tp_hard_sigmoid_f32: float max(0, min(1, alpha * x + beta)) (ONNX HardSigmoid). */
#include "../internal/tp_internal.h"

tp_status tp_hard_sigmoid_f32(float alpha, float beta, const float *input, float *output,
                              int32_t size)
{
    if (input == NULL || output == NULL || !(alpha == alpha) || !(beta == beta)) {
        return TP_ERR_ARGUMENT;
    }
    if (size < 0) {
        return TP_ERR_SHAPE;
    }
    for (int32_t i = 0; i < size; i++) {
        const float y = alpha * input[i] + beta;
        output[i] = y < 0.0f ? 0.0f : (y > 1.0f ? 1.0f : y);
    }
    return TP_OK;
}
