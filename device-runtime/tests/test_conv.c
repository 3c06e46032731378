/*
 * Convolution family: tp_conv_s8, tp_conv_1x1_s8, tp_conv_wrapper_s8 and tp_conv_f32 against a
 * naive reference written straight from the definition (int64 accumulation over in-input taps,
 * literal requantisation; double for float), on random shapes with odd channel counts, padding,
 * strides, dilation and groups; plus the error statuses and scratch-size formulas.
 */
#include <math.h>
#include <string.h>

#include "tp_case.h"
#include "tp_kernels.h"
#include "tp_ref.h"
#include "tp_test.h"

static tp_case tc;
static int8_t got[TP_CASE_MAX_OUT];
static int8_t want[TP_CASE_MAX_OUT];
static int16_t scratch_mem[4096];
static long outputs_total, outputs_unclamped; /* guards against cases that only test clamping */

/* want = conv(tc) by the definition; groups split input and output channels evenly. */
static void ref_conv_s8(void)
{
    const int32_t per_group = tc.f.n / tc.conv.groups;
    for (int32_t oy = 0; oy < tc.out.h; oy++) {
        for (int32_t ox = 0; ox < tc.out.w; ox++) {
            for (int32_t o = 0; o < tc.f.n; o++) {
                int64_t acc = tc.has_bias ? tc.bias[o] : 0;
                for (int32_t ky = 0; ky < tc.f.h; ky++) {
                    for (int32_t kx = 0; kx < tc.f.w; kx++) {
                        const int32_t iy =
                            oy * tc.conv.stride_h - tc.conv.pad_top + ky * tc.conv.dilation_h;
                        const int32_t ix =
                            ox * tc.conv.stride_w - tc.conv.pad_left + kx * tc.conv.dilation_w;
                        if (iy < 0 || iy >= tc.in.h || ix < 0 || ix >= tc.in.w) {
                            continue; /* padding holds the zero point: contributes 0 */
                        }
                        for (int32_t c = 0; c < tc.f.c; c++) {
                            const int32_t ic = (o / per_group) * tc.f.c + c;
                            const int64_t x = tc.input[(iy * tc.in.w + ix) * tc.in.c + ic];
                            const int64_t w =
                                tc.filter[((o * tc.f.h + ky) * tc.f.w + kx) * tc.f.c + c];
                            acc += (x + tc.io.input_offset) * w;
                        }
                    }
                }
                want[(oy * tc.out.w + ox) * tc.out.c + o] =
                    ref_output_s8(acc, tc.multiplier[o], tc.shift[o], tc.io.output_offset,
                                  tc.io.act_min, tc.io.act_max);
            }
        }
    }
}

typedef tp_status (*tp_conv_fn)(const tp_scratch *, const tp_conv_params *, const tp_quant_io *,
                                const tp_channel_quant *, const tp_shape *, const int8_t *,
                                const tp_filter_shape *, const int8_t *, const int32_t *,
                                const tp_shape *, int8_t *);

static void run_and_compare(const char *name, tp_conv_fn fn, int32_t scratch_bytes, int index)
{
    const tp_scratch scratch = {scratch_mem, scratch_bytes};
    const tp_channel_quant quant = {tc.multiplier, tc.shift};
    const int32_t n = tc.out.h * tc.out.w * tc.out.c;
    memset(got, 0x55, sizeof(got));
    const tp_status st = fn(&scratch, &tc.conv, &tc.io, &quant, &tc.in, tc.input, &tc.f, tc.filter,
                            tc.has_bias ? tc.bias : NULL, &tc.out, got);
    TP_CHECK(st == TP_OK, "%s case %d: status %d", name, index, (int)st);
    int32_t first_bad = -1;
    for (int32_t i = 0; i < n && first_bad < 0; i++) {
        first_bad = got[i] != want[i] ? i : -1;
    }
    TP_CHECK(first_bad < 0,
             "%s case %d: in %ldx%ldx%ld f %ldx%ldx%ldx%ld s %ld,%ld p %ld,%ld d %ld,%ld g %ld: "
             "element %ld got %d want %d",
             name, index, (long)tc.in.h, (long)tc.in.w, (long)tc.in.c, (long)tc.f.n, (long)tc.f.h,
             (long)tc.f.w, (long)tc.f.c, (long)tc.conv.stride_h, (long)tc.conv.stride_w,
             (long)tc.conv.pad_top, (long)tc.conv.pad_left, (long)tc.conv.dilation_h,
             (long)tc.conv.dilation_w, (long)tc.conv.groups, (long)first_bad,
             first_bad >= 0 ? got[first_bad] : 0, first_bad >= 0 ? want[first_bad] : 0);
    TP_CHECK(got[n] == 0x55, "%s case %d: wrote past the output", name, index);
    for (int32_t i = 0; i < n; i++) {
        outputs_total++;
        outputs_unclamped += want[i] > tc.io.act_min && want[i] < tc.io.act_max;
    }
}

static int fits(void)
{
    return tc.in.h * tc.in.w * tc.in.c <= TP_CASE_MAX_IN &&
           tc.f.n * tc.f.h * tc.f.w * tc.f.c <= TP_CASE_MAX_W &&
           tc.out.h * tc.out.w * tc.out.c < TP_CASE_MAX_OUT &&
           4 * tc.f.h * tc.f.w * tc.f.c + 8 <= (int32_t)sizeof(scratch_mem);
}

static void test_general_random(void)
{
    for (int i = 0; i < 400; i++) {
        do {
            tc.conv.groups = tp_rand_range(0, 4) == 0 ? tp_rand_range(2, 3) : 1;
            const int multiple_of_4 = tp_rand_range(0, 2) == 0;
            tc.f.c = multiple_of_4 ? 4 * tp_rand_range(1, 4) : tp_rand_range(1, 11);
            tc.in.c = tc.f.c * tc.conv.groups;
            tc.f.n = tc.conv.groups * tp_rand_range(1, 9);
            tc.out.c = tc.f.n;
            tp_case_random_geometry(&tc, 9, 5, 1);
        } while (!fits());
        tp_case_random_data(&tc);
        ref_conv_s8();
        const int32_t bytes = tp_conv_s8_get_buffer_size(&tc.conv, &tc.in, &tc.f);
        TP_CHECK(bytes == 4 * ((tc.f.h * tc.f.w * tc.f.c + 1) & ~1), "buffer formula");
        run_and_compare("conv", tp_conv_s8, bytes, i);
        run_and_compare("wrapper", tp_conv_wrapper_s8,
                        tp_conv_wrapper_s8_get_buffer_size(&tc.conv, &tc.in, &tc.f), i);
    }
}

static void test_1x1_random(void)
{
    for (int i = 0; i < 200; i++) {
        do {
            tc.conv = (tp_conv_params){1, 1, 0, 0, 1, 1, 1};
            tc.in.c = tp_rand_range(0, 1) ? 4 * tp_rand_range(1, 12) : tp_rand_range(1, 33);
            tc.f = (tp_filter_shape){tp_rand_range(1, 40), 1, 1, tc.in.c};
            tc.out.c = tc.f.n;
            tc.in.h = tp_rand_range(1, 8);
            tc.in.w = tp_rand_range(1, 8);
            tc.conv.stride_h = tp_rand_range(1, 2);
            tc.conv.stride_w = tp_rand_range(1, 2);
            tc.out.h = (tc.in.h - 1) / tc.conv.stride_h + 1;
            tc.out.w = (tc.in.w - 1) / tc.conv.stride_w + 1;
        } while (!fits());
        tp_case_random_data(&tc);
        ref_conv_s8();
        const int32_t bytes = tp_conv_1x1_s8_get_buffer_size(&tc.conv, &tc.in, &tc.f);
        TP_CHECK(bytes == 4 * ((tc.in.c + 1) & ~1), "1x1 buffer formula");
        TP_CHECK(tp_conv_wrapper_s8_get_buffer_size(&tc.conv, &tc.in, &tc.f) == bytes,
                 "wrapper picks the 1x1 size");
        run_and_compare("conv_1x1", tp_conv_1x1_s8, bytes, i);
        run_and_compare("wrapper_1x1", tp_conv_wrapper_s8, bytes, i);
        run_and_compare("conv_as_1x1", tp_conv_s8, bytes, i);
    }
}

/* A case small enough to work by hand: 1 channel 3x3 input, 2x2 kernel of ones, zero point 0,
 * multiplier 0.5 with shift 0 so the output is round-half-up(sum / 2) of each 2x2 window. */
static void test_by_hand(void)
{
    const int8_t input[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    const int8_t filter[4] = {1, 1, 1, 1};
    const int32_t mult[1] = {INT32_C(1) << 30};
    const int32_t shift[1] = {0};
    const tp_channel_quant quant = {mult, shift};
    const tp_conv_params conv = {1, 1, 0, 0, 1, 1, 1};
    const tp_quant_io io = {0, 0, -128, 127};
    const tp_shape in = {3, 3, 1};
    const tp_shape out = {2, 2, 1};
    const tp_filter_shape f = {1, 2, 2, 1};
    const tp_scratch scratch = {scratch_mem, (int32_t)sizeof(scratch_mem)};
    int8_t result[4];
    TP_CHECK(tp_conv_s8(&scratch, &conv, &io, &quant, &in, input, &f, filter, NULL, &out, result) ==
                 TP_OK,
             "hand case status");
    /* window sums 12, 16, 24, 28 -> halves 6, 8, 12, 14 */
    TP_CHECK(result[0] == 6 && result[1] == 8 && result[2] == 12 && result[3] == 14,
             "hand case got %d %d %d %d", result[0], result[1], result[2], result[3]);
}

/* Dilated by hand: the 3x3 input 1..9 (one channel, zero point 0), a 2x2 kernel of ones with
 * dilation (2, 1), pad_top 1, output 2x2. Tap rows are oy - 1 and oy + 1, tap columns ox and
 * ox + 1, so the sums are 4+5, 5+6 (row -1 is padding), 1+2+7+8, 2+3+8+9 = 9, 11, 18, 22; the
 * int8 kernels halve them (multiplier 0.5, positive halves round up): 5, 6, 9, 11. The general
 * kernel, the wrapper (which must not take the 1x1 path) and the float kernel all see it. */
static void test_dilated_by_hand(void)
{
    const int8_t input[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    const int8_t filter[4] = {1, 1, 1, 1};
    const int32_t mult[1] = {INT32_C(1) << 30};
    const int32_t shift[1] = {0};
    const tp_channel_quant quant = {mult, shift};
    const tp_conv_params conv = {1, 1, 1, 0, 2, 1, 1};
    const tp_quant_io io = {0, 0, -128, 127};
    const tp_shape in = {3, 3, 1};
    const tp_shape out = {2, 2, 1};
    const tp_filter_shape f = {1, 2, 2, 1};
    const tp_scratch scratch = {scratch_mem, tp_conv_s8_get_buffer_size(&conv, &in, &f)};
    TP_CHECK(scratch.size == 16, "dilation leaves the scratch at 4 * K2 = 16, got %ld",
             (long)scratch.size);
    int8_t result[4];
    TP_CHECK(tp_conv_s8(&scratch, &conv, &io, &quant, &in, input, &f, filter, NULL, &out, result) ==
                 TP_OK,
             "dilated hand case status");
    TP_CHECK(result[0] == 5 && result[1] == 6 && result[2] == 9 && result[3] == 11,
             "dilated hand case got %d %d %d %d", result[0], result[1], result[2], result[3]);
    memset(result, 0, sizeof(result));
    TP_CHECK(tp_conv_wrapper_s8(&scratch, &conv, &io, &quant, &in, input, &f, filter, NULL, &out,
                                result) == TP_OK,
             "dilated hand case wrapper status");
    TP_CHECK(result[0] == 5 && result[1] == 6 && result[2] == 9 && result[3] == 11,
             "dilated hand case wrapper got %d %d %d %d", result[0], result[1], result[2],
             result[3]);
    const float in_f[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    const float w_f[4] = {1, 1, 1, 1};
    const tp_act_f32 act = {-INFINITY, INFINITY};
    float out_f[4];
    TP_CHECK(tp_conv_f32(&conv, &act, &in, in_f, &f, w_f, NULL, &out, out_f) == TP_OK,
             "dilated f32 status");
    TP_CHECK(out_f[0] == 9.0f && out_f[1] == 11.0f && out_f[2] == 18.0f && out_f[3] == 22.0f,
             "dilated f32 got %g %g %g %g", out_f[0], out_f[1], out_f[2], out_f[3]);
    /* extent 3 rows: pad_top 3 leaves a window wholly in the padding; dilation 0 is invalid */
    const tp_conv_params too_padded = {1, 1, 3, 0, 2, 1, 1};
    const tp_conv_params zero = {1, 1, 1, 0, 0, 1, 1};
    TP_CHECK(tp_conv_s8(&scratch, &too_padded, &io, &quant, &in, input, &f, filter, NULL, &out,
                        result) == TP_ERR_SHAPE,
             "pad_top beyond the dilated extent");
    TP_CHECK(tp_conv_s8(&scratch, &zero, &io, &quant, &in, input, &f, filter, NULL, &out, result) ==
                 TP_ERR_SHAPE,
             "dilation 0");
}

static void test_errors(void)
{
    const int8_t data[64] = {0};
    int8_t out[64];
    const int32_t mult[8] = {1 << 30, 1 << 30, 1 << 30, 1 << 30,
                             1 << 30, 1 << 30, 1 << 30, 1 << 30};
    const int32_t shift[8] = {0};
    const tp_channel_quant quant = {mult, shift};
    const tp_conv_params conv = {1, 1, 1, 1, 1, 1, 1};
    const tp_quant_io io = {0, 0, -128, 127};
    const tp_shape in = {4, 4, 2};
    const tp_shape good_out = {4, 4, 2};
    const tp_shape bad_out = {6, 4, 2};
    const tp_filter_shape f = {2, 3, 3, 2};
    const tp_scratch small = {scratch_mem, tp_conv_s8_get_buffer_size(&conv, &in, &f) - 4};
    const tp_scratch ok = {scratch_mem, (int32_t)sizeof(scratch_mem)};
    const tp_scratch misaligned = {(char *)scratch_mem + 2, 1000};
    TP_CHECK(tp_conv_s8(&ok, &conv, &io, &quant, &in, data, &f, data, NULL, &good_out, out) ==
                 TP_OK,
             "valid call");
    TP_CHECK(tp_conv_s8(&small, &conv, &io, &quant, &in, data, &f, data, NULL, &good_out, out) ==
                 TP_ERR_SCRATCH,
             "small scratch");
    TP_CHECK(tp_conv_s8(&misaligned, &conv, &io, &quant, &in, data, &f, data, NULL, &good_out,
                        out) == TP_ERR_SCRATCH,
             "misaligned scratch");
    TP_CHECK(tp_conv_s8(NULL, &conv, &io, &quant, &in, data, &f, data, NULL, &good_out, out) ==
                 TP_ERR_SCRATCH,
             "no scratch");
    TP_CHECK(tp_conv_s8(&ok, &conv, &io, &quant, &in, NULL, &f, data, NULL, &good_out, out) ==
                 TP_ERR_ARGUMENT,
             "NULL input");
    TP_CHECK(tp_conv_s8(&ok, &conv, &io, &quant, &in, data, &f, data, NULL, &bad_out, out) ==
                 TP_ERR_SHAPE,
             "output too tall");
    const tp_quant_io bad_clamp = {0, 0, 10, -10};
    TP_CHECK(tp_conv_s8(&ok, &conv, &bad_clamp, &quant, &in, data, &f, data, NULL, &good_out,
                        out) == TP_ERR_ARGUMENT,
             "inverted clamp");
    const tp_conv_params grouped = {1, 1, 1, 1, 1, 1, 3};
    TP_CHECK(tp_conv_s8(&ok, &grouped, &io, &quant, &in, data, &f, data, NULL, &good_out, out) ==
                 TP_ERR_SHAPE,
             "groups do not divide");
    TP_CHECK(tp_conv_1x1_s8(&ok, &conv, &io, &quant, &in, data, &f, data, NULL, &good_out, out) ==
                 TP_ERR_UNSUPPORTED,
             "1x1 path refuses 3x3");
    const int32_t bad_mult[2] = {1 << 29, 1 << 30};
    const tp_channel_quant bad_quant = {bad_mult, shift};
    TP_CHECK(tp_channel_quant_check(&quant, 8) == TP_OK, "good quant");
    TP_CHECK(tp_channel_quant_check(&bad_quant, 2) == TP_ERR_ARGUMENT, "multiplier < 2^30");
}

/* Float conv against a double-precision reference, relative tolerance 1e-5. */
static void test_f32_random(void)
{
    static float in_f[TP_CASE_MAX_IN], w_f[TP_CASE_MAX_W], b_f[TP_CASE_MAX_C];
    static float out_f[TP_CASE_MAX_OUT];
    for (int i = 0; i < 150; i++) {
        do {
            tc.conv.groups = tp_rand_range(1, 2);
            tc.f.c = tp_rand_range(1, 7);
            tc.in.c = tc.f.c * tc.conv.groups;
            tc.f.n = tc.conv.groups * tp_rand_range(1, 5);
            tc.out.c = tc.f.n;
            tp_case_random_geometry(&tc, 8, 4, 1);
        } while (!fits());
        const int32_t in_n = tc.in.h * tc.in.w * tc.in.c;
        const int32_t w_n = tc.f.n * tc.f.h * tc.f.w * tc.f.c;
        for (int32_t j = 0; j < in_n; j++)
            in_f[j] = tp_rand_float(-1.0f, 1.0f);
        for (int32_t j = 0; j < w_n; j++)
            w_f[j] = tp_rand_float(-1.0f, 1.0f);
        for (int32_t j = 0; j < tc.f.n; j++)
            b_f[j] = tp_rand_float(-1.0f, 1.0f);
        const tp_act_f32 act = {i % 2 ? 0.0f : -INFINITY, i % 3 ? INFINITY : 0.5f};
        TP_CHECK(tp_conv_f32(&tc.conv, &act, &tc.in, in_f, &tc.f, w_f, b_f, &tc.out, out_f) ==
                     TP_OK,
                 "f32 status");
        const int32_t per_group = tc.f.n / tc.conv.groups;
        for (int32_t oy = 0; oy < tc.out.h; oy++) {
            for (int32_t ox = 0; ox < tc.out.w; ox++) {
                for (int32_t o = 0; o < tc.f.n; o++) {
                    double acc = b_f[o], mag = fabs(b_f[o]);
                    for (int32_t ky = 0; ky < tc.f.h; ky++) {
                        for (int32_t kx = 0; kx < tc.f.w; kx++) {
                            const int32_t iy =
                                oy * tc.conv.stride_h - tc.conv.pad_top + ky * tc.conv.dilation_h;
                            const int32_t ix =
                                ox * tc.conv.stride_w - tc.conv.pad_left + kx * tc.conv.dilation_w;
                            if (iy < 0 || iy >= tc.in.h || ix < 0 || ix >= tc.in.w)
                                continue;
                            for (int32_t c = 0; c < tc.f.c; c++) {
                                const double p =
                                    (double)in_f[(iy * tc.in.w + ix) * tc.in.c +
                                                 (o / per_group) * tc.f.c + c] *
                                    w_f[((o * tc.f.h + ky) * tc.f.w + kx) * tc.f.c + c];
                                acc += p;
                                mag += fabs(p);
                            }
                        }
                    }
                    acc = acc < act.min ? act.min : (acc > act.max ? act.max : acc);
                    const double g = out_f[(oy * tc.out.w + ox) * tc.out.c + o];
                    TP_CHECK(fabs(g - acc) <= 1e-5 * mag + 1e-7, "f32 case %d: got %g want %g", i,
                             g, acc);
                }
            }
        }
    }
}

int main(void)
{
    tp_test_begin("conv", 42);
    test_by_hand();
    test_dilated_by_hand();
    test_errors();
    test_general_random();
    test_1x1_random();
    test_f32_random();
    tp_test_log("%ld of %ld int8 outputs inside the clamp range", outputs_unclamped, outputs_total);
    TP_CHECK(outputs_unclamped * 5 > outputs_total * 2, "random data mostly saturates");
    return tp_test_end();
}
