/* tp_stream_chain_s8: a chain of int8 convolutions and pools run row by row through line buffers.
 */
#include <string.h>

#include "../internal/tp_internal.h"

/* Input rows a layer's window spans. */
static int32_t tp_stream_extent(const tp_stream_layer *l)
{
    if (l->op == TP_STREAM_MAX_POOL || l->op == TP_STREAM_AVG_POOL) {
        return l->pool.dilation_h * (l->pool.kernel_h - 1) + 1;
    }
    return l->conv.dilation_h * (l->filter_shape.h - 1) + 1;
}

static int32_t tp_stream_stride(const tp_stream_layer *l)
{
    return (l->op == TP_STREAM_MAX_POOL || l->op == TP_STREAM_AVG_POOL) ? l->pool.stride_h
                                                                        : l->conv.stride_h;
}

static int32_t tp_stream_pad_top(const tp_stream_layer *l)
{
    return (l->op == TP_STREAM_MAX_POOL || l->op == TP_STREAM_AVG_POOL) ? l->pool.pad_top
                                                                        : l->conv.pad_top;
}

static int32_t tp_align4(int32_t n)
{
    return (n + 3) & ~3;
}

/* Rows of layer i's output the line buffer holds (i < num_layers - 1). */
static int32_t tp_stream_rows(const tp_stream_layer *layers, int32_t i)
{
    const int32_t e = tp_stream_extent(&layers[i + 1]);
    return e < layers[i].output_shape.h ? e : layers[i].output_shape.h;
}

/* Line buffers' bytes, then the conv scratch (align4 of the largest): the documented rule. */
static int32_t tp_stream_lines_bytes(int32_t num_layers, const tp_stream_layer *layers)
{
    int32_t sum = 0;
    for (int32_t i = 0; i + 1 < num_layers; i++) {
        const tp_shape *o = &layers[i].output_shape;
        sum += tp_align4(tp_stream_rows(layers, i) * o->w * o->c);
    }
    return sum;
}

static int32_t tp_stream_conv_bytes(int32_t num_layers, const tp_stream_layer *layers,
                                    const tp_shape *input_shape)
{
    int32_t most = 0;
    for (int32_t i = 0; i < num_layers; i++) {
        if (layers[i].op == TP_STREAM_CONV) {
            const tp_shape *in = i == 0 ? input_shape : &layers[i - 1].output_shape;
            const int32_t b =
                tp_conv_wrapper_s8_get_buffer_size(&layers[i].conv, in, &layers[i].filter_shape);
            most = b > most ? b : most;
        }
    }
    return tp_align4(most);
}

int32_t tp_stream_chain_s8_get_buffer_size(int32_t num_layers, const tp_stream_layer *layers,
                                           const tp_shape *input_shape)
{
    if (layers == NULL || input_shape == NULL || num_layers < 1 ||
        num_layers > TP_STREAM_MAX_LAYERS) {
        return 0;
    }
    return tp_stream_lines_bytes(num_layers, layers) +
           tp_stream_conv_bytes(num_layers, layers, input_shape);
}

/* One output row r of layer l from rows [lo, lo + h) of its input at in, pad_top adjusted. Kept
 * out of line, one function per kernel kind: the parameter copies then live only while a row
 * runs, not in the driver's frame, and the deeper call (the convolutions') carries no pool copy. */
__attribute__((noinline)) static tp_status tp_stream_pool_row(const tp_stream_layer *l,
                                                              const tp_shape *band, int32_t pad,
                                                              const int8_t *in, int8_t *out)
{
    const tp_shape row = {1, l->output_shape.w, l->output_shape.c};
    tp_pool_params p = l->pool;
    p.pad_top = pad;
    return l->pool_kernel(&p, l->act_min, l->act_max, band, in, &row, out);
}

__attribute__((noinline)) static tp_status tp_stream_conv_row(const tp_scratch *conv_scratch,
                                                              const tp_stream_layer *l,
                                                              const tp_shape *band, int32_t pad,
                                                              const int8_t *in, int8_t *out)
{
    const tp_shape row = {1, l->output_shape.w, l->output_shape.c};
    tp_conv_params c = l->conv;
    c.pad_top = pad;
    return l->conv_kernel(conv_scratch, &c, l->io, l->quant, band, in, &l->filter_shape, l->filter,
                          l->bias, &row, out);
}

/* Checks every layer on its whole maps, as the layer-by-layer kernel would. */
static tp_status tp_stream_check(int32_t n, const tp_stream_layer *layers,
                                 const tp_shape *input_shape, const int8_t *input,
                                 const int8_t *output)
{
    for (int32_t i = 0; i < n; i++) {
        const tp_stream_layer *l = &layers[i];
        const tp_shape *in = i == 0 ? input_shape : &layers[i - 1].output_shape;
        tp_status st;
        if ((l->op == TP_STREAM_MAX_POOL || l->op == TP_STREAM_AVG_POOL) ? l->pool_kernel == NULL
                                                                         : l->conv_kernel == NULL) {
            st = TP_ERR_ARGUMENT; /* no kernel to call (also an unknown op) */
        } else if (l->op == TP_STREAM_MAX_POOL || l->op == TP_STREAM_AVG_POOL) {
            st = tp_act_range_ok(l->act_min, l->act_max)
                     ? tp_pool_geometry_check(&l->pool, in, &l->output_shape)
                     : TP_ERR_ARGUMENT;
        } else if (l->op == TP_STREAM_CONV || l->op == TP_STREAM_DEPTHWISE) {
            st = tp_conv_s8_check(&l->conv, l->io, l->quant, in, input, &l->filter_shape, l->filter,
                                  &l->output_shape, output, l->op == TP_STREAM_DEPTHWISE);
        } else {
            st = TP_ERR_ARGUMENT;
        }
        if (st != TP_OK) {
            return st;
        }
    }
    return TP_OK;
}

tp_status tp_stream_chain_s8(const tp_scratch *scratch, int32_t num_layers,
                             const tp_stream_layer *layers, const tp_shape *input_shape,
                             const int8_t *input, int8_t *output)
{
    if (layers == NULL || input_shape == NULL || input == NULL || output == NULL ||
        num_layers < 1 || num_layers > TP_STREAM_MAX_LAYERS) {
        return TP_ERR_ARGUMENT;
    }
    tp_status st = tp_stream_check(num_layers, layers, input_shape, input, output);
    if (st != TP_OK) {
        return st;
    }
    const int32_t lines = tp_stream_lines_bytes(num_layers, layers);
    const int32_t conv = tp_stream_conv_bytes(num_layers, layers, input_shape);
    if (!tp_scratch_ok(scratch, lines + conv)) {
        return TP_ERR_SCRATCH;
    }
    /* per layer: the first row its output's line buffer holds, how many, its next output row;
     * heights fit 16 bits on any microcontroller (checked), keeping the driver's frame small */
    int16_t first[TP_STREAM_MAX_LAYERS];
    int16_t count[TP_STREAM_MAX_LAYERS];
    int16_t next[TP_STREAM_MAX_LAYERS];
    int8_t *band[TP_STREAM_MAX_LAYERS];
    int32_t offset = 0;
    for (int32_t i = 0; i < num_layers; i++) {
        if (layers[i].output_shape.h > INT16_MAX) {
            return TP_ERR_UNSUPPORTED;
        }
        band[i] = (int8_t *)scratch->buf + offset;
        first[i] = 0;
        count[i] = 0;
        next[i] = 0;
        if (i + 1 < num_layers) {
            offset += tp_align4(tp_stream_rows(layers, i) * layers[i].output_shape.w *
                                layers[i].output_shape.c);
        }
    }
    const tp_scratch conv_scratch = {conv > 0 ? (int8_t *)scratch->buf + lines : NULL, conv};
    const int32_t last = num_layers - 1;
    while (next[last] < layers[last].output_shape.h) {
        int32_t l = last;
        while (l > 0) {
            const tp_stream_layer *k = &layers[l];
            const int32_t in_h = layers[l - 1].output_shape.h;
            const int32_t end =
                next[l] * tp_stream_stride(k) - tp_stream_pad_top(k) + tp_stream_extent(k) - 1;
            if (next[l - 1] > (end < in_h - 1 ? end : in_h - 1)) {
                break; /* layer l has every input row of its next output row */
            }
            l--;
        }
        const tp_stream_layer *k = &layers[l];
        const tp_shape *in_shape = l == 0 ? input_shape : &layers[l - 1].output_shape;
        const int32_t r = next[l]++;
        const int32_t top = r * tp_stream_stride(k) - tp_stream_pad_top(k);
        const int32_t bottom = top + tp_stream_extent(k) - 1;
        const int32_t lo = top > 0 ? top : 0;
        const int32_t hi = bottom < in_shape->h - 1 ? bottom : in_shape->h - 1;
        const int32_t in_row = in_shape->w * in_shape->c;
        const int32_t out_row = k->output_shape.w * k->output_shape.c;
        if (l < last) {
            /* the rows of this layer's output the next layer's next window starts at */
            const tp_stream_layer *c = &layers[l + 1];
            const int32_t t = next[l + 1] * tp_stream_stride(c) - tp_stream_pad_top(c);
            const int32_t from = t > 0 ? t : 0;
            if (r < from) {
                continue; /* no window reads this row */
            }
            const int32_t drop = from - first[l] < count[l] ? from - first[l] : count[l];
            if (drop > 0) {
                memmove(band[l], band[l] + drop * out_row, (size_t)((count[l] - drop) * out_row));
                first[l] = (int16_t)(first[l] + drop);
                count[l] = (int16_t)(count[l] - drop);
            }
        }
        const int8_t *src;
        if (l == 0) {
            src = input + lo * in_row;
        } else {
            const int32_t drop =
                lo - first[l - 1] < count[l - 1] ? lo - first[l - 1] : count[l - 1];
            if (drop > 0) {
                memmove(band[l - 1], band[l - 1] + drop * in_row,
                        (size_t)((count[l - 1] - drop) * in_row));
                first[l - 1] = (int16_t)(first[l - 1] + drop);
                count[l - 1] = (int16_t)(count[l - 1] - drop);
            }
            TP_ASSERT(first[l - 1] == lo && first[l - 1] + count[l - 1] - 1 >= hi);
            src = band[l - 1];
        }
        int8_t *dst;
        if (l == last) {
            dst = output + r * out_row;
        } else {
            if (count[l] == 0) {
                first[l] = (int16_t)r;
            }
            TP_ASSERT(first[l] + count[l] == r && count[l] < tp_stream_rows(layers, l));
            dst = band[l] + count[l] * out_row;
            count[l]++;
        }
        const tp_shape rows = {hi - lo + 1, in_shape->w, in_shape->c};
        const int32_t pad = lo - top;
        st = k->op == TP_STREAM_MAX_POOL || k->op == TP_STREAM_AVG_POOL
                 ? tp_stream_pool_row(k, &rows, pad, src, dst)
                 : tp_stream_conv_row(&conv_scratch, k, &rows, pad, src, dst);
        if (st != TP_OK) {
            return st;
        }
    }
    return TP_OK;
}
