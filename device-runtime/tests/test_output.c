/* Output step: argmax (first maximum wins, integer-exact) and float softmax. */
#include <math.h>

#include "tp_kernels.h"
#include "tp_test.h"

static void test_argmax(void)
{
    const int8_t x[6] = {-5, 7, 3, 7, -128, 6};
    int32_t idx = -1;
    TP_CHECK(tp_argmax_s8(x, 6, &idx) == TP_OK && idx == 1, "first of the tied maxima: %ld",
             (long)idx);
    const int8_t all_min[3] = {-128, -128, -128};
    TP_CHECK(tp_argmax_s8(all_min, 3, &idx) == TP_OK && idx == 0, "all equal");
    TP_CHECK(tp_argmax_s8(x, 0, &idx) == TP_ERR_SHAPE, "empty");
    const float f[4] = {0.5f, NAN, 2.0f, 2.0f};
    TP_CHECK(tp_argmax_f32(f, 4, &idx) == TP_OK && idx == 2, "f32 argmax: %ld", (long)idx);
    const float nan_first[2] = {NAN, -1.0f};
    TP_CHECK(tp_argmax_f32(nan_first, 2, &idx) == TP_OK && idx == 1, "NaN never wins");
    for (int i = 0; i < 500; i++) {
        int8_t v[37];
        const int32_t n = tp_rand_range(1, 37);
        tp_fill_s8(v, n, -128, 127);
        int32_t best = 0;
        for (int32_t j = 0; j < n; j++)
            best = v[j] > v[best] ? j : best;
        TP_CHECK(tp_argmax_s8(v, n, &idx) == TP_OK && idx == best, "random argmax %d", i);
    }
}

static void test_softmax(void)
{
    /* softmax(0, ln 3) = (1/4, 3/4); shifting by 1000 must not overflow */
    const float x[2] = {1000.0f, 1000.0f + logf(3.0f)};
    float y[2];
    TP_CHECK(tp_softmax_f32(x, y, 2) == TP_OK, "status");
    TP_CHECK(fabsf(y[0] - 0.25f) < 1e-4f && fabsf(y[1] - 0.75f) < 1e-4f, "got %g %g", y[0], y[1]);
    for (int i = 0; i < 100; i++) {
        float in[10], out[10];
        double sum = 0.0, max = -1e30;
        for (int j = 0; j < 10; j++) {
            in[j] = tp_rand_float(-20, 20);
            max = in[j] > max ? in[j] : max;
        }
        for (int j = 0; j < 10; j++)
            sum += exp(in[j] - max);
        TP_CHECK(tp_softmax_f32(in, out, 10) == TP_OK, "status");
        for (int j = 0; j < 10; j++) {
            const double want = exp(in[j] - max) / sum;
            TP_CHECK(fabs(out[j] - want) <= 1e-5 * want + 1e-7, "softmax %d got %g want %g", i,
                     out[j], want);
        }
    }
}

int main(void)
{
    tp_test_begin("output", 13);
    test_argmax();
    test_softmax();
    return tp_test_end();
}
