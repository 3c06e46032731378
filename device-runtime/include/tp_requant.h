/*
 * tinyprune requantisation helpers: the fixed-point arithmetic of DESIGN §3, identical to
 * gemmlowp's SaturatingRoundingDoublingHighMul / RoundingDivideByPOT and TFLite's
 * MultiplyByQuantizedMultiplier (double rounding). The Java int8 reference interpreter
 * implements exactly these three functions.
 *
 * Assumes two's-complement integers with arithmetic right shift of negative values (gcc and
 * arm-none-eabi-gcc guarantee both).
 */
#ifndef TP_REQUANT_H
#define TP_REQUANT_H

#include <stdint.h>

/**
 * gemmlowp's SaturatingRoundingDoublingHighMul: (a*b + nudge) / 2^31 with C (truncating)
 * division, nudge = 2^30 if a*b >= 0 else 1 - 2^30. For integers this equals
 * floor((a*b + 2^30) / 2^31), i.e. round(a*b / 2^31) with halves rounded up (towards +inf),
 * which is how it is computed here (one multiply-accumulate and a shift on Cortex-M).
 * The only overflow, INT32_MIN * INT32_MIN, saturates to INT32_MAX.
 */
static inline int32_t tp_sat_rounding_doubling_high_mul(int32_t a, int32_t b)
{
    if (a == INT32_MIN && b == INT32_MIN) {
        return INT32_MAX;
    }
    const int64_t ab = (int64_t)a * (int64_t)b + ((int64_t)1 << 30);
    return (int32_t)(ab >> 31);
}

/**
 * x / 2^exponent rounded to nearest, halves away from zero (exponent in [0, 31]).
 */
static inline int32_t tp_rounding_divide_by_pot(int32_t x, int32_t exponent)
{
    const int32_t mask = (int32_t)(((int64_t)1 << exponent) - 1);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/**
 * TFLite MultiplyByQuantizedMultiplier: x * 2^max(shift, 0), then the doubling high multiply by
 * the Q31 multiplier, then a rounding right shift by max(-shift, 0).
 * The left shift wraps modulo 2^32 (as two's-complement hardware and Java int arithmetic do)
 * instead of being undefined; valid quantisation parameters never make it overflow.
 */
static inline int32_t tp_requantize(int32_t x, int32_t multiplier, int32_t shift)
{
    const int32_t left = shift > 0 ? shift : 0;
    const int32_t right = shift > 0 ? 0 : -shift;
    const int32_t shifted = (int32_t)((uint32_t)x << left);
    return tp_rounding_divide_by_pot(tp_sat_rounding_doubling_high_mul(shifted, multiplier), right);
}

/** Clamps x to [lo, hi]. */
static inline int32_t tp_clamp_i32(int32_t x, int32_t lo, int32_t hi)
{
    return x < lo ? lo : (x > hi ? hi : x);
}

#endif /* TP_REQUANT_H */
