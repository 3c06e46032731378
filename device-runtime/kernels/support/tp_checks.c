/* Argument checks shared by the kernels (run once per call, before any loop). */
#include "../internal/tp_internal.h"
#include "../internal/tp_pool_window.h"

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

/* 1 if every one of out windows along an axis has a tap inside [0, in). */
static int tp_pool_axis_ok(int32_t in, int32_t out, int32_t kernel, int32_t stride, int32_t pad,
                           int32_t dilation, int32_t pad_end)
{
    if (in < 1 || out < 1 || kernel < 1 || stride < 1 || dilation < 1 || pad < 0 || pad_end < 0) {
        return 0;
    }
    for (int32_t o = 0; o < out; o++) {
        int32_t first, end;
        (void)tp_pool_axis(o * stride - pad, kernel, dilation, in, pad_end, &first, &end);
        if (first >= end) {
            return 0;
        }
    }
    return 1;
}

tp_status tp_pool_geometry_check(const tp_pool_params *pool, const tp_shape *in,
                                 const tp_shape *out)
{
    if (pool == NULL || in == NULL || out == NULL) {
        return TP_ERR_ARGUMENT;
    }
    if (pool->count_include_pad != 0 && pool->count_include_pad != 1) {
        return TP_ERR_ARGUMENT;
    }
    if (in->c < 1 || out->c != in->c) {
        return TP_ERR_SHAPE;
    }
    if (!tp_pool_axis_ok(in->h, out->h, pool->kernel_h, pool->stride_h, pool->pad_top,
                         pool->dilation_h, pool->pad_bottom) ||
        !tp_pool_axis_ok(in->w, out->w, pool->kernel_w, pool->stride_w, pool->pad_left,
                         pool->dilation_w, pool->pad_right)) {
        return TP_ERR_SHAPE;
    }
    return TP_OK;
}

tp_status tp_pad_geometry_check(int32_t pad_top, int32_t pad_left, const tp_shape *in,
                                const tp_shape *out)
{
    if (in == NULL || out == NULL) {
        return TP_ERR_ARGUMENT;
    }
    if (pad_top < 0 || pad_left < 0 || in->h < 1 || in->w < 1 || in->c < 1 || out->c != in->c ||
        (int64_t)in->h + pad_top > out->h || (int64_t)in->w + pad_left > out->w) {
        return TP_ERR_SHAPE;
    }
    return TP_OK;
}

tp_status tp_transpose_prepare(const tp_transpose_params *params, tp_transpose_plan *plan)
{
    if (params == NULL || params->rank < 1 || params->rank > TP_TRANSPOSE_MAX_DIMS) {
        return TP_ERR_ARGUMENT;
    }
    const int32_t rank = params->rank;
    int32_t stride[TP_TRANSPOSE_MAX_DIMS];
    int32_t seen = 0;
    int64_t size = 1;
    for (int32_t i = rank - 1; i >= 0; i--) {
        const int32_t p = params->perm[i];
        if (params->dims[i] < 1 || p < 0 || p >= rank || (seen & (1 << p)) != 0) {
            return TP_ERR_SHAPE;
        }
        seen |= 1 << p;
        stride[i] = (int32_t)size;
        size *= params->dims[i];
        if (size > INT32_MAX) {
            return TP_ERR_SHAPE;
        }
    }
    const int32_t lead = TP_TRANSPOSE_MAX_DIMS - rank;
    for (int32_t i = 0; i < TP_TRANSPOSE_MAX_DIMS; i++) {
        plan->dims[i] = i < lead ? 1 : params->dims[params->perm[i - lead]];
        plan->strides[i] = i < lead ? 0 : stride[params->perm[i - lead]];
    }
    return TP_OK;
}
