/*
 * Pooling: max, average (TFLite rounding, padding not counted) and global average, int8 and
 * float, against the definitions written with real numbers: the int8 average is the real mean
 * rounded half away from zero (what TFLite's (sum +- count/2) / count computes).
 */
#include <math.h>
#include <string.h>

#include "tp_kernels.h"
#include "tp_test.h"

enum { MAX_HW = 12, MAX_C = 19, MAX_N = MAX_HW * MAX_HW * MAX_C };

static int8_t in8[MAX_N], got8[MAX_N + 1], want8[MAX_N];
static float inf_[MAX_N], gotf[MAX_N], wantf[MAX_N];

typedef struct {
    tp_pool_params p;
    tp_shape in, out;
} pool_case;

/* Random geometry: dilations, asymmetric pads, count_include_pad, and output sizes up to what ceil
 * mode gives (one window more than floor), kept only when every window has a tap inside the input.
 */
static pool_case random_case(int is_max)
{
    pool_case c;
    for (;;) {
        c.in =
            (tp_shape){tp_rand_range(1, MAX_HW), tp_rand_range(1, MAX_HW), tp_rand_range(1, MAX_C)};
        c.p.kernel_h = tp_rand_range(1, 4);
        c.p.kernel_w = tp_rand_range(1, 4);
        c.p.stride_h = tp_rand_range(1, 3);
        c.p.stride_w = tp_rand_range(1, 3);
        c.p.dilation_h = tp_rand_range(0, 3) == 0 ? tp_rand_range(2, 3) : 1;
        c.p.dilation_w = tp_rand_range(0, 3) == 0 ? tp_rand_range(2, 3) : 1;
        c.p.pad_top = tp_rand_range(0, c.p.kernel_h - 1);
        c.p.pad_left = tp_rand_range(0, c.p.kernel_w - 1);
        c.p.pad_bottom = tp_rand_range(0, c.p.kernel_h - 1);
        c.p.pad_right = tp_rand_range(0, c.p.kernel_w - 1);
        c.p.count_include_pad = is_max ? 0 : tp_rand_range(0, 1);
        c.p.pad_value = tp_rand_range(-128, 127);
        const int32_t eh = c.p.dilation_h * (c.p.kernel_h - 1) + 1;
        const int32_t ew = c.p.dilation_w * (c.p.kernel_w - 1) + 1;
        const int32_t span_h = c.in.h + c.p.pad_top + c.p.pad_bottom - eh;
        const int32_t span_w = c.in.w + c.p.pad_left + c.p.pad_right - ew;
        if (span_h < 0 || span_w < 0) {
            continue;
        }
        c.out = (tp_shape){span_h / c.p.stride_h + 1 + tp_rand_range(0, 1),
                           span_w / c.p.stride_w + 1 + tp_rand_range(0, 1), c.in.c};
        int ok = 1;
        for (int32_t o = 0; o < c.out.h && ok; o++) {
            int hit = 0;
            for (int32_t k = 0; k < c.p.kernel_h; k++) {
                const int32_t y = o * c.p.stride_h - c.p.pad_top + k * c.p.dilation_h;
                hit |= y >= 0 && y < c.in.h;
            }
            ok = hit;
        }
        for (int32_t o = 0; o < c.out.w && ok; o++) {
            int hit = 0;
            for (int32_t k = 0; k < c.p.kernel_w; k++) {
                const int32_t x = o * c.p.stride_w - c.p.pad_left + k * c.p.dilation_w;
                hit |= x >= 0 && x < c.in.w;
            }
            ok = hit;
        }
        if (ok) {
            return c;
        }
    }
}

static void reference(const pool_case *c, int is_max, int32_t lo, int32_t hi, const tp_act_f32 *act)
{
    for (int32_t oy = 0; oy < c->out.h; oy++) {
        for (int32_t ox = 0; ox < c->out.w; ox++) {
            for (int32_t ch = 0; ch < c->in.c; ch++) {
                double sum = 0.0, fsum = 0.0, best = -1e30, fbest = -1e30;
                int count = 0;
                for (int32_t ky = 0; ky < c->p.kernel_h; ky++) {
                    for (int32_t kx = 0; kx < c->p.kernel_w; kx++) {
                        const int32_t y = oy * c->p.stride_h - c->p.pad_top + ky * c->p.dilation_h;
                        const int32_t x = ox * c->p.stride_w - c->p.pad_left + kx * c->p.dilation_w;
                        if (y >= 0 && y < c->in.h && x >= 0 && x < c->in.w) {
                            const int32_t idx = (y * c->in.w + x) * c->in.c + ch;
                            sum += in8[idx];
                            fsum += inf_[idx];
                            best = in8[idx] > best ? in8[idx] : best;
                            fbest = inf_[idx] > fbest ? inf_[idx] : fbest;
                            count++;
                        } else if (c->p.count_include_pad && y < c->in.h + c->p.pad_bottom &&
                                   x < c->in.w + c->p.pad_right) {
                            sum += c->p.pad_value;
                            count++;
                        }
                    }
                }
                double q = is_max ? best : round(sum / count);
                q = q < lo ? lo : (q > hi ? hi : q);
                double f = is_max ? fbest : fsum / count;
                f = f < act->min ? act->min : (f > act->max ? act->max : f);
                const int32_t o = (oy * c->out.w + ox) * c->out.c + ch;
                want8[o] = (int8_t)q;
                wantf[o] = (float)f;
            }
        }
    }
}

static void test_random(int is_max)
{
    for (int i = 0; i < 300; i++) {
        const pool_case c = random_case(is_max);
        const int32_t n_in = c.in.h * c.in.w * c.in.c, n_out = c.out.h * c.out.w * c.out.c;
        tp_fill_s8(in8, n_in, -128, 127);
        for (int32_t j = 0; j < n_in; j++)
            inf_[j] = tp_rand_float(-3, 3);
        const int32_t lo = i % 3 == 0 ? tp_rand_range(-128, 0) : -128;
        const int32_t hi = i % 4 == 0 ? tp_rand_range(lo, 127) : 127;
        const tp_act_f32 act = {i % 2 ? 0.0f : -INFINITY, INFINITY};
        reference(&c, is_max, lo, hi, &act);
        memset(got8, 0x55, sizeof(got8));
        const tp_status st = is_max ? tp_max_pool_s8(&c.p, lo, hi, &c.in, in8, &c.out, got8)
                                    : tp_avg_pool_s8(&c.p, lo, hi, &c.in, in8, &c.out, got8);
        TP_CHECK(st == TP_OK, "status %d", (int)st);
        TP_CHECK(memcmp(got8, want8, (size_t)n_out) == 0, "%s case %d differs",
                 is_max ? "max" : "avg", i);
        TP_CHECK(got8[n_out] == 0x55, "wrote past the output");
        const tp_status sf = is_max ? tp_max_pool_f32(&c.p, &act, &c.in, inf_, &c.out, gotf)
                                    : tp_avg_pool_f32(&c.p, &act, &c.in, inf_, &c.out, gotf);
        TP_CHECK(sf == TP_OK, "f32 status %d", (int)sf);
        for (int32_t j = 0; j < n_out; j++) {
            TP_CHECK(fabsf(gotf[j] - wantf[j]) <= 1e-5f * (1.0f + fabsf(wantf[j])),
                     "f32 case %d [%ld] got %g want %g", i, (long)j, gotf[j], wantf[j]);
        }
    }
}

static void test_global_avg(void)
{
    for (int i = 0; i < 200; i++) {
        const tp_shape in = {tp_rand_range(1, MAX_HW), tp_rand_range(1, MAX_HW),
                             tp_rand_range(1, MAX_C)};
        const int32_t n = in.h * in.w * in.c;
        tp_fill_s8(in8, n, i % 2 ? -128 : -20, i % 2 ? 127 : 20);
        for (int32_t j = 0; j < n; j++)
            inf_[j] = tp_rand_float(-3, 3);
        const tp_act_f32 act = {-INFINITY, INFINITY};
        TP_CHECK(tp_global_avg_pool_s8(-128, 127, &in, in8, got8) == TP_OK, "gap status");
        TP_CHECK(tp_global_avg_pool_f32(&act, &in, inf_, gotf) == TP_OK, "gap f32 status");
        for (int32_t c = 0; c < in.c; c++) {
            double sum = 0.0, fsum = 0.0;
            for (int32_t p = 0; p < in.h * in.w; p++) {
                sum += in8[p * in.c + c];
                fsum += inf_[p * in.c + c];
            }
            TP_CHECK(got8[c] == (int8_t)round(sum / (in.h * in.w)), "gap case %d ch %ld", i,
                     (long)c);
            TP_CHECK(fabs(gotf[c] - fsum / (in.h * in.w)) <= 1e-5, "gap f32 case %d", i);
        }
    }
}

static void test_by_hand(void)
{
    /* 1 channel 2x2 {-1, -2, 2, 4}: means -1.5 -> -2 and 3 -> 3; global mean 0.75 -> 1 */
    const int8_t x[4] = {-1, -2, 2, 4};
    const tp_pool_params row = {1, 2, 1, 2, 0, 0, 1, 1, 0, 0, 0, 0};
    const tp_shape in = {2, 2, 1}, out = {2, 1, 1};
    int8_t y[2], g[1];
    TP_CHECK(tp_avg_pool_s8(&row, -128, 127, &in, x, &out, y) == TP_OK, "hand avg");
    TP_CHECK(y[0] == -2 && y[1] == 3, "hand avg got %d %d", y[0], y[1]);
    TP_CHECK(tp_global_avg_pool_s8(-128, 127, &in, x, g) == TP_OK && g[0] == 1, "hand gap %d",
             g[0]);
    /* 3x3 window with padding 1 at the corner sees 4 pixels: (-1 - 2 + 2 + 4) / 4 = 0.75 -> 1 */
    const tp_pool_params padded = {3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
    const tp_shape out1 = {1, 1, 1};
    TP_CHECK(tp_avg_pool_s8(&padded, -128, 127, &in, x, &out1, y) == TP_OK && y[0] == 1,
             "padding not counted: %d", y[0]);
    TP_CHECK(tp_max_pool_s8(&padded, -128, 3, &in, x, &out1, y) == TP_OK && y[0] == 3,
             "max clamped to 3: %d", y[0]);
    const tp_pool_params bad = {2, 2, 1, 1, 2, 0, 1, 1, 0, 0, 0, 0};
    TP_CHECK(tp_max_pool_s8(&bad, -128, 127, &in, x, &out1, y) == TP_ERR_SHAPE, "pad >= kernel");
    /* count_include_pad: the corner window above counts 9 taps, 5 of them padding worth 10 each:
     * (-1 - 2 + 2 + 4 + 5 * 10) / 9 = 53 / 9 -> 6 */
    const tp_pool_params counted = {3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 10};
    TP_CHECK(tp_avg_pool_s8(&counted, -128, 127, &in, x, &out1, y) == TP_OK && y[0] == 6,
             "padding counted: %d", y[0]);
    /* dilation 2 skips a window whose only taps straddle the input: rows -1 and 1 of a 1-row input
     */
    const tp_shape row_in = {1, 2, 1}, row_out = {1, 1, 1};
    const tp_pool_params straddle = {2, 1, 1, 1, 1, 0, 2, 1, 0, 0, 0, 0};
    TP_CHECK(tp_max_pool_s8(&straddle, -128, 127, &row_in, x, &row_out, y) == TP_ERR_SHAPE,
             "window without a tap inside the input");
}

int main(void)
{
    tp_test_begin("pooling", 5);
    test_by_hand();
    test_random(1);
    test_random(0);
    test_global_avg();
    return tp_test_end();
}
