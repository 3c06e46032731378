/*
 * Data movement: constant padding and transpose, int8 and float, against index arithmetic written
 * the literal way (each output element looked up by its coordinates).
 */
#include <string.h>

#include "tp_kernels.h"
#include "tp_test.h"

enum { MAX_N = 4096 };

static int8_t in8[MAX_N], got8[MAX_N + 1], want8[MAX_N];
static float inf_[MAX_N], gotf[MAX_N + 1], wantf[MAX_N];

static void test_pad(void)
{
    for (int i = 0; i < 200; i++) {
        const tp_shape in = {tp_rand_range(1, 7), tp_rand_range(1, 7), tp_rand_range(1, 9)};
        const int32_t top = tp_rand_range(0, 3), left = tp_rand_range(0, 3);
        const tp_shape out = {in.h + top + tp_rand_range(0, 3), in.w + left + tp_rand_range(0, 3),
                              in.c};
        const int32_t zp = tp_rand_range(-128, 127);
        const int32_t n_in = in.h * in.w * in.c, n_out = out.h * out.w * out.c;
        tp_fill_s8(in8, n_in, -128, 127);
        for (int32_t j = 0; j < n_in; j++)
            inf_[j] = tp_rand_float(-3, 3);
        for (int32_t y = 0; y < out.h; y++) {
            for (int32_t x = 0; x < out.w; x++) {
                for (int32_t c = 0; c < out.c; c++) {
                    const int32_t o = (y * out.w + x) * out.c + c;
                    const int inside = y >= top && y < top + in.h && x >= left && x < left + in.w;
                    const int32_t s = ((y - top) * in.w + (x - left)) * in.c + c;
                    want8[o] = inside ? in8[s] : (int8_t)zp;
                    wantf[o] = inside ? inf_[s] : (float)i - 1.5f;
                }
            }
        }
        memset(got8, 0x55, sizeof(got8));
        gotf[n_out] = 42.0f;
        TP_CHECK(tp_pad_s8(top, left, zp, &in, in8, &out, got8) == TP_OK, "pad s8 status");
        TP_CHECK(memcmp(got8, want8, (size_t)n_out) == 0, "pad s8 case %d differs", i);
        TP_CHECK(got8[n_out] == 0x55, "pad s8 wrote past the output");
        TP_CHECK(tp_pad_f32(top, left, (float)i - 1.5f, &in, inf_, &out, gotf) == TP_OK,
                 "pad f32 status");
        TP_CHECK(memcmp(gotf, wantf, (size_t)n_out * sizeof(float)) == 0, "pad f32 case %d differs",
                 i);
        TP_CHECK(gotf[n_out] == 42.0f, "pad f32 wrote past the output");
    }
    const tp_shape in = {2, 2, 1}, small = {2, 3, 1};
    TP_CHECK(tp_pad_s8(0, 2, 0, &in, in8, &small, got8) == TP_ERR_SHAPE,
             "input must fit the output");
    TP_CHECK(tp_pad_s8(0, 0, 200, &in, in8, &small, got8) == TP_ERR_ARGUMENT,
             "pad value out of int8");
}

static void test_transpose(void)
{
    for (int i = 0; i < 300; i++) {
        tp_transpose_params p;
        p.rank = tp_rand_range(1, TP_TRANSPOSE_MAX_DIMS);
        int32_t n = 1;
        for (int32_t d = 0; d < p.rank; d++) {
            p.dims[d] = tp_rand_range(1, 7);
            n *= p.dims[d];
            p.perm[d] = d;
        }
        for (int32_t d = p.rank - 1; d > 0; d--) {
            const int32_t j = tp_rand_range(0, d), t = p.perm[d];
            p.perm[d] = p.perm[j];
            p.perm[j] = t;
        }
        tp_fill_s8(in8, n, -128, 127);
        for (int32_t j = 0; j < n; j++)
            inf_[j] = tp_rand_float(-3, 3);
        /* output element o has output coordinates c[]; input coordinate of axis perm[k] is c[k] */
        for (int32_t o = 0; o < n; o++) {
            int32_t coord[TP_TRANSPOSE_MAX_DIMS], rest = o, src = 0;
            for (int32_t k = p.rank - 1; k >= 0; k--) {
                coord[k] = rest % p.dims[p.perm[k]];
                rest /= p.dims[p.perm[k]];
            }
            for (int32_t axis = 0; axis < p.rank; axis++) {
                int32_t at = 0;
                for (int32_t k = 0; k < p.rank; k++) {
                    at = p.perm[k] == axis ? coord[k] : at;
                }
                src = src * p.dims[axis] + at;
            }
            want8[o] = in8[src];
            wantf[o] = inf_[src];
        }
        memset(got8, 0x55, sizeof(got8));
        TP_CHECK(tp_transpose_s8(&p, in8, got8) == TP_OK, "transpose s8 status");
        TP_CHECK(memcmp(got8, want8, (size_t)n) == 0, "transpose s8 case %d differs", i);
        TP_CHECK(got8[n] == 0x55, "transpose s8 wrote past the output");
        TP_CHECK(tp_transpose_f32(&p, inf_, gotf) == TP_OK, "transpose f32 status");
        TP_CHECK(memcmp(gotf, wantf, (size_t)n * sizeof(float)) == 0,
                 "transpose f32 case %d differs", i);
    }
    /* channel shuffle of 2 pixels x 6 channels in 2 groups: channel j * 2 + i <- i * 3 + j */
    const int8_t x[12] = {0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15};
    const int8_t want[12] = {0, 3, 1, 4, 2, 5, 10, 13, 11, 14, 12, 15};
    const tp_transpose_params shuffle = {3, {2, 2, 3, 0}, {0, 2, 1, 0}};
    TP_CHECK(tp_transpose_s8(&shuffle, x, got8) == TP_OK && memcmp(got8, want, 12) == 0, "shuffle");
    const tp_transpose_params bad = {2, {2, 2, 0, 0}, {1, 1, 0, 0}};
    TP_CHECK(tp_transpose_s8(&bad, x, got8) == TP_ERR_SHAPE, "perm repeats an axis");
}

int main(void)
{
    tp_test_begin("layout", 11);
    test_pad();
    test_transpose();
    return tp_test_end();
}
