/* Minimal test harness: see tp_test.h. */
#include "tp_test.h"

#include <stdarg.h>
#include <stdio.h>

#include "port/tp_test_port.h"

enum { TP_TEST_MAX_REPORTED = 10 };

static const char *tp_name = "unnamed";
static uint64_t tp_state = 1;
static long tp_checks;
static long tp_failures;

void tp_test_begin(const char *name, uint64_t seed)
{
    tp_name = name;
    tp_state = seed != 0 ? seed : 0x9E3779B97F4A7C15ull;
    tp_checks = 0;
    tp_failures = 0;
}

void tp_test_log(const char *fmt, ...)
{
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    tp_test_port_write(line);
    tp_test_port_write("\n");
}

int tp_test_check(int ok, const char *file, int line, const char *fmt, ...)
{
    tp_checks++;
    if (ok) {
        return 1;
    }
    if (tp_failures++ < TP_TEST_MAX_REPORTED) {
        char msg[200];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        tp_test_log("%s:%d: check failed: %s", file, line, msg);
    }
    return 0;
}

int tp_test_end(void)
{
    if (tp_failures == 0 && tp_checks > 0) {
        tp_test_log("%ld checks passed", tp_checks);
        tp_test_log("TP_TEST_PASS %s", tp_name);
        return 0;
    }
    tp_test_log("TP_TEST_FAIL %s %ld of %ld checks failed", tp_name, tp_failures, tp_checks);
    return 1;
}

uint32_t tp_rand_u32(void)
{
    /* xorshift64* */
    tp_state ^= tp_state >> 12;
    tp_state ^= tp_state << 25;
    tp_state ^= tp_state >> 27;
    return (uint32_t)((tp_state * 0x2545F4914F6CDD1Dull) >> 32);
}

int32_t tp_rand_range(int32_t lo, int32_t hi)
{
    const uint64_t span = (uint64_t)((int64_t)hi - lo + 1);
    return (int32_t)(lo + (int64_t)(tp_rand_u32() % span));
}

float tp_rand_float(float lo, float hi)
{
    return lo + (hi - lo) * (float)(tp_rand_u32() >> 8) * (1.0f / 16777216.0f);
}

void tp_fill_s8(int8_t *dst, int32_t n, int32_t lo, int32_t hi)
{
    for (int32_t i = 0; i < n; i++) {
        dst[i] = (int8_t)tp_rand_range(lo, hi);
    }
}
