/*
 * Streamed chains: tp_stream_chain_s8 against the same layers run one after the other with their
 * own kernels (tp_conv_wrapper_s8, tp_depthwise_conv_s8, tp_max_pool_s8, tp_avg_pool_s8), byte for
 * byte, on random chains of one to four layers (odd sizes, strides, paddings, dilations, groups,
 * average pools counting padding or not); a hand-worked conv3x3 -> conv3x1 -> maxpool2x2; the
 * scratch rule (an exact-size buffer with a guard after it) and the error statuses.
 */
#include <string.h>

#include "tp_kernels.h"
#include "tp_test.h"

enum { MAP = 2048, WEIGHTS = 4096, CH = 16, LAYERS = 4 };

static int8_t maps[LAYERS + 1][MAP];
static int8_t streamed[MAP + 16];
static int8_t weights[LAYERS][WEIGHTS];
static int32_t biases[LAYERS][CH];
static int32_t mults[LAYERS][CH];
static int32_t shifts[LAYERS][CH];
static tp_quant_io ios[LAYERS];
static tp_channel_quant quants[LAYERS];
static uint32_t scratch_words[2048];

static int32_t out_size(int32_t n, int32_t e, int32_t s, int32_t a, int32_t b)
{
    return (n + a + b - e) / s + 1;
}

/* A random layer reading in; returns 0 when its output would not fit. */
static int random_layer(tp_stream_layer *l, int32_t i, const tp_shape *in)
{
    memset(l, 0, sizeof(*l));
    const int32_t kind = tp_rand_range(0, 4);
    const int32_t kh = tp_rand_range(1, in->h < 4 ? in->h : 4);
    const int32_t kw = tp_rand_range(1, in->w < 4 ? in->w : 4);
    const int32_t dh = kh > 1 && 2 * (kh - 1) + 1 <= in->h && tp_rand_range(0, 3) == 0 ? 2 : 1;
    const int32_t dw = kw > 1 && 2 * (kw - 1) + 1 <= in->w && tp_rand_range(0, 3) == 0 ? 2 : 1;
    const int32_t eh = dh * (kh - 1) + 1;
    const int32_t ew = dw * (kw - 1) + 1;
    const int32_t sh = tp_rand_range(1, 3);
    const int32_t sw = tp_rand_range(1, 3);
    const int32_t pt = tp_rand_range(0, eh - 1);
    const int32_t pl = tp_rand_range(0, ew - 1);
    const int32_t pb = tp_rand_range(0, eh - 1);
    const int32_t pr = tp_rand_range(0, ew - 1);
    l->output_shape.h = out_size(in->h, eh, sh, pt, pb);
    l->output_shape.w = out_size(in->w, ew, sw, pl, pr);
    if (kind >= 3) {
        l->op = kind == 3 ? TP_STREAM_MAX_POOL : TP_STREAM_AVG_POOL;
        l->output_shape.c = in->c;
        const int32_t include = l->op == TP_STREAM_AVG_POOL ? tp_rand_range(0, 1) : 0;
        l->pool = (tp_pool_params){kh, kw, sh, sw, pt,      pl,
                                   dh, dw, pb, pr, include, tp_rand_range(-20, 20)};
        l->act_min = tp_rand_range(-128, -100);
        l->act_max = tp_rand_range(100, 127);
        l->pool_kernel = l->op == TP_STREAM_MAX_POOL ? tp_max_pool_s8 : tp_avg_pool_s8;
    } else {
        const int32_t groups = kind == 1 ? in->c : (kind == 2 && in->c % 2 == 0 ? 2 : 1);
        l->op = kind == 1 ? TP_STREAM_DEPTHWISE : TP_STREAM_CONV;
        l->conv_kernel = kind == 1 ? tp_depthwise_conv_s8 : tp_conv_wrapper_s8;
        const int32_t cout = kind == 1 ? in->c : groups * tp_rand_range(1, 4);
        if (cout > CH) {
            return 0;
        }
        const int32_t cin = in->c / groups;
        l->output_shape.c = cout;
        l->conv = (tp_conv_params){sh, sw, pt, pl, dh, dw, groups};
        l->filter_shape =
            kind == 1 ? (tp_filter_shape){1, kh, kw, in->c} : (tp_filter_shape){cout, kh, kw, cin};
        const int32_t nw = l->filter_shape.n * kh * kw * l->filter_shape.c;
        if (nw > WEIGHTS) {
            return 0;
        }
        tp_fill_s8(weights[i], nw, -127, 127);
        for (int32_t o = 0; o < cout; o++) {
            biases[i][o] = tp_rand_range(-3000, 3000);
            mults[i][o] = (int32_t)(UINT32_C(0x40000000) + (tp_rand_u32() & 0x3FFFFFFFu));
            shifts[i][o] = tp_rand_range(-10, -4);
        }
        ios[i] = (tp_quant_io){tp_rand_range(-127, 128), tp_rand_range(-128, 127), -128, 127};
        if (tp_rand_range(0, 1)) {
            ios[i].act_min = ios[i].output_offset; /* ReLU */
        }
        quants[i] = (tp_channel_quant){mults[i], shifts[i]};
        l->io = &ios[i];
        l->quant = &quants[i];
        l->filter = weights[i];
        l->bias = tp_rand_range(0, 3) ? biases[i] : NULL;
    }
    return l->output_shape.c <= CH &&
           l->output_shape.h * l->output_shape.w * l->output_shape.c <= MAP;
}

/* Runs layer l on whole maps with its own kernel (the layer-by-layer reference). */
static tp_status run_layer(const tp_stream_layer *l, const tp_shape *in, const int8_t *x, int8_t *y)
{
    const tp_scratch s = {scratch_words, (int32_t)sizeof(scratch_words)};
    switch (l->op) {
    case TP_STREAM_CONV:
        return tp_conv_wrapper_s8(&s, &l->conv, l->io, l->quant, in, x, &l->filter_shape, l->filter,
                                  l->bias, &l->output_shape, y);
    case TP_STREAM_DEPTHWISE:
        return tp_depthwise_conv_s8(&s, &l->conv, l->io, l->quant, in, x, &l->filter_shape,
                                    l->filter, l->bias, &l->output_shape, y);
    case TP_STREAM_MAX_POOL:
        return tp_max_pool_s8(&l->pool, l->act_min, l->act_max, in, x, &l->output_shape, y);
    default:
        return tp_avg_pool_s8(&l->pool, l->act_min, l->act_max, in, x, &l->output_shape, y);
    }
}

/* The documented scratch rule, computed here independently of the kernel. */
static int32_t expected_scratch(int32_t n, const tp_stream_layer *layers, const tp_shape *input)
{
    int32_t sum = 0;
    int32_t conv = 0;
    for (int32_t i = 0; i < n; i++) {
        const tp_stream_layer *l = &layers[i];
        if (i + 1 < n) {
            const tp_stream_layer *next = &layers[i + 1];
            const int32_t kh =
                next->op >= TP_STREAM_MAX_POOL ? next->pool.kernel_h : next->filter_shape.h;
            const int32_t dh =
                next->op >= TP_STREAM_MAX_POOL ? next->pool.dilation_h : next->conv.dilation_h;
            int32_t rows = dh * (kh - 1) + 1;
            rows = rows < l->output_shape.h ? rows : l->output_shape.h;
            sum += (rows * l->output_shape.w * l->output_shape.c + 3) / 4 * 4;
        }
        if (l->op == TP_STREAM_CONV) {
            const int32_t k = l->filter_shape.h * l->filter_shape.w * l->filter_shape.c;
            const int32_t b = 4 * ((k + 1) / 2 * 2);
            conv = b > conv ? b : conv;
        }
    }
    (void)input;
    return sum + conv;
}

static void test_random(void)
{
    int32_t ran = 0;
    int32_t lines = 0;
    for (int t = 0; t < 600; t++) {
        tp_shape shapes[LAYERS + 1];
        tp_stream_layer layers[LAYERS];
        int32_t n;
        int ok;
        do {
            shapes[0] = (tp_shape){tp_rand_range(1, 17), tp_rand_range(1, 17), tp_rand_range(1, 6)};
            n = tp_rand_range(1, LAYERS);
            ok = shapes[0].h * shapes[0].w * shapes[0].c <= MAP;
            for (int32_t i = 0; i < n && ok; i++) {
                ok = random_layer(&layers[i], i, &shapes[i]);
                shapes[i + 1] = layers[i].output_shape;
            }
        } while (!ok);
        tp_fill_s8(maps[0], shapes[0].h * shapes[0].w * shapes[0].c, -128, 127);
        for (int32_t i = 0; i < n; i++) {
            TP_CHECK(run_layer(&layers[i], &shapes[i], maps[i], maps[i + 1]) == TP_OK,
                     "case %d layer %ld", t, (long)i);
        }
        const int32_t need = tp_stream_chain_s8_get_buffer_size(n, layers, &shapes[0]);
        TP_CHECK(need == expected_scratch(n, layers, &shapes[0]), "case %d scratch %ld, rule %ld",
                 t, (long)need, (long)expected_scratch(n, layers, &shapes[0]));
        uint8_t *buf = (uint8_t *)scratch_words;
        TP_CHECK(need + 4 <= (int32_t)sizeof(scratch_words), "case %d scratch too big", t);
        memset(buf, 0xA5, (size_t)need + 4);
        const int32_t out_n = shapes[n].h * shapes[n].w * shapes[n].c;
        memset(streamed, 0x5A, sizeof(streamed));
        const tp_scratch scratch = {buf, need};
        const tp_status st = tp_stream_chain_s8(&scratch, n, layers, &shapes[0], maps[0], streamed);
        TP_CHECK(st == TP_OK, "case %d status %d", t, (int)st);
        TP_CHECK(buf[need] == 0xA5 && buf[need + 3] == 0xA5, "case %d wrote past the scratch", t);
        TP_CHECK(streamed[out_n] == 0x5A, "case %d wrote past the output", t);
        int32_t bad = -1;
        for (int32_t j = 0; j < out_n && bad < 0; j++) {
            bad = streamed[j] != maps[n][j] ? j : -1;
        }
        TP_CHECK(bad < 0,
                 "case %d (%ld layers, first op %ld, in %ldx%ldx%ld): element %ld got %d want %d",
                 t, (long)n, (long)layers[0].op, (long)shapes[0].h, (long)shapes[0].w,
                 (long)shapes[0].c, (long)bad, bad >= 0 ? streamed[bad] : 0,
                 bad >= 0 ? maps[n][bad] : 0);
        ran++;
        lines += n > 1;
    }
    TP_CHECK(ran == 600 && lines > 300, "ran %ld, with line buffers %ld", (long)ran, (long)lines);
}

/* x 4x4 -> cross-shaped 3x3 sum (pad 1) -> vertical 3x1 sum (pad 1) -> max pool 2x2, every
 * multiplier 1 (2^30, shift 1) and no offsets: the sums themselves (StreamedChainTest's case). */
static void test_by_hand(void)
{
    const int8_t x[16] = {1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0, 1, 2, 0, 2, 0};
    const int8_t cross[9] = {0, 1, 0, 1, 1, 1, 0, 1, 0};
    const int8_t column[3] = {1, 1, 1};
    const int32_t mult[1] = {INT32_C(1) << 30};
    const int32_t shift[1] = {1};
    const tp_channel_quant quant = {mult, shift};
    const tp_quant_io io = {0, 0, -128, 127};
    tp_stream_layer layers[3];
    memset(layers, 0, sizeof(layers));
    layers[0] = (tp_stream_layer){TP_STREAM_CONV,
                                  {4, 4, 1},
                                  {1, 1, 1, 1, 1, 1, 1},
                                  &io,
                                  &quant,
                                  {1, 3, 3, 1},
                                  cross,
                                  NULL,
                                  {0},
                                  0,
                                  0,
                                  tp_conv_wrapper_s8,
                                  NULL};
    layers[1] = (tp_stream_layer){TP_STREAM_CONV,
                                  {4, 4, 1},
                                  {1, 1, 1, 0, 1, 1, 1},
                                  &io,
                                  &quant,
                                  {1, 3, 1, 1},
                                  column,
                                  NULL,
                                  {0},
                                  0,
                                  0,
                                  tp_conv_wrapper_s8,
                                  NULL};
    layers[2].op = TP_STREAM_MAX_POOL;
    layers[2].output_shape = (tp_shape){2, 2, 1};
    layers[2].pool = (tp_pool_params){2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 0, 0};
    layers[2].act_min = -128;
    layers[2].act_max = 127;
    layers[2].pool_kernel = tp_max_pool_s8;
    const tp_shape in = {4, 4, 1};
    /* lines: 3 rows x 4 of conv1 (12), 2 rows x 4 of conv2 (8); im2col 4 * 10 (conv1, K = 9) */
    TP_CHECK(tp_stream_chain_s8_get_buffer_size(3, layers, &in) == 12 + 8 + 40, "hand size %ld",
             (long)tp_stream_chain_s8_get_buffer_size(3, layers, &in));
    int8_t y[4];
    const tp_scratch scratch = {scratch_words, 60};
    TP_CHECK(tp_stream_chain_s8(&scratch, 3, layers, &in, x, y) == TP_OK, "hand status");
    const int8_t expect[4] = {40, 51, 33, 37};
    TP_CHECK(memcmp(y, expect, 4) == 0, "hand got %d %d %d %d", y[0], y[1], y[2], y[3]);
    const tp_scratch small = {scratch_words, 59};
    TP_CHECK(tp_stream_chain_s8(&small, 3, layers, &in, x, y) == TP_ERR_SCRATCH, "small scratch");
    TP_CHECK(tp_stream_chain_s8(&scratch, 0, layers, &in, x, y) == TP_ERR_ARGUMENT, "no layers");
    TP_CHECK(tp_stream_chain_s8(&scratch, TP_STREAM_MAX_LAYERS + 1, layers, &in, x, y) ==
                 TP_ERR_ARGUMENT,
             "too many layers");
    TP_CHECK(tp_stream_chain_s8(&scratch, 3, layers, &in, NULL, y) == TP_ERR_ARGUMENT,
             "NULL input");
    layers[1].op = 7;
    TP_CHECK(tp_stream_chain_s8(&scratch, 3, layers, &in, x, y) == TP_ERR_ARGUMENT, "unknown op");
    layers[1].op = TP_STREAM_CONV;
    /* the caller names each layer's kernel: a layer without the one its op calls is refused */
    layers[1].conv_kernel = NULL;
    layers[1].pool_kernel = tp_max_pool_s8;
    TP_CHECK(tp_stream_chain_s8(&scratch, 3, layers, &in, x, y) == TP_ERR_ARGUMENT,
             "conv without kernel");
    layers[1].conv_kernel = tp_conv_wrapper_s8;
    layers[2].pool_kernel = NULL;
    TP_CHECK(tp_stream_chain_s8(&scratch, 3, layers, &in, x, y) == TP_ERR_ARGUMENT,
             "pool without kernel");
    layers[2].pool_kernel = tp_max_pool_s8;
    TP_CHECK(tp_stream_chain_s8(&scratch, 3, layers, &in, x, y) == TP_OK, "kernels back");
    layers[2].output_shape.c = 2;
    TP_CHECK(tp_stream_chain_s8(&scratch, 3, layers, &in, x, y) == TP_ERR_SHAPE, "pool channels");
}

int main(void)
{
    tp_test_begin("stream_chain", 16);
    test_by_hand();
    test_random();
    return tp_test_end();
}
