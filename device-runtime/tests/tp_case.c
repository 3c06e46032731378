/* Random convolution-family cases: see tp_case.h. */
#include "tp_case.h"

#include "tp_ref.h"
#include "tp_test.h"

int32_t tp_case_out_size(int32_t n, int32_t k, int32_t s, int32_t d, int32_t a, int32_t b)
{
    return (n + a + b - (d * (k - 1) + 1)) / s + 1;
}

static void tp_random_axis(int32_t max_hw, int32_t max_k, int allow_dilation, int32_t *n,
                           int32_t *k, int32_t *s, int32_t *d, int32_t *pad, int32_t *out)
{
    for (;;) {
        *n = tp_rand_range(1, max_hw);
        *k = tp_rand_range(1, max_k);
        *s = tp_rand_range(1, 3);
        *d = allow_dilation && tp_rand_range(0, 3) == 0 ? 2 : 1;
        const int32_t extent = *d * (*k - 1) + 1;
        *pad = tp_rand_range(0, extent - 1);
        const int32_t pad_end = tp_rand_range(0, extent - 1);
        if (*n + *pad + pad_end < extent) {
            continue;
        }
        *out = tp_case_out_size(*n, *k, *s, *d, *pad, pad_end);
        /* the last window must still start inside the input (GEOMETRY rule) */
        if ((*out - 1) * *s - *pad <= *n - 1) {
            return;
        }
    }
}

void tp_case_random_geometry(tp_case *c, int32_t max_hw, int32_t max_k, int allow_dilation)
{
    tp_random_axis(max_hw, max_k, allow_dilation, &c->in.h, &c->f.h, &c->conv.stride_h,
                   &c->conv.dilation_h, &c->conv.pad_top, &c->out.h);
    tp_random_axis(max_hw, max_k, allow_dilation, &c->in.w, &c->f.w, &c->conv.stride_w,
                   &c->conv.dilation_w, &c->conv.pad_left, &c->out.w);
}

void tp_case_random_data(tp_case *c)
{
    const int32_t in_n = c->in.h * c->in.w * c->in.c;
    const int32_t w_n = c->f.n * c->f.h * c->f.w * c->f.c;
    tp_fill_s8(c->input, in_n, -128, 127);
    tp_fill_s8(c->filter, w_n, -127, 127);
    c->io.input_offset = tp_rand_range(-127, 128);
    c->io.output_offset = tp_rand_range(-128, 127);
    const int32_t kind = tp_rand_range(0, 2);
    c->io.act_min = kind == 0 ? -128 : (kind == 1 ? c->io.output_offset : tp_rand_range(-128, 0));
    c->io.act_max = kind == 2 ? tp_rand_range(c->io.act_min, 127) : 127;
    c->has_bias = tp_rand_range(0, 3) != 0;
    /* typical |acc| is about sqrt(k) * 128 * 70; aim the output range at it */
    const int32_t k = c->f.h * c->f.w * c->f.c;
    int32_t shift = -8;
    for (int32_t m = 1; m * m < k; m *= 2) {
        shift--;
    }
    for (int32_t o = 0; o < c->out.c; o++) {
        c->bias[o] = tp_rand_range(-20000, 20000);
        c->multiplier[o] = tp_rand_range(0, 15) == 0 ? 0 : ref_random_multiplier();
        /* one channel in eight shifts left (multiplier > 1): exercises that path, mostly clamps */
        c->shift[o] = tp_rand_range(0, 7) == 0 ? tp_rand_range(0, 2) : shift + tp_rand_range(-2, 2);
    }
}
