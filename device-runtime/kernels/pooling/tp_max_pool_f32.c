/* tp_max_pool_f32: float max pool over the taps of each window inside the input, then clamp. */
#include "../internal/tp_internal.h"
#include "../internal/tp_pool_window.h"

tp_status tp_max_pool_f32(const tp_pool_params *pool, const tp_act_f32 *act,
                          const tp_shape *input_shape, const float *input,
                          const tp_shape *output_shape, float *output)
{
    if (!tp_act_f32_ok(act) || input == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    const tp_status st = tp_pool_geometry_check(pool, input_shape, output_shape);
    if (st != TP_OK) {
        return st;
    }
    const int32_t ch = input_shape->c;
    float *out = output;
    for (int32_t oy = 0; oy < output_shape->h; oy++) {
        for (int32_t ox = 0; ox < output_shape->w; ox++, out += ch) {
            const tp_pool_window win = tp_pool_window_at(pool, input_shape, oy, ox);
            const float *first = input + ((ptrdiff_t)win.y0 * input_shape->w + win.x0) * ch;
            memcpy(out, first, (size_t)ch * sizeof(float));
            for (int32_t y = win.y0; y < win.y1; y += pool->dilation_h) {
                for (int32_t x = win.x0; x < win.x1; x += pool->dilation_w) {
                    const float *src = input + ((ptrdiff_t)y * input_shape->w + x) * ch;
                    for (int32_t c = 0; c < ch; c++) {
                        out[c] = src[c] > out[c] ? src[c] : out[c];
                    }
                }
            }
            for (int32_t c = 0; c < ch; c++) {
                out[c] = tp_act_apply(out[c], act);
            }
        }
    }
    return TP_OK;
}
