/*
 * Minimal test harness shared by the kernel tests: seeded random numbers, checks that count
 * failures and report the first few, and the fixed sentinel line "TP_TEST_PASS <name>" printed
 * only when every check passed (so the same binary can be judged on a host, emulator or board).
 */
#ifndef TP_TEST_H
#define TP_TEST_H

#include <stdint.h>

void tp_test_begin(const char *name, uint64_t seed);
/** Prints the sentinel (or TP_TEST_FAIL <name> <count>) and returns the process exit code. */
int tp_test_end(void);

/** Records one check; prints file:line and the message for the first failures. */
int tp_test_check(int ok, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define TP_CHECK(cond, ...) tp_test_check((cond) ? 1 : 0, __FILE__, __LINE__, __VA_ARGS__)

/** printf-style line to the test console. */
void tp_test_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Seeded xorshift generator: uniform 32-bit value, and an integer in [lo, hi]. */
uint32_t tp_rand_u32(void);
int32_t tp_rand_range(int32_t lo, int32_t hi);
/** Uniform float in [lo, hi). */
float tp_rand_float(float lo, float hi);
void tp_fill_s8(int8_t *dst, int32_t n, int32_t lo, int32_t hi);

#endif /* TP_TEST_H */
