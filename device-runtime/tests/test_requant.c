/*
 * Requantisation arithmetic (tp_requant.h): hand-worked edge cases, then random triples against
 * the literal reference (tp_ref.c) and against real-number math within one step.
 */
#include <math.h>

#include "tp_ref.h"
#include "tp_requant.h"
#include "tp_test.h"

#define Q31_HALF INT32_C(0x40000000) /* 0.5 */

static void test_doubling_high_mul_by_hand(void)
{
    /* the single overflow case saturates */
    TP_CHECK(tp_sat_rounding_doubling_high_mul(INT32_MIN, INT32_MIN) == INT32_MAX, "MIN*MIN");
    /* (-2^31) * (2^31 - 1) / 2^31 = -(2^31 - 1) exactly */
    TP_CHECK(tp_sat_rounding_doubling_high_mul(INT32_MIN, INT32_MAX) == -INT32_MAX, "MIN*MAX");
    /* 0.5 * 0.5 in Q31 = 0.25 = 2^29 */
    TP_CHECK(tp_sat_rounding_doubling_high_mul(Q31_HALF, Q31_HALF) == (1 << 29), "0.5*0.5");
    /* 3 * 0.5 = 1.5 rounds up to 2; -3 * 0.5 = -1.5 rounds up to -1 (gemmlowp nudge) */
    TP_CHECK(tp_sat_rounding_doubling_high_mul(3, Q31_HALF) == 2, "1.5");
    TP_CHECK(tp_sat_rounding_doubling_high_mul(-3, Q31_HALF) == -1, "-1.5");
    /* -1 * 0.5 = -0.5 rounds up to 0; 1 * 0.5 = 0.5 rounds up to 1 */
    TP_CHECK(tp_sat_rounding_doubling_high_mul(-1, Q31_HALF) == 0, "-0.5");
    TP_CHECK(tp_sat_rounding_doubling_high_mul(1, Q31_HALF) == 1, "0.5");
    /* -7 * (1 - 2^-31) = -6.9999999967 -> -7 */
    TP_CHECK(tp_sat_rounding_doubling_high_mul(-7, INT32_MAX) == -7, "-7*~1");
}

static void test_rounding_divide_by_hand(void)
{
    TP_CHECK(tp_rounding_divide_by_pot(5, 1) == 3, "2.5 -> 3");
    TP_CHECK(tp_rounding_divide_by_pot(-5, 1) == -3, "-2.5 -> -3 (away from zero)");
    TP_CHECK(tp_rounding_divide_by_pot(-4, 1) == -2, "-2 exact");
    TP_CHECK(tp_rounding_divide_by_pot(7, 2) == 2, "1.75 -> 2");
    TP_CHECK(tp_rounding_divide_by_pot(-6, 2) == -2, "-1.5 -> -2");
    TP_CHECK(tp_rounding_divide_by_pot(-5, 2) == -1, "-1.25 -> -1");
    TP_CHECK(tp_rounding_divide_by_pot(12345, 0) == 12345, "shift 0 is identity");
    TP_CHECK(tp_rounding_divide_by_pot(INT32_MIN, 31) == -1, "-1 exact");
    TP_CHECK(tp_rounding_divide_by_pot(INT32_MAX, 31) == 1, "0.9999 -> 1");
    TP_CHECK(tp_rounding_divide_by_pot(1 << 30, 31) == 1, "0.5 -> 1");
    TP_CHECK(tp_rounding_divide_by_pot(-(1 << 30), 31) == -1, "-0.5 -> -1");
    TP_CHECK(tp_rounding_divide_by_pot((1 << 30) - 1, 31) == 0, "0.4999 -> 0");
}

static void test_requantize_by_hand(void)
{
    /* 123456 * 0.5 = 61728, / 2^10 = 60.28 -> 60, and symmetric for the negative value */
    TP_CHECK(tp_requantize(123456, Q31_HALF, -10) == 60, "positive");
    TP_CHECK(tp_requantize(-123456, Q31_HALF, -10) == -60, "negative");
    /* 1000 * 0.70710678 = 707.1 -> 707, / 8 = 88.4 -> 88 */
    TP_CHECK(tp_requantize(1000, 1518500250, -3) == 88, "sqrt(1/2)");
    TP_CHECK(tp_requantize(-1000, 1518500250, -3) == -88, "-sqrt(1/2)");
    /* 12345678 * 0.78539816 (pi/4) = 9696216.3, / 2^20 = 9.25 -> 9 */
    TP_CHECK(tp_requantize(12345678, 1686629713, -20) == 9, "pi/4");
    /* positive shift: 3 * 4 * 0.5 = 6 */
    TP_CHECK(tp_requantize(3, Q31_HALF, 2) == 6, "left shift");
    /* shift boundaries: (2^31-1)^2 / 2^31 = 2^31 - 2 (rounded), / 2^31 -> 1 */
    TP_CHECK(tp_requantize(INT32_MAX, INT32_MAX, -31) == 1, "shift -31");
    TP_CHECK(tp_requantize(INT32_MIN, Q31_HALF, -30) == -1, "-2^30 / 2^30");
    TP_CHECK(tp_requantize(INT32_MIN, INT32_MIN, 0) == INT32_MAX, "saturation");
    /* left shift wraps: 2^30 << 1 = -2^31, * 0.5 = -2^30 (documented two's-complement wrap) */
    TP_CHECK(tp_requantize(1 << 30, Q31_HALF, 1) == -(1 << 30), "wrapping left shift");
    TP_CHECK(tp_requantize(0, INT32_MAX, -31) == 0, "zero");
    TP_CHECK(tp_requantize(5, 0, 0) == 0, "zero multiplier");
}

static void test_random_against_reference(void)
{
    for (int i = 0; i < 200000; i++) {
        const int32_t acc = (i & 1) ? tp_rand_range(-1000000, 1000000) : (int32_t)tp_rand_u32();
        const int32_t mult = ref_random_multiplier();
        const int32_t shift = tp_rand_range(-31, (i & 1) ? 8 : 0);
        const int32_t got = tp_requantize(acc, mult, shift);
        if (!TP_CHECK(got == ref_requantize(acc, mult, shift), "acc %ld mult %ld shift %ld",
                      (long)acc, (long)mult, (long)shift)) {
            continue;
        }
        const int64_t scaled = (int64_t)acc * ((int64_t)1 << (shift > 0 ? shift : 0));
        if (scaled > INT32_MAX || scaled < INT32_MIN) {
            continue; /* wrapped: no real-number meaning */
        }
        /* the two roundings together stay within one step of the real product */
        const double real = (double)acc * ldexp((double)mult, shift - 31);
        TP_CHECK(fabs((double)got - real) <= 1.0, "real %f got %ld", real, (long)got);
    }
    for (int i = 0; i < 100000; i++) {
        const int32_t a = (int32_t)tp_rand_u32();
        const int32_t b = (i & 3) == 0 ? INT32_MIN : (int32_t)tp_rand_u32();
        TP_CHECK(tp_sat_rounding_doubling_high_mul(a, b) == ref_srdhm(a, b), "srdhm %ld %ld",
                 (long)a, (long)b);
        const int e = (int)tp_rand_range(0, 31);
        TP_CHECK(tp_rounding_divide_by_pot(a, e) == ref_rdbpot(a, e), "rdbpot %ld %d", (long)a, e);
    }
}

int main(void)
{
    tp_test_begin("requant", 20261125);
    test_doubling_high_mul_by_hand();
    test_rounding_divide_by_hand();
    test_requantize_by_hand();
    test_random_against_reference();
    return tp_test_end();
}
