/* tp_pad_s8: int8 constant padding of H and W with pad_value (the zero point: real 0). */
#include "../internal/tp_internal.h"

tp_status tp_pad_s8(int32_t pad_top, int32_t pad_left, int32_t pad_value,
                    const tp_shape *input_shape, const int8_t *input, const tp_shape *output_shape,
                    int8_t *output)
{
    if (input == NULL || output == NULL || pad_value < INT8_MIN || pad_value > INT8_MAX) {
        return TP_ERR_ARGUMENT;
    }
    const tp_status st = tp_pad_geometry_check(pad_top, pad_left, input_shape, output_shape);
    if (st != TP_OK) {
        return st;
    }
    const size_t row = (size_t)input_shape->w * (size_t)input_shape->c;
    const ptrdiff_t out_row = (ptrdiff_t)output_shape->w * output_shape->c;
    memset(output, pad_value, (size_t)output_shape->h * (size_t)out_row);
    int8_t *dst = output + (ptrdiff_t)pad_top * out_row + (ptrdiff_t)pad_left * input_shape->c;
    for (int32_t y = 0; y < input_shape->h; y++, dst += out_row) {
        memcpy(dst, input + (ptrdiff_t)y * (ptrdiff_t)row, row);
    }
    return TP_OK;
}
