/*
 * Dense (fully connected): tp_dense_s8 and tp_dense_f32 against the definition, on random sizes
 * (odd feature counts exercise the DSP path's tails), a hand-worked case and error statuses.
 */
#include <math.h>
#include <string.h>

#include "tp_kernels.h"
#include "tp_ref.h"
#include "tp_test.h"

enum { MAX_IN = 300, MAX_OUT = 40 };

static int8_t input[MAX_IN], weights[MAX_IN * MAX_OUT], got[MAX_OUT + 1], want[MAX_OUT];
static int32_t bias[MAX_OUT], mult[MAX_OUT], shift[MAX_OUT];

static void test_random(void)
{
    for (int i = 0; i < 600; i++) {
        const int32_t n_in =
            i % 3 == 0 ? 4 * tp_rand_range(1, MAX_IN / 4) : tp_rand_range(1, MAX_IN);
        const int32_t n_out = tp_rand_range(1, MAX_OUT);
        tp_fill_s8(input, n_in, -128, 127);
        tp_fill_s8(weights, n_in * n_out, -127, 127);
        const tp_quant_io io = {tp_rand_range(-127, 128), tp_rand_range(-128, 127),
                                i % 2 ? -128 : -20, i % 5 ? 127 : 90};
        int32_t s = -9;
        for (int32_t m = 1; m * m < n_in; m *= 2)
            s--;
        for (int32_t o = 0; o < n_out; o++) {
            bias[o] = tp_rand_range(-30000, 30000);
            mult[o] = ref_random_multiplier();
            shift[o] = tp_rand_range(0, 7) == 0 ? tp_rand_range(0, 2) : s + tp_rand_range(-1, 1);
        }
        const int use_bias = i % 4 != 0;
        for (int32_t o = 0; o < n_out; o++) {
            int64_t acc = use_bias ? bias[o] : 0;
            for (int32_t k = 0; k < n_in; k++) {
                acc += (int64_t)(input[k] + io.input_offset) * weights[o * n_in + k];
            }
            want[o] =
                ref_output_s8(acc, mult[o], shift[o], io.output_offset, io.act_min, io.act_max);
        }
        const tp_channel_quant quant = {mult, shift};
        memset(got, 0x55, sizeof(got));
        TP_CHECK(tp_dense_s8(&io, &quant, n_in, input, n_out, weights, use_bias ? bias : NULL,
                             got) == TP_OK,
                 "status");
        TP_CHECK(memcmp(got, want, (size_t)n_out) == 0, "case %d (%ld -> %ld) differs", i,
                 (long)n_in, (long)n_out);
        TP_CHECK(got[n_out] == 0x55, "case %d wrote past the output", i);
    }
}

static void test_by_hand(void)
{
    /* input zero point 3 (offset -3): x - 3 = {1, -2, 0, 5, -1}; rows dot it */
    const int8_t x[5] = {4, 1, 3, 8, 2};
    const int8_t w[10] = {1, 1, 1, 1, 1, 2, 0, 0, -1, 10};
    const int32_t b[2] = {100, -7};
    const int32_t m[2] = {INT32_C(1) << 30, INT32_C(1) << 30}; /* 0.5 */
    const int32_t sh[2] = {-1, 0};
    const tp_channel_quant quant = {m, sh};
    const tp_quant_io io = {-3, 5, -128, 127};
    int8_t out[2];
    TP_CHECK(tp_dense_s8(&io, &quant, 5, x, 2, w, b, out) == TP_OK, "hand status");
    /* row 0: 100 + 3 = 103, * 0.25 = 25.75 -> 26 (0.5 then /2 round: 51.5->52, 26), + 5 = 31
     * row 1: -7 + 2 - 5 - 10 = -20, * 0.5 = -10, + 5 = -5 */
    TP_CHECK(out[0] == 31 && out[1] == -5, "hand got %d %d", out[0], out[1]);
}

static void test_errors(void)
{
    const tp_channel_quant quant = {mult, shift};
    const tp_quant_io io = {0, 0, -128, 127};
    const tp_quant_io bad = {200, 0, -128, 127};
    TP_CHECK(tp_dense_s8(&io, &quant, 0, input, 1, weights, NULL, got) == TP_ERR_SHAPE, "0 in");
    TP_CHECK(tp_dense_s8(&bad, &quant, 1, input, 1, weights, NULL, got) == TP_ERR_ARGUMENT,
             "offset 200");
    TP_CHECK(tp_dense_s8(&io, &quant, 1, input, 1, NULL, NULL, got) == TP_ERR_ARGUMENT, "NULL w");
}

static void test_f32(void)
{
    static float x[MAX_IN], w[MAX_IN * MAX_OUT], b[MAX_OUT], y[MAX_OUT];
    for (int i = 0; i < 100; i++) {
        const int32_t n_in = tp_rand_range(1, MAX_IN), n_out = tp_rand_range(1, MAX_OUT);
        for (int32_t k = 0; k < n_in; k++)
            x[k] = tp_rand_float(-1, 1);
        for (int32_t k = 0; k < n_in * n_out; k++)
            w[k] = tp_rand_float(-1, 1);
        for (int32_t k = 0; k < n_out; k++)
            b[k] = tp_rand_float(-1, 1);
        const tp_act_f32 act = {i % 2 ? 0.0f : -INFINITY, INFINITY};
        TP_CHECK(tp_dense_f32(&act, n_in, x, n_out, w, b, y) == TP_OK, "f32 status");
        for (int32_t o = 0; o < n_out; o++) {
            double acc = b[o], mag = fabs(b[o]);
            for (int32_t k = 0; k < n_in; k++) {
                acc += (double)x[k] * w[o * n_in + k];
                mag += fabs((double)x[k] * w[o * n_in + k]);
            }
            acc = acc < act.min ? act.min : acc;
            TP_CHECK(fabs(y[o] - acc) <= 1e-5 * mag + 1e-7, "f32 %d got %g want %g", i, y[o], acc);
        }
    }
}

int main(void)
{
    tp_test_begin("dense", 11);
    test_by_hand();
    test_errors();
    test_random();
    test_f32();
    return tp_test_end();
}
