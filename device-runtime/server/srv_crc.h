/*
 * srv_crc.h - CRC-32 (IEEE 802.3: reflected polynomial 0xEDB88320, initial value and final XOR
 * 0xFFFFFFFF; zlib's crc32) for the benchmark server's integrity lines. Bitwise, without a table:
 * replies are short and the UART is far slower than eight shifts per byte.
 *
 * The running state is kept inverted: start from SRV_CRC_INIT, feed bytes with srv_crc_update(),
 * and take srv_crc_final() of it (CRC-32 of no bytes is 0).
 */
#ifndef SRV_CRC_H
#define SRV_CRC_H

#include <stdint.h>

#define SRV_CRC_INIT 0xFFFFFFFFu

/* Feeds one byte into a running state. */
uint32_t srv_crc_update(uint32_t state, uint8_t byte);

/* The CRC-32 of the bytes fed into `state`. */
static inline uint32_t srv_crc_final(uint32_t state)
{
    return ~state;
}

/* CRC-32 of `length` bytes. */
uint32_t srv_crc32(const uint8_t *data, uint32_t length);

#endif /* SRV_CRC_H */
