/* Concatenation along channels (NHWC), int8 and float, against index arithmetic by hand. */
#include <string.h>

#include "tp_kernels.h"
#include "tp_test.h"

static void test_by_hand(void)
{
    /* 2 pixels; inputs of 1, 2 and 3 channels */
    const int8_t a[2] = {1, 2}, b[4] = {10, 11, 20, 21}, c[6] = {-1, -2, -3, -4, -5, -6};
    const int8_t *const inputs[3] = {a, b, c};
    const int32_t channels[3] = {1, 2, 3};
    int8_t out[12];
    const int8_t expect[12] = {1, 10, 11, -1, -2, -3, 2, 20, 21, -4, -5, -6};
    TP_CHECK(tp_concat_s8(3, inputs, channels, 2, out) == TP_OK, "status");
    TP_CHECK(memcmp(out, expect, 12) == 0, "layout");
    const int32_t bad_channels[3] = {1, 0, 3};
    TP_CHECK(tp_concat_s8(3, inputs, bad_channels, 2, out) == TP_ERR_SHAPE, "zero channels");
    TP_CHECK(tp_concat_s8(0, inputs, channels, 2, out) == TP_ERR_ARGUMENT, "no inputs");
}

static void test_random(void)
{
    static int8_t in8[4][600], out8[2400];
    static float inf_[4][600], outf[2400];
    for (int i = 0; i < 200; i++) {
        const int32_t n = tp_rand_range(1, 4), pixels = tp_rand_range(1, 30);
        int32_t channels[4], total = 0;
        const int8_t *p8[4];
        const float *pf[4];
        for (int32_t k = 0; k < n; k++) {
            channels[k] = tp_rand_range(1, 20);
            total += channels[k];
            tp_fill_s8(in8[k], channels[k] * pixels, -128, 127);
            for (int32_t j = 0; j < channels[k] * pixels; j++)
                inf_[k][j] = tp_rand_float(-1, 1);
            p8[k] = in8[k];
            pf[k] = inf_[k];
        }
        TP_CHECK(tp_concat_s8(n, p8, channels, pixels, out8) == TP_OK, "s8 status");
        TP_CHECK(tp_concat_f32(n, pf, channels, pixels, outf) == TP_OK, "f32 status");
        for (int32_t p = 0; p < pixels; p++) {
            int32_t oc = 0;
            for (int32_t k = 0; k < n; k++) {
                for (int32_t c = 0; c < channels[k]; c++, oc++) {
                    TP_CHECK(out8[p * total + oc] == in8[k][p * channels[k] + c], "s8 element");
                    TP_CHECK(outf[p * total + oc] == inf_[k][p * channels[k] + c], "f32 element");
                }
            }
        }
    }
}

int main(void)
{
    tp_test_begin("concat", 9);
    test_by_hand();
    test_random();
    return tp_test_end();
}
