/*
 * Independent reference arithmetic for the tests, written the literal way and sharing no code
 * with the kernels: gemmlowp's doubling high multiply with its nudge and truncating division,
 * the rounding shift as real-number division rounded half away from zero (C's round()).
 */
#ifndef TP_REF_H
#define TP_REF_H

#include <stdint.h>

int32_t ref_srdhm(int32_t a, int32_t b);
int32_t ref_rdbpot(int32_t x, int exponent);
int32_t ref_requantize(int32_t acc, int32_t multiplier, int32_t shift);
/** requantize, add the output zero point, clamp to [lo, hi]. */
int8_t ref_output_s8(int64_t acc, int32_t multiplier, int32_t shift, int32_t zero_point, int32_t lo,
                     int32_t hi);
/** A random valid Q31 multiplier in [2^30, 2^31). */
int32_t ref_random_multiplier(void);

#endif /* TP_REF_H */
