/*
 * Compiler and instruction-set quirks, in one place: debug asserts, unaligned loads, and the
 * Cortex-M DSP intrinsics (ACLE, <arm_acle.h>) used by the dual 16-bit MAC paths.
 */
#ifndef TP_COMPILER_H
#define TP_COMPILER_H

#include <stdint.h>
#include <string.h>

#ifdef TP_DEBUG
#include <assert.h>
#define TP_ASSERT(cond) assert(cond)
#else
#define TP_ASSERT(cond) ((void)0)
#endif

#if defined(__ARM_FEATURE_DSP) && (__ARM_FEATURE_DSP == 1)
#include <arm_acle.h>
#define TP_USE_DSP 1
/* Rotate right; GCC's arm_acle.h (12.x) lacks __ror. The compiler folds a rotate by 8 into the
 * rotation operand of SXTB16 / SXTAB16, so it costs no instruction. */
static inline uint32_t tp_ror(uint32_t x, uint32_t n)
{
    return (x >> n) | (x << ((32u - n) & 31u));
}
#else
#define TP_USE_DSP 0
#endif

/** Four int8 values as one little-endian word (one LDR on Cortex-M, unaligned allowed). */
static inline int32_t tp_read_s8x4(const int8_t *p)
{
    int32_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

/** Two int16 values as one little-endian word. */
static inline int32_t tp_read_s16x2(const int16_t *p)
{
    int32_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static inline void tp_write_s16x2(int16_t *p, int32_t v)
{
    memcpy(p, &v, sizeof(v));
}

/** Packs a 16-bit value into both halves of a word (for the SXTAB16 offset operand). */
static inline int32_t tp_dup_s16(int32_t v)
{
    return (int32_t)(((uint32_t)v & 0xFFFFu) | ((uint32_t)v << 16));
}

#endif /* TP_COMPILER_H */
