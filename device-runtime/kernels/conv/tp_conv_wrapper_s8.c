/* tp_conv_wrapper_s8: picks the 1x1 fast path when its conditions hold, else the general conv. */
#include "../internal/tp_internal.h"

static int tp_is_1x1(const tp_conv_params *conv, const tp_filter_shape *filter)
{
    return conv != NULL && filter != NULL && filter->h == 1 && filter->w == 1 &&
           conv->pad_top == 0 && conv->pad_left == 0 && conv->groups == 1;
}

int32_t tp_conv_wrapper_s8_get_buffer_size(const tp_conv_params *conv, const tp_shape *input,
                                           const tp_filter_shape *filter)
{
    return tp_is_1x1(conv, filter) ? tp_conv_1x1_s8_get_buffer_size(conv, input, filter)
                                   : tp_conv_s8_get_buffer_size(conv, input, filter);
}

tp_status tp_conv_wrapper_s8(const tp_scratch *scratch, const tp_conv_params *conv,
                             const tp_quant_io *io, const tp_channel_quant *quant,
                             const tp_shape *input_shape, const int8_t *input,
                             const tp_filter_shape *filter_shape, const int8_t *filter,
                             const int32_t *bias, const tp_shape *output_shape, int8_t *output)
{
    if (tp_is_1x1(conv, filter_shape)) {
        return tp_conv_1x1_s8(scratch, conv, io, quant, input_shape, input, filter_shape, filter,
                              bias, output_shape, output);
    }
    return tp_conv_s8(scratch, conv, io, quant, input_shape, input, filter_shape, filter, bias,
                      output_shape, output);
}
