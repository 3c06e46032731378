/* Argument checks shared by the kernels (run once per call, before any loop). */
#include "../internal/tp_internal.h"

int tp_window_axis_ok(int32_t in, int32_t out, int32_t kernel, int32_t stride, int32_t pad,
                      int32_t dilation)
{
    if (in < 1 || out < 1 || kernel < 1 || stride < 1 || dilation < 1 || pad < 0) {
        return 0;
    }
    const int64_t extent = (int64_t)dilation * (kernel - 1) + 1;
    return pad < extent && (int64_t)(out - 1) * stride - pad <= in - 1;
}

int tp_act_range_ok(int32_t lo, int32_t hi)
{
    return lo >= INT8_MIN && lo <= hi && hi <= INT8_MAX;
}

int tp_scratch_ok(const tp_scratch *scratch, int32_t bytes)
{
    if (bytes == 0) {
        return 1;
    }
    return scratch != NULL && scratch->buf != NULL && scratch->size >= bytes &&
           ((uintptr_t)scratch->buf & 3u) == 0;
}

tp_status tp_channel_quant_check(const tp_channel_quant *quant, int32_t n)
{
    if (quant == NULL || quant->multiplier == NULL || quant->shift == NULL || n < 1) {
        return TP_ERR_ARGUMENT;
    }
    for (int32_t i = 0; i < n; i++) {
        const int32_t m = quant->multiplier[i];
        const int32_t s = quant->shift[i];
        if ((m != 0 && m < (INT32_C(1) << 30)) || m < 0 || s < -31 || s > 30) {
            return TP_ERR_ARGUMENT;
        }
    }
    return TP_OK;
}

tp_status tp_conv_geometry_check(const tp_conv_params *conv, const tp_shape *in,
                                 const tp_filter_shape *f, const tp_shape *out, int depthwise)
{
    if (conv == NULL || in == NULL || f == NULL || out == NULL) {
        return TP_ERR_ARGUMENT;
    }
    if (in->c < 1 || f->c < 1 || f->n < 1 || out->c < 1) {
        return TP_ERR_SHAPE;
    }
    if (depthwise) {
        if (f->n != 1 || f->c != in->c || out->c != in->c) {
            return TP_ERR_SHAPE;
        }
    } else {
        if (conv->groups < 1) {
            return TP_ERR_ARGUMENT;
        }
        if ((int64_t)f->c * conv->groups != in->c || f->n != out->c || f->n % conv->groups != 0) {
            return TP_ERR_SHAPE;
        }
    }
    if (!tp_window_axis_ok(in->h, out->h, f->h, conv->stride_h, conv->pad_top, conv->dilation_h) ||
        !tp_window_axis_ok(in->w, out->w, f->w, conv->stride_w, conv->pad_left, conv->dilation_w)) {
        return TP_ERR_SHAPE;
    }
    return TP_OK;
}

tp_status tp_conv_s8_check(const tp_conv_params *conv, const tp_quant_io *io,
                           const tp_channel_quant *quant, const tp_shape *input_shape,
                           const void *input, const tp_filter_shape *filter_shape,
                           const void *filter, const tp_shape *output_shape, const void *output,
                           int depthwise)
{
    if (io == NULL || quant == NULL || quant->multiplier == NULL || quant->shift == NULL ||
        input == NULL || filter == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    if (io->input_offset < -127 || io->input_offset > 128 || io->output_offset < INT8_MIN ||
        io->output_offset > INT8_MAX || !tp_act_range_ok(io->act_min, io->act_max)) {
        return TP_ERR_ARGUMENT;
    }
    return tp_conv_geometry_check(conv, input_shape, filter_shape, output_shape, depthwise);
}

tp_status tp_pool_geometry_check(const tp_pool_params *pool, const tp_shape *in,
                                 const tp_shape *out)
{
    if (pool == NULL || in == NULL || out == NULL) {
        return TP_ERR_ARGUMENT;
    }
    if (in->c < 1 || out->c != in->c) {
        return TP_ERR_SHAPE;
    }
    if (!tp_window_axis_ok(in->h, out->h, pool->kernel_h, pool->stride_h, pool->pad_top, 1) ||
        !tp_window_axis_ok(in->w, out->w, pool->kernel_w, pool->stride_w, pool->pad_left, 1)) {
        return TP_ERR_SHAPE;
    }
    return TP_OK;
}
