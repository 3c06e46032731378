/* tp_avg_pool_s8: int8 average pool, TFLite rounding, padding counted as asked, then clamp. */
#include "../internal/tp_internal.h"
#include "../internal/tp_pool_window.h"

/* TFLite's rounded integer average: (sum +- count/2) / count with C division. */
static inline int32_t tp_rounded_average(int32_t sum, int32_t count)
{
    return sum >= 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
}

tp_status tp_avg_pool_s8(const tp_pool_params *pool, int32_t act_min, int32_t act_max,
                         const tp_shape *input_shape, const int8_t *input,
                         const tp_shape *output_shape, int8_t *output)
{
    if (input == NULL || output == NULL || !tp_act_range_ok(act_min, act_max) || pool == NULL ||
        (pool->count_include_pad && (pool->pad_value < INT8_MIN || pool->pad_value > INT8_MAX))) {
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
            const int32_t count = win.counted;
            const int32_t pad_sum = (win.counted - win.inside) * pool->pad_value;
            const ptrdiff_t step = (ptrdiff_t)pool->dilation_w * ch;
            TP_ASSERT(win.inside > 0);
            for (int32_t c = 0; c < ch; c++) {
                int32_t sum = pad_sum;
                for (int32_t y = win.y0; y < win.y1; y += pool->dilation_h) {
                    const int8_t *src = input + ((ptrdiff_t)y * input_shape->w + win.x0) * ch + c;
                    for (int32_t x = win.x0; x < win.x1; x += pool->dilation_w, src += step) {
                        sum += *src;
                    }
                }
                out[c] = (int8_t)tp_clamp_i32(tp_rounded_average(sum, count), act_min, act_max);
            }
        }
    }
    return TP_OK;
}
