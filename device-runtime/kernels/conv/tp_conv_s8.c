/*
 * tp_conv_s8: general int8 convolution (any kernel, stride, padding, dilation, groups).
 * Two output pixels at a time are unrolled into int16 columns (im2col), then multiplied by the
 * weights two output channels at a time (tp_mat_mult_s8_s16).
 */
#include "tp_internal.h"

int32_t tp_conv_s8_get_buffer_size(const tp_conv_params *conv, const tp_shape *input,
                                   const tp_filter_shape *filter)
{
    (void)conv;
    (void)input;
    if (filter == NULL) {
        return 0;
    }
    const int32_t k = filter->h * filter->w * filter->c;
    return 2 * tp_col_stride(k) * (int32_t)sizeof(int16_t);
}

/* Unrolls the receptive field of output pixel (oy, ox), input channels of group g, into col. */
static void tp_im2col(const tp_conv_params *conv, int32_t input_offset, const tp_shape *in,
                      const int8_t *input, const tp_filter_shape *f, int32_t g, int32_t oy,
                      int32_t ox, int16_t *col)
{
    const int32_t cg = f->c;
    const int32_t k = f->h * f->w * cg;
    const int32_t y0 = oy * conv->stride_h - conv->pad_top;
    const int32_t x0 = ox * conv->stride_w - conv->pad_left;
    const int aligned = (cg & 3) == 0;
    int32_t pos = 0;
    for (int32_t ky = 0; ky < f->h; ky++) {
        const int32_t iy = y0 + ky * conv->dilation_h;
        for (int32_t kx = 0; kx < f->w; kx++, pos += cg) {
            const int32_t ix = x0 + kx * conv->dilation_w;
            const int inside = iy >= 0 && iy < in->h && ix >= 0 && ix < in->w;
            const int8_t *src =
                inside ? input + ((int64_t)iy * in->w + ix) * in->c + (int64_t)g * cg : input;
            if (aligned) {
                if (inside) {
                    tp_col_from_s8(src, col + pos, cg, input_offset);
                } else {
                    memset(col + pos, 0, (size_t)cg * sizeof(int16_t));
                }
            } else {
                for (int32_t c = 0; c < cg; c++) {
                    col[tp_col_pos(pos + c, k)] = inside ? (int16_t)(src[c] + input_offset) : 0;
                }
            }
        }
    }
}

tp_status tp_conv_s8(const tp_scratch *scratch, const tp_conv_params *conv,
                     const tp_quant_io *io, const tp_channel_quant *quant,
                     const tp_shape *input_shape, const int8_t *input,
                     const tp_filter_shape *filter_shape, const int8_t *filter,
                     const int32_t *bias, const tp_shape *output_shape, int8_t *output)
{
    const tp_status st = tp_conv_s8_check(conv, io, quant, input_shape, input, filter_shape,
                                          filter, output_shape, output, 0);
    if (st != TP_OK) {
        return st;
    }
    if (!tp_scratch_ok(scratch, tp_conv_s8_get_buffer_size(conv, input_shape, filter_shape))) {
        return TP_ERR_SCRATCH;
    }
    const tp_filter_shape *f = filter_shape;
    const int32_t k = f->h * f->w * f->c;
    const int32_t groups = conv->groups;
    const int32_t n_group = f->n / groups;
    int16_t *col_a = (int16_t *)scratch->buf;
    int16_t *col_b = col_a + tp_col_stride(k);
    const int32_t pixels = output_shape->h * output_shape->w;
    const int32_t out_c = output_shape->c;

    for (int32_t p = 0; p < pixels; p += 2) {
        const int two = p + 1 < pixels;
        int8_t *out_a = output + (int64_t)p * out_c;
        for (int32_t g = 0; g < groups; g++) {
            const int32_t o0 = g * n_group;
            tp_im2col(conv, io->input_offset, input_shape, input, f, g, p / output_shape->w,
                      p % output_shape->w, col_a);
            if (two) {
                tp_im2col(conv, io->input_offset, input_shape, input, f, g,
                          (p + 1) / output_shape->w, (p + 1) % output_shape->w, col_b);
            }
            tp_mat_mult_s8_s16(filter + (int64_t)o0 * k, col_a, two ? col_b : NULL, n_group, k,
                               io, quant->multiplier + o0, quant->shift + o0,
                               bias != NULL ? bias + o0 : NULL, out_a + o0,
                               two ? out_a + out_c + o0 : NULL);
        }
    }
    return TP_OK;
}
