/*
 * srv_crc.c - bitwise CRC-32 (see srv_crc.h); builds for the host (unit test) and for Cortex-M.
 */
#include "srv_crc.h"

__attribute__((noinline)) uint32_t srv_crc_update(uint32_t state, uint8_t byte)
{
    state ^= byte;
    for (int bit = 0; bit < 8; bit++) {
        /* Shift right; when the bit shifted out was 1, add (XOR) the reflected polynomial. */
        state = (state >> 1) ^ (0xEDB88320u & (0u - (state & 1u)));
    }
    return state;
}

uint32_t srv_crc32(const uint8_t *data, uint32_t length)
{
    uint32_t state = SRV_CRC_INIT;
    for (uint32_t i = 0; i < length; i++) {
        state = srv_crc_update(state, data[i]);
    }
    return srv_crc_final(state);
}
