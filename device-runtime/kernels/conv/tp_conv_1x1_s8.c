/*
 * tp_conv_1x1_s8: 1x1 convolution without padding (any stride). Each input pixel is already a
 * column; two pixels at a time are widened to int16 and multiplied by the weights.
 */
#include "../internal/tp_internal.h"

int32_t tp_conv_1x1_s8_get_buffer_size(const tp_conv_params *conv, const tp_shape *input,
                                       const tp_filter_shape *filter)
{
    (void)conv;
    (void)filter;
    if (input == NULL) {
        return 0;
    }
    return 4 * ((input->c + 1) & ~1); /* a column pair of input->c values */
}

tp_status tp_conv_1x1_s8(const tp_scratch *scratch, const tp_conv_params *conv,
                         const tp_quant_io *io, const tp_channel_quant *quant,
                         const tp_shape *input_shape, const int8_t *input,
                         const tp_filter_shape *filter_shape, const int8_t *filter,
                         const int32_t *bias, const tp_shape *output_shape, int8_t *output)
{
    const tp_status st = tp_conv_s8_check(conv, io, quant, input_shape, input, filter_shape, filter,
                                          output_shape, output, 0);
    if (st != TP_OK) {
        return st;
    }
    if (filter_shape->h != 1 || filter_shape->w != 1 || conv->pad_top != 0 || conv->pad_left != 0 ||
        conv->groups != 1) {
        return TP_ERR_UNSUPPORTED;
    }
    if (!tp_scratch_ok(scratch, tp_conv_1x1_s8_get_buffer_size(conv, input_shape, filter_shape))) {
        return TP_ERR_SCRATCH;
    }
    const int32_t c = input_shape->c;
    int16_t *cols = (int16_t *)scratch->buf;
    const int32_t ow = output_shape->w;
    const int32_t pixels = output_shape->h * ow;
    const int32_t out_c = output_shape->c;

    for (int32_t p = 0; p < pixels; p += 2) {
        const int two = p + 1 < pixels;
        for (int32_t j = 0; j <= two; j++) {
            const int32_t oy = (p + j) / ow;
            const int32_t ox = (p + j) % ow;
            const int8_t *src = input + ((ptrdiff_t)oy * conv->stride_h * input_shape->w +
                                         (ptrdiff_t)ox * conv->stride_w) *
                                            c;
            tp_col_put(src, c, io->input_offset, cols, c, j, 0);
        }
        int8_t *out_a = output + (ptrdiff_t)p * out_c;
        tp_mat_mult_s8_s16(filter, cols, two, out_c, c, io, quant->multiplier, quant->shift, bias,
                           out_a, two ? out_a + out_c : NULL);
    }
    return TP_OK;
}
