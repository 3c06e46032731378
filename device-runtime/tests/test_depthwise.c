/*
 * Depthwise convolution: tp_depthwise_conv_s8 and tp_depthwise_conv_f32 against a naive
 * reference from the definition, on random shapes (odd channel counts, padding on every side,
 * strides, dilation), a hand-worked case and the error statuses.
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

static void ref_depthwise_s8(void)
{
    const int32_t ch = tc.in.c;
    for (int32_t oy = 0; oy < tc.out.h; oy++) {
        for (int32_t ox = 0; ox < tc.out.w; ox++) {
            for (int32_t c = 0; c < ch; c++) {
                int64_t acc = tc.has_bias ? tc.bias[c] : 0;
                for (int32_t ky = 0; ky < tc.f.h; ky++) {
                    for (int32_t kx = 0; kx < tc.f.w; kx++) {
                        const int32_t iy =
                            oy * tc.conv.stride_h - tc.conv.pad_top + ky * tc.conv.dilation_h;
                        const int32_t ix =
                            ox * tc.conv.stride_w - tc.conv.pad_left + kx * tc.conv.dilation_w;
                        if (iy >= 0 && iy < tc.in.h && ix >= 0 && ix < tc.in.w) {
                            const int64_t x = tc.input[(iy * tc.in.w + ix) * ch + c];
                            const int64_t w = tc.filter[(ky * tc.f.w + kx) * ch + c];
                            acc += (x + tc.io.input_offset) * w;
                        }
                    }
                }
                want[(oy * tc.out.w + ox) * ch + c] =
                    ref_output_s8(acc, tc.multiplier[c], tc.shift[c], tc.io.output_offset,
                                  tc.io.act_min, tc.io.act_max);
            }
        }
    }
}

static void test_random(void)
{
    for (int i = 0; i < 500; i++) {
        do {
            tc.in.c = tp_rand_range(0, 1) ? 4 * tp_rand_range(1, 8) : tp_rand_range(1, 31);
            tc.f = (tp_filter_shape){1, 0, 0, tc.in.c};
            tc.out.c = tc.in.c;
            tc.conv.groups = tc.in.c;
            tp_case_random_geometry(&tc, 10, 5, 1);
        } while (tc.in.h * tc.in.w * tc.in.c > TP_CASE_MAX_IN ||
                 tc.out.h * tc.out.w * tc.out.c >= TP_CASE_MAX_OUT);
        tp_case_random_data(&tc);
        ref_depthwise_s8();
        const tp_channel_quant quant = {tc.multiplier, tc.shift};
        const int32_t n = tc.out.h * tc.out.w * tc.out.c;
        TP_CHECK(tp_depthwise_conv_s8_get_buffer_size(&tc.conv, &tc.in, &tc.f) == 0, "no scratch");
        memset(got, 0x55, sizeof(got));
        const tp_status st =
            tp_depthwise_conv_s8(NULL, &tc.conv, &tc.io, &quant, &tc.in, tc.input, &tc.f, tc.filter,
                                 tc.has_bias ? tc.bias : NULL, &tc.out, got);
        TP_CHECK(st == TP_OK, "case %d status %d", i, (int)st);
        int32_t bad = -1;
        for (int32_t j = 0; j < n && bad < 0; j++) {
            bad = got[j] != want[j] ? j : -1;
        }
        TP_CHECK(bad < 0,
                 "case %d: in %ldx%ldx%ld k %ldx%ld s %ld,%ld p %ld,%ld d %ld,%ld: element %ld "
                 "got %d want %d",
                 i, (long)tc.in.h, (long)tc.in.w, (long)tc.in.c, (long)tc.f.h, (long)tc.f.w,
                 (long)tc.conv.stride_h, (long)tc.conv.stride_w, (long)tc.conv.pad_top,
                 (long)tc.conv.pad_left, (long)tc.conv.dilation_h, (long)tc.conv.dilation_w,
                 (long)bad, bad >= 0 ? got[bad] : 0, bad >= 0 ? want[bad] : 0);
        TP_CHECK(got[n] == 0x55, "case %d wrote past the output", i);
    }
}

/* Two channels, 2x2 input, 2x2 kernel, padding 1 on top/left, output 2x2:
 * channel 0 weights all 1, channel 1 weights all -1; input zero point -1 (offset +1). */
static void test_by_hand(void)
{
    const int8_t input[8] = {0, 10, 1, 20, 2, 30, 3, 40}; /* (y,x,c) */
    const int8_t filter[8] = {1, -1, 1, -1, 1, -1, 1, -1};
    const int32_t mult[2] = {INT32_C(1) << 30, INT32_C(1) << 30}; /* x 0.5 */
    const int32_t shift[2] = {1, 1};                              /* x 2: net x 1 */
    const tp_channel_quant quant = {mult, shift};
    const tp_conv_params conv = {1, 1, 1, 1, 1, 1, 2};
    const tp_quant_io io = {1, 0, -128, 127};
    const tp_shape in = {2, 2, 2};
    const tp_filter_shape f = {1, 2, 2, 2};
    const tp_shape out = {2, 2, 2};
    int8_t result[8];
    TP_CHECK(tp_depthwise_conv_s8(NULL, &conv, &io, &quant, &in, input, &f, filter, NULL, &out,
                                  result) == TP_OK,
             "hand status");
    /* channel 0 values + 1: 1 2 / 3 4; windows see {1}, {1,2}, {1,3}, {1,2,3,4} */
    const int8_t expect[8] = {1, -11, 3, -32, 4, -42, 10, -104};
    TP_CHECK(memcmp(result, expect, 8) == 0, "hand got %d %d %d %d %d %d %d %d", result[0],
             result[1], result[2], result[3], result[4], result[5], result[6], result[7]);
}

/* Dilated by hand: 3x3 input, four channels (2 and 3 repeat 0 and 1: the DSP path's
 * four-channel pass takes them), 2x2 kernel, dilation 2, pad 1 top/left, output 2x2. Channel 0
 * reads 1..9 with weights 1 2 / 3 4; channel 1 reads 10 - that with weights all -2 and bias 4.
 * Tap rows are oy - 1 and oy + 1, tap columns ox - 1 and ox + 1; the taps inside the input are
 *   (0,0): 4*5 = 20            (0,1): 3*4 + 4*6 = 36
 *   (1,0): 2*2 + 4*8 = 36      (1,1): 1*1 + 2*3 + 3*7 + 4*9 = 64
 * and for channel 1: -2*5+4 = -6, -2*(6+4)+4 = -16, -2*(8+2)+4 = -16, -2*(9+7+3+1)+4 = -36.
 * int8 halves them (multiplier 0.5, all even); float keeps them. */
static void test_dilated_by_hand(void)
{
    int8_t input[36];
    float in_f[36];
    for (int32_t i = 0; i < 9; i++) {
        for (int32_t c = 0; c < 4; c++) {
            input[i * 4 + c] = (int8_t)(c % 2 == 0 ? i + 1 : 9 - i);
            in_f[i * 4 + c] = input[i * 4 + c];
        }
    }
    const int8_t filter[16] = {1, -2, 1, -2, 2, -2, 2, -2, 3, -2, 3, -2, 4, -2, 4, -2};
    const float w_f[16] = {1, -2, 1, -2, 2, -2, 2, -2, 3, -2, 3, -2, 4, -2, 4, -2};
    const int32_t bias[4] = {0, 4, 0, 4};
    const float b_f[4] = {0, 4, 0, 4};
    const int32_t mult[4] = {INT32_C(1) << 30, INT32_C(1) << 30, INT32_C(1) << 30,
                             INT32_C(1) << 30};
    const int32_t shift[4] = {0, 0, 0, 0};
    const tp_channel_quant quant = {mult, shift};
    const tp_conv_params conv = {1, 1, 1, 1, 2, 2, 4};
    const tp_quant_io io = {0, 0, -128, 127};
    const tp_shape in = {3, 3, 4};
    const tp_filter_shape f = {1, 2, 2, 4};
    const tp_shape out = {2, 2, 4};
    int8_t result[16];
    TP_CHECK(tp_depthwise_conv_s8(NULL, &conv, &io, &quant, &in, input, &f, filter, bias, &out,
                                  result) == TP_OK,
             "dilated hand status");
    const int8_t expect[16] = {10, -3, 10, -3, 18, -8, 18, -8, 18, -8, 18, -8, 32, -18, 32, -18};
    for (int32_t i = 0; i < 16; i++) {
        TP_CHECK(result[i] == expect[i], "dilated hand element %ld got %d want %d", (long)i,
                 result[i], expect[i]);
    }
    float out_f[16];
    const tp_act_f32 act = {-INFINITY, INFINITY};
    TP_CHECK(tp_depthwise_conv_f32(&conv, &act, &in, in_f, &f, w_f, b_f, &out, out_f) == TP_OK,
             "dilated f32 status");
    for (int32_t i = 0; i < 16; i++) {
        TP_CHECK(out_f[i] == 2.0f * expect[i], "dilated f32 element %ld got %g want %g", (long)i,
                 out_f[i], 2.0 * expect[i]);
    }
}

static void test_errors(void)
{
    const int8_t data[32] = {0};
    int8_t out[32];
    const int32_t mult[4] = {1 << 30, 1 << 30, 1 << 30, 1 << 30};
    const int32_t shift[4] = {0};
    const tp_channel_quant quant = {mult, shift};
    const tp_conv_params conv = {1, 1, 0, 0, 1, 1, 4};
    const tp_quant_io io = {0, 0, -128, 127};
    const tp_shape in = {2, 2, 4};
    const tp_shape out_shape = {1, 1, 4};
    const tp_filter_shape f = {1, 2, 2, 4};
    const tp_filter_shape wrong_c = {1, 2, 2, 3};
    TP_CHECK(tp_depthwise_conv_s8(NULL, &conv, &io, &quant, &in, data, &f, data, NULL, &out_shape,
                                  out) == TP_OK,
             "valid");
    TP_CHECK(tp_depthwise_conv_s8(NULL, &conv, &io, &quant, &in, data, &wrong_c, data, NULL,
                                  &out_shape, out) == TP_ERR_SHAPE,
             "channel mismatch");
    TP_CHECK(tp_depthwise_conv_s8(NULL, &conv, &io, NULL, &in, data, &f, data, NULL, &out_shape,
                                  out) == TP_ERR_ARGUMENT,
             "NULL quant");
}

static void test_f32_random(void)
{
    static float in_f[TP_CASE_MAX_IN], w_f[TP_CASE_MAX_W], b_f[TP_CASE_MAX_C];
    static float out_f[TP_CASE_MAX_OUT];
    for (int i = 0; i < 200; i++) {
        do {
            tc.in.c = tp_rand_range(1, 13);
            tc.f = (tp_filter_shape){1, 0, 0, tc.in.c};
            tc.out.c = tc.in.c;
            tp_case_random_geometry(&tc, 9, 5, 1);
        } while (tc.in.h * tc.in.w * tc.in.c > TP_CASE_MAX_IN ||
                 tc.out.h * tc.out.w * tc.out.c > TP_CASE_MAX_OUT);
        const int32_t ch = tc.in.c;
        for (int32_t j = 0; j < tc.in.h * tc.in.w * ch; j++)
            in_f[j] = tp_rand_float(-2, 2);
        for (int32_t j = 0; j < tc.f.h * tc.f.w * ch; j++)
            w_f[j] = tp_rand_float(-1, 1);
        for (int32_t j = 0; j < ch; j++)
            b_f[j] = tp_rand_float(-1, 1);
        const tp_act_f32 act = {i % 2 ? 0.0f : -INFINITY, i % 3 ? INFINITY : 6.0f};
        TP_CHECK(tp_depthwise_conv_f32(&tc.conv, &act, &tc.in, in_f, &tc.f, w_f, i % 4 ? b_f : NULL,
                                       &tc.out, out_f) == TP_OK,
                 "status");
        for (int32_t oy = 0; oy < tc.out.h; oy++) {
            for (int32_t ox = 0; ox < tc.out.w; ox++) {
                for (int32_t c = 0; c < ch; c++) {
                    double acc = i % 4 ? b_f[c] : 0.0, mag = fabs(acc);
                    for (int32_t ky = 0; ky < tc.f.h; ky++) {
                        for (int32_t kx = 0; kx < tc.f.w; kx++) {
                            const int32_t iy =
                                oy * tc.conv.stride_h - tc.conv.pad_top + ky * tc.conv.dilation_h;
                            const int32_t ix =
                                ox * tc.conv.stride_w - tc.conv.pad_left + kx * tc.conv.dilation_w;
                            if (iy < 0 || iy >= tc.in.h || ix < 0 || ix >= tc.in.w)
                                continue;
                            const double p = (double)in_f[(iy * tc.in.w + ix) * ch + c] *
                                             w_f[(ky * tc.f.w + kx) * ch + c];
                            acc += p;
                            mag += fabs(p);
                        }
                    }
                    acc = acc < act.min ? act.min : (acc > act.max ? act.max : acc);
                    const double g = out_f[(oy * tc.out.w + ox) * ch + c];
                    TP_CHECK(fabs(g - acc) <= 1e-5 * mag + 1e-7, "f32 %d got %g want %g", i, g,
                             acc);
                }
            }
        }
    }
}

int main(void)
{
    tp_test_begin("depthwise", 7);
    test_by_hand();
    test_dilated_by_hand();
    test_errors();
    test_random();
    test_f32_random();
    return tp_test_end();
}
