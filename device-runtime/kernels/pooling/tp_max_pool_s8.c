/* tp_max_pool_s8: int8 max pool over the taps of each window inside the input, then clamp. */
#include "../internal/tp_internal.h"
#include "../internal/tp_pool_window.h"

tp_status tp_max_pool_s8(const tp_pool_params *pool, int32_t act_min, int32_t act_max,
                         const tp_shape *input_shape, const int8_t *input,
                         const tp_shape *output_shape, int8_t *output)
{
    if (input == NULL || output == NULL || !tp_act_range_ok(act_min, act_max)) {
        return TP_ERR_ARGUMENT;
    }
    const tp_status st = tp_pool_geometry_check(pool, input_shape, output_shape);
    if (st != TP_OK) {
        return st;
    }
    const int32_t ch = input_shape->c;
    int8_t *out = output;
    for (int32_t oy = 0; oy < output_shape->h; oy++) {
        for (int32_t ox = 0; ox < output_shape->w; ox++, out += ch) {
            const tp_pool_window win = tp_pool_window_at(pool, input_shape, oy, ox);
            TP_ASSERT(win.y0 < win.y1 && win.x0 < win.x1);
            memset(out, INT8_MIN, (size_t)ch);
            for (int32_t y = win.y0; y < win.y1; y += pool->dilation_h) {
                for (int32_t x = win.x0; x < win.x1; x += pool->dilation_w) {
                    const int8_t *src = input + ((ptrdiff_t)y * input_shape->w + x) * ch;
                    for (int32_t c = 0; c < ch; c++) {
                        out[c] = src[c] > out[c] ? src[c] : out[c];
                    }
                }
            }
            for (int32_t c = 0; c < ch; c++) {
                out[c] = (int8_t)tp_clamp_i32(out[c], act_min, act_max);
            }
        }
    }
    return TP_OK;
}
