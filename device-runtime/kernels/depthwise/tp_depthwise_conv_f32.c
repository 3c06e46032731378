/* tp_depthwise_conv_f32: float depthwise convolution, depth multiplier 1, weights [kh][kw][C]. */
#include "../internal/tp_internal.h"

tp_status tp_depthwise_conv_f32(const tp_conv_params *conv, const tp_act_f32 *act,
                                const tp_shape *input_shape, const float *input,
                                const tp_filter_shape *filter_shape, const float *filter,
                                const float *bias, const tp_shape *output_shape, float *output)
{
    if (!tp_act_f32_ok(act) || input == NULL || filter == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    const tp_status st = tp_conv_geometry_check(conv, input_shape, filter_shape, output_shape, 1);
    if (st != TP_OK) {
        return st;
    }
    const tp_shape *in = input_shape;
    const int32_t ch = in->c;
    float *out = output;
    for (int32_t oy = 0; oy < output_shape->h; oy++) {
        for (int32_t ox = 0; ox < output_shape->w; ox++, out += ch) {
            const int32_t y0 = oy * conv->stride_h - conv->pad_top;
            const int32_t x0 = ox * conv->stride_w - conv->pad_left;
            for (int32_t c = 0; c < ch; c++) {
                out[c] = bias != NULL ? bias[c] : 0.0f;
            }
            for (int32_t ky = 0; ky < filter_shape->h; ky++) {
                const int32_t iy = y0 + ky * conv->dilation_h;
                for (int32_t kx = 0; kx < filter_shape->w; kx++) {
                    const int32_t ix = x0 + kx * conv->dilation_w;
                    if (iy < 0 || iy >= in->h || ix < 0 || ix >= in->w) {
                        continue;
                    }
                    const float *src = input + ((ptrdiff_t)iy * in->w + ix) * ch;
                    const float *w = filter + ((ptrdiff_t)ky * filter_shape->w + kx) * ch;
                    for (int32_t c = 0; c < ch; c++) {
                        out[c] += src[c] * w[c];
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
