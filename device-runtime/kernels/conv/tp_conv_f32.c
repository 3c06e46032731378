/* tp_conv_f32: general float convolution (any kernel, stride, padding, dilation, groups). */
#include "../internal/tp_internal.h"

tp_status tp_conv_f32(const tp_conv_params *conv, const tp_act_f32 *act,
                      const tp_shape *input_shape, const float *input,
                      const tp_filter_shape *filter_shape, const float *filter, const float *bias,
                      const tp_shape *output_shape, float *output)
{
    if (!tp_act_f32_ok(act) || input == NULL || filter == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    const tp_status st = tp_conv_geometry_check(conv, input_shape, filter_shape, output_shape, 0);
    if (st != TP_OK) {
        return st;
    }
    const tp_shape *in = input_shape;
    const tp_filter_shape *f = filter_shape;
    const int32_t n_group = f->n / conv->groups;
    float *out = output;
    for (int32_t oy = 0; oy < output_shape->h; oy++) {
        for (int32_t ox = 0; ox < output_shape->w; ox++, out += output_shape->c) {
            const int32_t y0 = oy * conv->stride_h - conv->pad_top;
            const int32_t x0 = ox * conv->stride_w - conv->pad_left;
            for (int32_t o = 0; o < f->n; o++) {
                const int32_t c0 = (o / n_group) * f->c;
                const float *w = filter + (ptrdiff_t)o * f->h * f->w * f->c;
                float acc = bias != NULL ? bias[o] : 0.0f;
                for (int32_t ky = 0; ky < f->h; ky++) {
                    const int32_t iy = y0 + ky * conv->dilation_h;
                    for (int32_t kx = 0; kx < f->w; kx++, w += f->c) {
                        const int32_t ix = x0 + kx * conv->dilation_w;
                        if (iy < 0 || iy >= in->h || ix < 0 || ix >= in->w) {
                            continue;
                        }
                        const float *src = input + ((ptrdiff_t)iy * in->w + ix) * in->c + c0;
                        for (int32_t c = 0; c < f->c; c++) {
                            acc += src[c] * w[c];
                        }
                    }
                }
                out[o] = tp_act_apply(acc, act);
            }
        }
    }
    return TP_OK;
}
