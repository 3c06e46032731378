/*
 * srv_print.h - formatted output for the benchmark server without printf (no heap, no newlib
 * stdio): strings, unsigned decimals, hex and fixed-point numbers straight to the platform UART.
 */
#ifndef SRV_PRINT_H
#define SRV_PRINT_H

#include <stdint.h>

void srv_puts(const char *s);
void srv_put_u64(uint64_t v);
void srv_put_i32(int32_t v);
void srv_put_hex8(uint8_t v);                   /* two lowercase hex digits */
void srv_put_hex32(uint32_t v);                 /* "0x" and eight lowercase hex digits */
void srv_put_hex32_digits(uint32_t v);          /* eight lowercase hex digits */
void srv_put_fixed(float v, unsigned decimals); /* v rounded to 0..6 decimals, e.g. 0.031250 */
void srv_put_fixed3(float v);                   /* v with three decimals, e.g. -1.250 */
void srv_endl(void);                            /* "\r\n" */

/* One "m-<key>-[<decimal>]\r\n" line. */
void srv_line_u64(const char *key, uint64_t v);
/* One "m-<key>-[<text>]\r\n" line. */
void srv_line_str(const char *key, const char *text);
/* One "e-[<text>]\r\n" line. */
void srv_error(const char *text);

/* Integrity of tinyprune's replies: every byte the helpers above send enters a running CRC-32
 * (srv_crc.h). srv_crc_begin() restarts it; srv_crc_line() prints "m-tp-crc-[xxxxxxxx]\r\n", the
 * CRC-32 of exactly the bytes sent since, as eight lowercase hex digits. */
void srv_crc_begin(void);
void srv_crc_line(void);

#endif /* SRV_PRINT_H */
