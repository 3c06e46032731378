/*
 * tp_conv_s8: general int8 convolution (any kernel, stride, padding, dilation, groups).
 * Two output pixels at a time are unrolled into int16 columns (im2col), then multiplied by the
 * weights two output channels at a time (tp_mat_mult_s8_s16).
 */
#include "../internal/tp_internal.h"

int32_t tp_conv_s8_get_buffer_size(const tp_conv_params *conv, const tp_shape *input,
                                   const tp_filter_shape *filter)
{
    (void)conv;
    (void)input;
    if (filter == NULL) {
        return 0;
    }
    const int32_t k = filter->h * filter->w * filter->c;
    return 4 * ((k + 1) & ~1); /* a column pair needs 4 * k bytes; kept even for alignment */
}

/* Unrolls the receptive field of output pixel (oy, ox), input channels of group g, into column
 * j of the column pair at cols (layout in tp_internal.h). Padding taps hold 0 (= zero point).
 * Without groups and dilation, a kernel row fully inside the input is one contiguous run. */
static void tp_im2col(const tp_conv_params *conv, int32_t input_offset, const tp_shape *in,
                      const int8_t *input, const tp_filter_shape *f, int32_t g, int32_t oy,
                      int32_t ox, int16_t *cols, int32_t j)
{
    const int32_t cg = f->c;
    const int32_t k = f->h * f->w * cg;
    const int32_t y0 = oy * conv->stride_h - conv->pad_top;
    const int32_t x0 = ox * conv->stride_w - conv->pad_left;
    const ptrdiff_t row_len = (ptrdiff_t)in->w * in->c;
    const int whole_rows = cg == in->c && conv->dilation_w == 1 && x0 >= 0 && x0 + f->w <= in->w;
    int32_t e = 0;
    for (int32_t ky = 0; ky < f->h; ky++) {
        const int32_t iy = y0 + ky * conv->dilation_h;
        const int row_inside = iy >= 0 && iy < in->h;
        const int8_t *row = row_inside ? input + iy * row_len + (ptrdiff_t)g * cg : NULL;
        if (!row_inside || whole_rows) {
            tp_col_put(row != NULL ? row + (ptrdiff_t)x0 * in->c : NULL, f->w * cg, input_offset,
                       cols, k, j, e);
            e += f->w * cg;
            continue;
        }
        for (int32_t kx = 0; kx < f->w; kx++, e += cg) {
            const int32_t ix = x0 + kx * conv->dilation_w;
            const int inside = ix >= 0 && ix < in->w;
            tp_col_put(inside ? row + (ptrdiff_t)ix * in->c : NULL, cg, input_offset, cols, k, j,
                       e);
        }
    }
}

tp_status tp_conv_s8(const tp_scratch *scratch, const tp_conv_params *conv, const tp_quant_io *io,
                     const tp_channel_quant *quant, const tp_shape *input_shape,
                     const int8_t *input, const tp_filter_shape *filter_shape, const int8_t *filter,
                     const int32_t *bias, const tp_shape *output_shape, int8_t *output)
{
    const tp_status st = tp_conv_s8_check(conv, io, quant, input_shape, input, filter_shape, filter,
                                          output_shape, output, 0);
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
    int16_t *cols = (int16_t *)scratch->buf;
    const int32_t ow = output_shape->w;
    const int32_t pixels = output_shape->h * ow;
    const int32_t out_c = output_shape->c;

    for (int32_t p = 0; p < pixels; p += 2) {
        const int two = p + 1 < pixels;
        int8_t *out_a = output + (ptrdiff_t)p * out_c;
        for (int32_t g = 0; g < groups; g++) {
            const int32_t o0 = g * n_group;
            for (int32_t j = 0; j <= two; j++) {
                tp_im2col(conv, io->input_offset, input_shape, input, f, g, (p + j) / ow,
                          (p + j) % ow, cols, j);
            }
            tp_mat_mult_s8_s16(filter + (ptrdiff_t)o0 * k, cols, two, n_group, k, io,
                               quant->multiplier + o0, quant->shift + o0,
                               bias != NULL ? bias + o0 : NULL, out_a + o0,
                               two ? out_a + out_c + o0 : NULL);
        }
    }
    return TP_OK;
}
