/* Independent reference arithmetic: see tp_ref.h. */
#include "tp_ref.h"

#include <math.h>

#include "tp_test.h"

int32_t ref_srdhm(int32_t a, int32_t b)
{
    const int overflow = a == b && a == INT32_MIN;
    const int64_t ab = (int64_t)a * (int64_t)b;
    const int64_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
    const int32_t high = (int32_t)((ab + nudge) / (int64_t)(1ll << 31));
    return overflow ? INT32_MAX : high;
}

int32_t ref_rdbpot(int32_t x, int exponent)
{
    return (int32_t)round((double)x / ldexp(1.0, exponent));
}

int32_t ref_requantize(int32_t acc, int32_t multiplier, int32_t shift)
{
    /* x * 2^shift for shift > 0, wrapping like two's-complement hardware */
    const int32_t scaled = shift > 0 ? (int32_t)(uint32_t)((uint64_t)(int64_t)acc << shift) : acc;
    return ref_rdbpot(ref_srdhm(scaled, multiplier), shift > 0 ? 0 : -shift);
}

int8_t ref_output_s8(int64_t acc, int32_t multiplier, int32_t shift, int32_t zero_point, int32_t lo,
                     int32_t hi)
{
    int64_t q = (int64_t)ref_requantize((int32_t)acc, multiplier, shift) + zero_point;
    if (q < lo) {
        q = lo;
    }
    if (q > hi) {
        q = hi;
    }
    return (int8_t)q;
}

int32_t ref_random_multiplier(void)
{
    return (int32_t)(0x40000000u + (tp_rand_u32() & 0x3FFFFFFFu));
}
