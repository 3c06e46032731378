/*
 * bl_link.h - byte-level AN3155 framing for the resident bootloader: ACK/NACK, reads with an
 * inter-byte timeout, address frames with their XOR checksum.
 */
#ifndef BL_LINK_H
#define BL_LINK_H

#include <stdint.h>

#define BL_ACK  0x79u
#define BL_NACK 0x1Fu
#define BL_SYNC 0x7Fu

/* Milliseconds of silence after which a half-received command is abandoned. */
#define BL_BYTE_TIMEOUT_MS 500u

void bl_link_init(void);
void bl_send(uint8_t byte);
void bl_ack(void);
void bl_nack(void);

/* Next byte, or -1 when BL_BYTE_TIMEOUT_MS pass without one. */
int bl_recv(void);

/* Reads `n` bytes into `buf`; returns 0, or -1 on timeout. */
int bl_recv_n(uint8_t *buf, uint32_t n);

/* Reads a 4-byte big-endian address and its XOR checksum. Returns 0 when the checksum holds,
 * 1 when it does not, -1 on timeout. */
int bl_recv_address(uint32_t *address);

#endif /* BL_LINK_H */
