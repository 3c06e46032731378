/*
 * In-place depthwise convolution: tp_depthwise_conv_in_place_s8 against tp_depthwise_conv_s8 (the
 * out-of-place kernel, itself tested against the definition in test_depthwise.c), byte for byte,
 * on random geometries (strides, paddings, dilations, odd sizes, channel counts below, at and off
 * multiples of four, random per-channel multipliers and shifts); its refusal of geometries where
 * an output row would overwrite input not yet read, against a row-by-row simulation; the line
 * buffer's size (an exact-size buffer with a guard after it) and the error statuses.
 */
#include <string.h>

#include "tp_case.h"
#include "tp_kernels.h"
#include "tp_test.h"

static tp_case tc;
static int8_t want[TP_CASE_MAX_OUT];
static int8_t data[TP_CASE_MAX_IN + 16];
static uint32_t scratch_words[2048];

/*
 * The kernel's gathering order simulated row by row: the output must fit in the input's bytes,
 * and each input row gathered into the line buffer must not yet lie under an output row written.
 */
static int simulated_safe(void)
{
    const int32_t extent = tc.conv.dilation_h * (tc.f.h - 1) + 1;
    int32_t have = 0;
    if (tc.out.h * tc.out.w > tc.in.h * tc.in.w) {
        return 0;
    }
    for (int32_t oy = 0; oy < tc.out.h; oy++) {
        const int32_t y0 = oy * tc.conv.stride_h - tc.conv.pad_top;
        if (oy > 0) {
            have = have > tc.conv.stride_h ? have - tc.conv.stride_h : 0;
        }
        for (int32_t r = y0 + have; r < y0 + extent; r++) {
            if (r >= 0 && r < tc.in.h && (int64_t)r * tc.in.w < (int64_t)oy * tc.out.w) {
                return 0;
            }
        }
        have = extent;
    }
    return 1;
}

/* A "same"-style geometry (the code generator's usual case): odd kernel, stride 1 or 2. */
static void same_geometry(void)
{
    const int32_t k = 2 * tp_rand_range(0, 2) + 1;
    const int32_t s = tp_rand_range(1, 2);
    tc.in.h = tp_rand_range(1, 12);
    tc.in.w = tp_rand_range(1, 12);
    tc.f.h = k;
    tc.f.w = k;
    tc.conv.stride_h = s;
    tc.conv.stride_w = s;
    tc.conv.dilation_h = 1;
    tc.conv.dilation_w = 1;
    tc.conv.pad_top = k / 2;
    tc.conv.pad_left = k / 2;
    tc.out.h = tp_case_out_size(tc.in.h, k, s, 1, k / 2, k / 2);
    tc.out.w = tp_case_out_size(tc.in.w, k, s, 1, k / 2, k / 2);
}

static void test_random(void)
{
    int32_t ran = 0;
    int32_t refused = 0;
    for (int i = 0; i < 1500; i++) {
        do {
            tc.in.c = tp_rand_range(0, 1) ? 4 * tp_rand_range(1, 6) : tp_rand_range(1, 23);
            tc.f = (tp_filter_shape){1, 0, 0, tc.in.c};
            tc.out.c = tc.in.c;
            tc.conv.groups = tc.in.c;
            if (i % 2 == 0) {
                same_geometry();
            } else {
                tp_case_random_geometry(&tc, 10, 5, 1);
            }
        } while (tc.in.h * tc.in.w * tc.in.c > TP_CASE_MAX_IN ||
                 tc.out.h * tc.out.w * tc.out.c > TP_CASE_MAX_OUT);
        tp_case_random_data(&tc);
        const tp_channel_quant quant = {tc.multiplier, tc.shift};
        const int32_t *bias = tc.has_bias ? tc.bias : NULL;
        const int32_t in_n = tc.in.h * tc.in.w * tc.in.c;
        const int32_t out_n = tc.out.h * tc.out.w * tc.out.c;
        TP_CHECK(tp_depthwise_conv_s8(NULL, &tc.conv, &tc.io, &quant, &tc.in, tc.input, &tc.f,
                                      tc.filter, bias, &tc.out, want) == TP_OK,
                 "case %d out-of-place status", i);
        const int32_t need = tp_depthwise_conv_in_place_s8_get_buffer_size(&tc.conv, &tc.in, &tc.f);
        const int32_t block = tc.in.c < 4 ? tc.in.c : 4;
        const int32_t extent = tc.conv.dilation_h * (tc.f.h - 1) + 1;
        TP_CHECK(need == block * (extent * tc.in.w + tc.f.h * tc.f.w), "case %d size %ld", i,
                 (long)need);
        uint8_t *buf = (uint8_t *)scratch_words;
        TP_CHECK(need + 4 <= (int32_t)sizeof(scratch_words), "case %d scratch too big", i);
        memset(buf, 0xA5, (size_t)need + 4);
        const tp_scratch scratch = {buf, need};
        memcpy(data, tc.input, (size_t)in_n);
        memset(data + in_n, 0x5A, 16);
        const tp_status st = tp_depthwise_conv_in_place_s8(
            &scratch, &tc.conv, &tc.io, &quant, &tc.in, &tc.f, tc.filter, bias, &tc.out, data);
        const int safe = simulated_safe();
        TP_CHECK(st == (safe ? TP_OK : TP_ERR_UNSUPPORTED),
                 "case %d: in %ldx%ld k %ld s %ld p %ld d %ld out %ldx%ld: status %d, simulation "
                 "says %s",
                 i, (long)tc.in.h, (long)tc.in.w, (long)tc.f.h, (long)tc.conv.stride_h,
                 (long)tc.conv.pad_top, (long)tc.conv.dilation_h, (long)tc.out.h, (long)tc.out.w,
                 (int)st, safe ? "safe" : "unsafe");
        TP_CHECK(buf[need] == 0xA5 && buf[need + 3] == 0xA5, "case %d wrote past the scratch", i);
        TP_CHECK(data[in_n] == 0x5A && data[in_n + 15] == 0x5A, "case %d wrote past the input", i);
        if (st != TP_OK) {
            TP_CHECK(memcmp(data, tc.input, (size_t)in_n) == 0, "case %d refused but wrote", i);
            refused++;
            continue;
        }
        ran++;
        int32_t bad = -1;
        for (int32_t j = 0; j < out_n && bad < 0; j++) {
            bad = data[j] != want[j] ? j : -1;
        }
        TP_CHECK(bad < 0,
                 "case %d: in %ldx%ldx%ld k %ldx%ld s %ld,%ld p %ld,%ld d %ld,%ld: element %ld "
                 "got %d want %d",
                 i, (long)tc.in.h, (long)tc.in.w, (long)tc.in.c, (long)tc.f.h, (long)tc.f.w,
                 (long)tc.conv.stride_h, (long)tc.conv.stride_w, (long)tc.conv.pad_top,
                 (long)tc.conv.pad_left, (long)tc.conv.dilation_h, (long)tc.conv.dilation_w,
                 (long)bad, bad >= 0 ? data[bad] : 0, bad >= 0 ? want[bad] : 0);
    }
    /* the random geometries must exercise both outcomes */
    TP_CHECK(ran > 1000 && refused > 10, "ran %ld, refused %ld", (long)ran, (long)refused);
}

/* One row, stride 1, a 3-wide kernel with pad 2 on both sides: 3 outputs from 1 input column, so
 * output row 0 (3 pixels) covers input rows 0..2, which output rows 1 and 2 still need. */
static void test_refused_by_hand(void)
{
    int8_t buf[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    const int8_t filter[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    const int32_t mult[1] = {INT32_C(1) << 30};
    const int32_t shift[1] = {1};
    const tp_channel_quant quant = {mult, shift};
    const tp_conv_params conv = {1, 1, 2, 2, 1, 1, 1};
    const tp_quant_io io = {0, 0, -128, 127};
    const tp_shape in = {4, 1, 1};
    const tp_shape out = {6, 3, 1};
    const tp_filter_shape f = {1, 3, 3, 1};
    uint32_t words[8];
    const tp_scratch scratch = {words, (int32_t)sizeof(words)};
    TP_CHECK(tp_depthwise_conv_in_place_s8_get_buffer_size(&conv, &in, &f) == 12, "size");
    TP_CHECK(tp_depthwise_conv_in_place_s8(&scratch, &conv, &io, &quant, &in, &f, filter, NULL,
                                           &out, buf) == TP_ERR_UNSUPPORTED,
             "refused");
}

/* Stride 1, 3x3, pad 1 on a 3x3 single-channel input of 1..9 with weights all 1 (sums of each
 * 3x3 neighbourhood), multiplier 1: the in-place result is the neighbourhood sums. */
static void test_by_hand(void)
{
    int8_t buf[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    const int8_t filter[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    const int32_t mult[1] = {INT32_C(1) << 30};
    const int32_t shift[1] = {1};
    const tp_channel_quant quant = {mult, shift};
    const tp_conv_params conv = {1, 1, 1, 1, 1, 1, 1};
    const tp_quant_io io = {0, 0, -128, 127};
    const tp_shape in = {3, 3, 1};
    const tp_filter_shape f = {1, 3, 3, 1};
    uint32_t words[5]; /* 1 * (3 * 3 + 9) = 18 bytes */
    const tp_scratch scratch = {words, 18};
    TP_CHECK(tp_depthwise_conv_in_place_s8(&scratch, &conv, &io, &quant, &in, &f, filter, NULL, &in,
                                           buf) == TP_OK,
             "hand status");
    const int8_t expect[9] = {12, 21, 16, 27, 45, 33, 24, 39, 28};
    TP_CHECK(memcmp(buf, expect, 9) == 0, "hand got %d %d %d %d %d %d %d %d %d", buf[0], buf[1],
             buf[2], buf[3], buf[4], buf[5], buf[6], buf[7], buf[8]);
    const tp_scratch small = {words, 17};
    TP_CHECK(tp_depthwise_conv_in_place_s8(&small, &conv, &io, &quant, &in, &f, filter, NULL, &in,
                                           buf) == TP_ERR_SCRATCH,
             "small scratch");
    TP_CHECK(tp_depthwise_conv_in_place_s8(NULL, &conv, &io, &quant, &in, &f, filter, NULL, &in,
                                           buf) == TP_ERR_SCRATCH,
             "no scratch");
    TP_CHECK(tp_depthwise_conv_in_place_s8(&scratch, &conv, &io, &quant, &in, &f, filter, NULL, &in,
                                           NULL) == TP_ERR_ARGUMENT,
             "NULL data");
}

int main(void)
{
    tp_test_begin("depthwise_in_place", 11);
    test_by_hand();
    test_refused_by_hand();
    test_random();
    return tp_test_end();
}
