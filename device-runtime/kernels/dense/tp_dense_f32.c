/* tp_dense_f32: float fully connected layer, weights [out_features][in_features]. */
#include "../internal/tp_internal.h"

tp_status tp_dense_f32(const tp_act_f32 *act, int32_t in_features, const float *input,
                       int32_t out_features, const float *weights, const float *bias, float *output)
{
    if (!tp_act_f32_ok(act) || input == NULL || weights == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    if (in_features < 1 || out_features < 1) {
        return TP_ERR_SHAPE;
    }
    for (int32_t o = 0; o < out_features; o++) {
        const float *w = weights + (ptrdiff_t)o * in_features;
        float acc = bias != NULL ? bias[o] : 0.0f;
        for (int32_t i = 0; i < in_features; i++) {
            acc += input[i] * w[i];
        }
        output[o] = tp_act_apply(acc, act);
    }
    return TP_OK;
}
