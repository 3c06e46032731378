/*
 * Compiler and instruction-set quirks, in one place: debug asserts, unaligned loads, and the
 * Cortex-M DSP intrinsics (ACLE, <arm_acle.h>) used by the dual 16-bit MAC paths.
 */
#ifndef TP_COMPILER_H
#define TP_COMPILER_H

#include <stddef.h>
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
/* SXTB16 / SXTAB16 of the word rotated right by 8: bytes 1 and 3 as an int16 pair. GCC 12 does
 * not fold a rotate into the intrinsic's operand, so the rotated forms are written in asm. */
static inline int32_t tp_sxtb16_ror8(int32_t x)
{
    int32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
    return r;
}

static inline int32_t tp_sxtab16_ror8(int32_t acc, int32_t x)
{
    int32_t r;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(acc), "r"(x));
    return r;
}
#else
#define TP_USE_DSP 0
#endif

/* The hand-scheduled inline-asm MAC loops need 13-14 free registers, which GCC only provides
 * when optimising for speed (at -O0 r7 is the frame pointer; at -Os it keeps more values live).
 * Elsewhere, or with -DTP_NO_INLINE_ASM, the intrinsic form compiles instead: same results,
 * more instructions. */
#if TP_USE_DSP && defined(__OPTIMIZE__) && !defined(__OPTIMIZE_SIZE__) && !defined(TP_NO_INLINE_ASM)
#define TP_USE_ASM_LOOPS 1
#else
#define TP_USE_ASM_LOOPS 0
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

/** Four int16 values from a 4-byte aligned address as two words (one LDRD on Cortex-M). */
static inline void tp_read_s16x4_aligned(const int16_t *p, int32_t *lo, int32_t *hi)
{
    const int16_t *q = (const int16_t *)__builtin_assume_aligned(p, 4);
    int32_t v[2];
    memcpy(v, q, sizeof(v));
    *lo = v[0];
    *hi = v[1];
}

static inline void tp_write_s16x2(int16_t *p, int32_t v)
{
    memcpy(p, &v, sizeof(v));
}

/** floor((x * m + 2^30) / 2^31) for m >= 0: the rounding doubling high multiply without its
 * saturating case. One SMLAL plus a funnel shift on Thumb-2; GCC 12 otherwise emits a longer
 * UMULL/MLA sequence when the product is reused. */
static inline int32_t tp_mul_q31_round(int32_t x, int32_t m)
{
#if defined(__ARM_ARCH_7EM__) || defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_8M_MAIN__)
    uint32_t lo = 0x40000000u;
    int32_t hi = 0;
    __asm__("smlal %0, %1, %2, %3" : "+r"(lo), "+r"(hi) : "r"(x), "r"(m));
    return (int32_t)((lo >> 31) | ((uint32_t)hi << 1));
#else
    return (int32_t)(((int64_t)x * m + ((int64_t)1 << 30)) >> 31);
#endif
}

/** Packs a 16-bit value into both halves of a word (for the SXTAB16 offset operand). */
static inline int32_t tp_dup_s16(int32_t v)
{
    return (int32_t)(((uint32_t)v & 0xFFFFu) | ((uint32_t)v << 16));
}

#endif /* TP_COMPILER_H */
