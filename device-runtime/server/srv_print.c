/*
 * srv_print.c - output helpers of the benchmark server.
 */
#include "srv_print.h"
#include "srv_crc.h"
#include "tp_uart.h"

/* Running CRC-32 state of every byte sent since srv_crc_begin(). */
static uint32_t g_reply_crc = SRV_CRC_INIT;

/* The one way out to the UART: every byte also enters the reply CRC (one copy of it: not inlined).
 */
__attribute__((noinline)) static void put(uint8_t c)
{
    g_reply_crc = srv_crc_update(g_reply_crc, c);
    tp_uart_putc(c);
}

void srv_puts(const char *s)
{
    while (*s) {
        put((uint8_t)*s++);
    }
}

void srv_put_u64(uint64_t v)
{
    char digits[21];
    int n = 0;
    do {
        digits[n++] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0);
    while (n > 0) {
        put((uint8_t)digits[--n]);
    }
}

void srv_put_i32(int32_t v)
{
    if (v < 0) {
        put('-');
        srv_put_u64((uint64_t)(-(int64_t)v));
    } else {
        srv_put_u64((uint64_t)v);
    }
}

void srv_put_hex8(uint8_t v)
{
    static const char k_hex[] = "0123456789abcdef";
    put((uint8_t)k_hex[v >> 4]);
    put((uint8_t)k_hex[v & 0xFu]);
}

__attribute__((noinline)) void srv_put_hex32_digits(uint32_t v)
{
    for (int shift = 24; shift >= 0; shift -= 8) {
        srv_put_hex8((uint8_t)(v >> shift));
    }
}

void srv_put_hex32(uint32_t v)
{
    srv_puts("0x");
    srv_put_hex32_digits(v);
}

void srv_put_fixed(float v, unsigned decimals)
{
    /* Single precision and 32-bit integers only (a float-to-int64 conversion would pull in
     * software double arithmetic); |v| * 10^decimals is clamped to 2e9. */
    uint32_t unit = 1u;
    decimals = decimals > 6u ? 6u : decimals;
    for (unsigned i = 0; i < decimals; i++) {
        unit *= 10u;
    }
    float scaled = v * (float)unit;
    scaled = scaled > 2e9f ? 2e9f : (scaled < -2e9f ? -2e9f : scaled);
    int32_t fixed = (int32_t)(scaled + (scaled < 0 ? -0.5f : 0.5f));
    if (fixed < 0) {
        put('-');
        fixed = -fixed;
    }
    srv_put_u64((uint32_t)fixed / unit);
    if (decimals == 0u) {
        return;
    }
    put('.');
    uint32_t frac = (uint32_t)fixed % unit;
    for (uint32_t digit = unit / 10u; digit > 0u; digit /= 10u) {
        put((uint8_t)('0' + frac / digit % 10u));
    }
}

void srv_put_fixed3(float v)
{
    srv_put_fixed(v, 3u);
}

void srv_endl(void)
{
    srv_puts("\r\n");
}

void srv_line_u64(const char *key, uint64_t v)
{
    srv_puts("m-");
    srv_puts(key);
    srv_puts("-[");
    srv_put_u64(v);
    srv_puts("]\r\n");
}

void srv_line_str(const char *key, const char *text)
{
    srv_puts("m-");
    srv_puts(key);
    srv_puts("-[");
    srv_puts(text);
    srv_puts("]\r\n");
}

void srv_error(const char *text)
{
    srv_puts("e-[");
    srv_puts(text);
    srv_puts("]\r\n");
}

void srv_crc_begin(void)
{
    g_reply_crc = SRV_CRC_INIT;
}

void srv_crc_line(void)
{
    uint32_t crc = srv_crc_final(g_reply_crc);
    srv_puts("m-tp-crc-[");
    srv_put_hex32_digits(crc);
    srv_puts("]\r\n");
}
