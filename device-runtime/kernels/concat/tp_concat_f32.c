/* tp_concat_f32: float concatenation along the channel axis of NHWC tensors. */
#include "../internal/tp_internal.h"

tp_status tp_concat_f32(int32_t num_inputs, const float *const *inputs, const int32_t *channels,
                        int32_t pixels, float *output)
{
    if (num_inputs < 1 || inputs == NULL || channels == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    int32_t out_c = 0;
    for (int32_t i = 0; i < num_inputs; i++) {
        if (inputs[i] == NULL) {
            return TP_ERR_ARGUMENT;
        }
        if (channels[i] < 1) {
            return TP_ERR_SHAPE;
        }
        out_c += channels[i];
    }
    if (pixels < 1) {
        return TP_ERR_SHAPE;
    }
    int32_t base = 0;
    for (int32_t i = 0; i < num_inputs; i++) {
        const int32_t c = channels[i];
        const float *src = inputs[i];
        float *dst = output + base;
        for (int32_t p = 0; p < pixels; p++, src += c, dst += out_c) {
            memcpy(dst, src, (size_t)c * sizeof(float));
        }
        base += c;
    }
    return TP_OK;
}
