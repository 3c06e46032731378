/*
 * Elementwise: tp_add_s8 (TFLite int8 add) against the literal reference and, with parameters
 * derived from real scales the way TFLite does, against real-number math within one step;
 * in-place operation; tp_clamp_s8, tp_add_f32, tp_clamp_f32. tp_mul_s8 against the literal
 * reference with every broadcast (equal, one factor, per channel) and in place, and by hand;
 * tp_mul_f32; tp_lut_s8 and the float activations by hand.
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

static tp_add_params params_from_scales(double s1, int32_t z1, double s2, int32_t z2, double so,
                                        int32_t zo, double *real1, double *real2)
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

static void test_mul_random(void)
{
    static const int32_t repeats[3] = {N, 1, 11}; /* N = 517 = 47 * 11 pixels of 11 channels */
    for (int i = 0; i < 300; i++) {
        tp_mul_params p;
        p.input1_offset = tp_rand_range(-127, 128);
        p.input2_offset = tp_rand_range(-127, 128);
        p.output_offset = tp_rand_range(-128, 127);
        p.output_multiplier = ref_random_multiplier();
        p.output_shift = tp_rand_range(-20, 15);
        p.act_min = i % 3 == 0 ? p.output_offset : -128; /* fused ReLU */
        p.act_max = 127;
        const int32_t repeat = repeats[i % 3];
        tp_fill_s8(a, N, -128, 127);
        tp_fill_s8(b, N, -128, 127);
        for (int32_t j = 0; j < N; j++) {
            const int32_t product = (a[j] + p.input1_offset) * (b[j % repeat] + p.input2_offset);
            want[j] = ref_output_s8(product, p.output_multiplier, p.output_shift, p.output_offset,
                                    p.act_min, p.act_max);
        }
        memset(got, 0x55, sizeof(got));
        TP_CHECK(tp_mul_s8(&p, a, b, got, N, repeat) == TP_OK, "mul status");
        TP_CHECK(memcmp(got, want, N) == 0, "mul case %d (repeat %d) differs", i, (int)repeat);
        TP_CHECK(got[N] == 0x55, "mul wrote past the output");
        TP_CHECK(tp_mul_s8(&p, a, b, a, N, repeat) == TP_OK && memcmp(a, want, N) == 0,
                 "in-place mul case %d", i);
    }
}

static void test_mul_by_hand(void)
{
    /* scales 0.625 (zp -2), 0.25 (zp 1), out 0.125 (zp 3): multiplier 1.25 = 0.625 * 2^1 */
    tp_mul_params p = {2, -1, 3, 1342177280, 1, -128, 127};
    const int8_t x1[4] = {3, 5, 0, 127};
    const int8_t x2[2] = {-7, 2};
    int8_t y[4];
    TP_CHECK(tp_mul_s8(&p, x1, x2, y, 4, 2) == TP_OK, "hand mul status");
    /* 5 * -8 * 1.25 = -50 -> -47; 7 * 1.25 = 8.75 -> 9 -> 12; 2 * -8 -> -20 -> -17; saturates */
    TP_CHECK(y[0] == -47 && y[1] == 12 && y[2] == -17 && y[3] == 127, "hand mul got %d %d %d %d",
             y[0], y[1], y[2], y[3]);
    TP_CHECK(tp_mul_s8(&p, x1, x2, y, 4, 3) == TP_ERR_SHAPE, "size not a multiple of the repeat");
    TP_CHECK(tp_mul_s8(&p, x1, x2, y, 4, 0) == TP_ERR_SHAPE, "repeat 0 refused");
    p.output_shift = 16;
    TP_CHECK(tp_mul_s8(&p, x1, x2, y, 4, 2) == TP_ERR_ARGUMENT, "shift 16 refused (overflow)");
    const float f1[4] = {1.5f, -2.0f, 3.0f, 7.0f}, f2[2] = {2.0f, -0.5f};
    float fy[4];
    const tp_act_f32 relu6 = {0.0f, 6.0f};
    TP_CHECK(tp_mul_f32(&relu6, f1, f2, fy, 4, 2) == TP_OK, "mul f32 status");
    TP_CHECK(fy[0] == 3.0f && fy[1] == 1.0f && fy[2] == 6.0f && fy[3] == 0.0f, "mul f32 values");
}

static void test_lut_and_activations_f32(void)
{
    static int8_t table[256];
    for (int i = 0; i < 256; i++) {
        table[i] = (int8_t)(127 - i); /* code q -> -1 - q */
    }
    const int8_t x[4] = {-128, -1, 0, 127};
    int8_t y[4];
    TP_CHECK(tp_lut_s8(table, x, y, 4) == TP_OK, "lut status");
    TP_CHECK(y[0] == 127 && y[1] == 0 && y[2] == -1 && y[3] == -128, "lut values %d %d %d %d", y[0],
             y[1], y[2], y[3]);
    TP_CHECK(tp_lut_s8(NULL, x, y, 4) == TP_ERR_ARGUMENT, "lut without table");
    const float f[5] = {0.0f, 2.0f, -3.0f, 3.0f, -40.0f};
    float g[5];
    TP_CHECK(tp_sigmoid_f32(f, g, 5) == TP_OK, "sigmoid status");
    TP_CHECK(g[0] == 0.5f && fabsf(g[1] - 0.880797078f) < 1e-7f && g[4] >= 0.0f && g[4] < 1e-17f,
             "sigmoid values %g %g %g", (double)g[0], (double)g[1], (double)g[4]);
    TP_CHECK(tp_hard_sigmoid_f32(0.25f, 0.5f, f, g, 5) == TP_OK, "hard sigmoid status");
    TP_CHECK(g[0] == 0.5f && g[1] == 1.0f && g[2] == 0.0f && g[3] == 1.0f, "hard sigmoid values");
    TP_CHECK(tp_hard_sigmoid_f32(NAN, 0.5f, f, g, 5) == TP_ERR_ARGUMENT, "NaN alpha refused");
    TP_CHECK(tp_hard_swish_f32(f, g, 5) == TP_OK, "hard swish status");
    TP_CHECK(g[0] == 0.0f && fabsf(g[1] - 2.0f * (2.0f / 6.0f + 0.5f)) < 1e-6f && g[2] == 0.0f &&
                 g[3] == 3.0f && g[4] == 0.0f,
             "hard swish values %g %g", (double)g[1], (double)g[3]);
}

int main(void)
{
    tp_test_begin("elementwise", 3);
    test_add_by_hand();
    test_add_random();
    test_clamp_and_f32();
    test_mul_by_hand();
    test_mul_random();
    test_lut_and_activations_f32();
    return tp_test_end();
}
