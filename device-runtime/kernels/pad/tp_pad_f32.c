/* tp_pad_f32: float constant padding of H and W with pad_value. */
#include "../internal/tp_internal.h"

tp_status tp_pad_f32(int32_t pad_top, int32_t pad_left, float pad_value,
                     const tp_shape *input_shape, const float *input, const tp_shape *output_shape,
                     float *output)
{
    if (input == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    const tp_status st = tp_pad_geometry_check(pad_top, pad_left, input_shape, output_shape);
    if (st != TP_OK) {
        return st;
    }
    const size_t row = (size_t)input_shape->w * (size_t)input_shape->c;
    const ptrdiff_t out_row = (ptrdiff_t)output_shape->w * output_shape->c;
    const ptrdiff_t total = (ptrdiff_t)output_shape->h * out_row;
    for (ptrdiff_t i = 0; i < total; i++) {
        output[i] = pad_value;
    }
    float *dst = output + (ptrdiff_t)pad_top * out_row + (ptrdiff_t)pad_left * input_shape->c;
    for (int32_t y = 0; y < input_shape->h; y++, dst += out_row) {
        memcpy(dst, input + (ptrdiff_t)y * (ptrdiff_t)row, row * sizeof(float));
    }
    return TP_OK;
}
