/*
 * Elementwise: tp_add_s8 (TFLite int8 add) against the literal reference and, with parameters
 * derived from real scales the way TFLite does, against real-number math within one step;
 * in-place operation; tp_clamp_s8, tp_add_f32, tp_clamp_f32.
 */
#include <math.h>
#include <string.h>

#include "tp_kernels.h"
#include "tp_ref.h"
#include "tp_test.h"

enum { N = 517 };

static int8_t a[N], b[N], got[N + 1], want[N];

/* TFLite QuantizeMultiplier: real = m * 2^(shift - 31), m in [2^30, 2^31). */
static void quantize_multiplier(double real, int32_t *multiplier, int32_t *shift)
{
    int e;
    const double frac = frexp(real, &e);
    int64_t q = (int64_t)llround(frac * 2147483648.0);
    if (q == (INT64_C(1) << 31)) {
        q /= 2;
        e++;
    }
    *multiplier = (int32_t)q;
    *shift = e;
}

static tp_add_params params_from_scales(double s1, int32_t z1, double s2, int32_t z2,
                                        double so, int32_t zo, double *real1, double *real2)
{
    tp_add_params p;
    p.left_shift = 20;
    const double twice_max = 2.0 * (s1 > s2 ? s1 : s2);
    *real1 = s1 / twice_max;
    *real2 = s2 / twice_max;
    quantize_multiplier(*real1, &p.input1_multiplier, &p.input1_shift);
    quantize_multiplier(*real2, &p.input2_multiplier, &p.input2_shift);
    quantize_multiplier(twice_max / ((1 << 20) * so), &p.output_multiplier, &p.output_shift);
    p.input1_offset = -z1;
    p.input2_offset = -z2;
    p.output_offset = zo;
    p.act_min = -128;
    p.act_max = 127;
    return p;
}

static void test_add_random(void)
{
    long off_by_one = 0, total = 0;
    for (int i = 0; i < 300; i++) {
        const double s1 = ldexp(tp_rand_float(1.0f, 2.0f), tp_rand_range(-9, -3));
        const double s2 = ldexp(tp_rand_float(1.0f, 2.0f), tp_rand_range(-9, -3));
        const double so = ldexp(tp_rand_float(1.0f, 2.0f), tp_rand_range(-8, -2));
        const int32_t z1 = tp_rand_range(-128, 127), z2 = tp_rand_range(-128, 127);
        const int32_t zo = tp_rand_range(-128, 127);
        double r1, r2;
        tp_add_params p = params_from_scales(s1, z1, s2, z2, so, zo, &r1, &r2);
        if (i % 3 == 0) {
            p.act_min = zo; /* fused ReLU */
        }
        tp_fill_s8(a, N, -128, 127);
        tp_fill_s8(b, N, -128, 127);
        for (int32_t j = 0; j < N; j++) {
            const int32_t x1 = ref_requantize((a[j] + p.input1_offset) * (1 << 20),
                                              p.input1_multiplier, p.input1_shift);
            const int32_t x2 = ref_requantize((b[j] + p.input2_offset) * (1 << 20),
                                              p.input2_multiplier, p.input2_shift);
            want[j] = ref_output_s8(x1 + x2, p.output_multiplier, p.output_shift, zo, p.act_min,
                                    p.act_max);
            double real = (s1 * (a[j] - z1) + s2 * (b[j] - z2)) / so + zo;
            real = real < p.act_min ? p.act_min : (real > p.act_max ? p.act_max : real);
            TP_CHECK(fabs(want[j] - real) <= 1.0, "reference vs real: %d vs %f", want[j], real);
            off_by_one += want[j] != (int8_t)round(real);
            total++;
        }
        memset(got, 0x55, sizeof(got));
        TP_CHECK(tp_add_s8(&p, a, b, got, N) == TP_OK, "status");
        TP_CHECK(memcmp(got, want, N) == 0, "add case %d differs", i);
        TP_CHECK(got[N] == 0x55, "wrote past the output");
        /* in place: output is input 1 */
        TP_CHECK(tp_add_s8(&p, a, b, a, N) == TP_OK && memcmp(a, want, N) == 0,
                 "in-place add case %d", i);
    }
    tp_test_log("add: %ld of %ld outputs differ by one step from rounded real math", off_by_one,
                total);
}

static void test_add_by_hand(void)
{
    /* equal scales 0.5, output scale 1, zero points 0: real out = (x1 + x2) / 2 */
    double r1, r2;
    const tp_add_params p = params_from_scales(0.5, 0, 0.5, 0, 1.0, 0, &r1, &r2);
    const int8_t x1[4] = {10, -10, 3, 127};
    const int8_t x2[4] = {20, -20, 0, 127};
    int8_t y[4];
    TP_CHECK(r1 == 0.5 && p.input1_multiplier == (1 << 30) && p.input1_shift == 0, "0.5 encoding");
    TP_CHECK(tp_add_s8(&p, x1, x2, y, 4) == TP_OK, "hand status");
    /* 15, -15, 1.5 -> 2 (half away from zero in the final shift), 127 */
    TP_CHECK(y[0] == 15 && y[1] == -15 && y[2] == 2 && y[3] == 127, "hand got %d %d %d %d", y[0],
             y[1], y[2], y[3]);
    tp_add_params bad = p;
    bad.left_shift = 31;
    TP_CHECK(tp_add_s8(&bad, x1, x2, y, 4) == TP_ERR_ARGUMENT, "left shift 31 refused");
}

static void test_clamp_and_f32(void)
{
    const int8_t x[5] = {-128, -1, 0, 6, 127};
    int8_t y[5];
    TP_CHECK(tp_clamp_s8(-3, 6, x, y, 5) == TP_OK, "clamp status");
    TP_CHECK(y[0] == -3 && y[1] == -1 && y[2] == 0 && y[3] == 6 && y[4] == 6, "clamp values");
    TP_CHECK(tp_clamp_s8(6, -3, x, y, 5) == TP_ERR_ARGUMENT, "inverted clamp");
    const float f1[4] = {1.5f, -2.0f, 3.0f, 7.0f}, f2[4] = {0.25f, 1.0f, -5.0f, 0.5f};
    float fy[4];
    const tp_act_f32 relu6 = {0.0f, 6.0f};
    TP_CHECK(tp_add_f32(&relu6, f1, f2, fy, 4) == TP_OK, "add f32 status");
    TP_CHECK(fy[0] == 1.75f && fy[1] == 0.0f && fy[2] == 0.0f && fy[3] == 6.0f, "add f32 values");
    TP_CHECK(tp_clamp_f32(&relu6, f1, fy, 4) == TP_OK, "clamp f32 status");
    TP_CHECK(fy[0] == 1.5f && fy[1] == 0.0f && fy[2] == 3.0f && fy[3] == 6.0f, "clamp f32 values");
    const tp_act_f32 nan_act = {NAN, 1.0f};
    TP_CHECK(tp_clamp_f32(&nan_act, f1, fy, 4) == TP_ERR_ARGUMENT, "NaN bound refused");
}

int main(void)
{
    tp_test_begin("elementwise", 3);
    test_add_by_hand();
    test_add_random();
    test_clamp_and_f32();
    return tp_test_end();
}
