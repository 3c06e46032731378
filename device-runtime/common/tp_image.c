/*
 * tp_image.c - CRC-32 and integrity-record helpers; builds for the host and for Cortex-M.
 */
#include "tp_image.h"

/* Reflected CRC-32 nibble table for polynomial 0xEDB88320. */
static const uint32_t k_crc_nibble[16] = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u,
    0x4DB26158u, 0x5005713Cu, 0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu,
    0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu,
};

uint32_t tp_crc32(uint32_t crc, const uint8_t *data, uint32_t length)
{
    crc = ~crc;
    for (uint32_t i = 0; i < length; i++) {
        crc ^= data[i];
        crc = (crc >> 4) ^ k_crc_nibble[crc & 0xFu];
        crc = (crc >> 4) ^ k_crc_nibble[crc & 0xFu];
    }
    return ~crc;
}

uint32_t tp_image_crc(const uint8_t *image, uint32_t length)
{
    static const uint8_t zero[4] = {0, 0, 0, 0};
    uint32_t crc = tp_crc32(0, image, TP_IMAGE_CRC_OFFSET);
    crc = tp_crc32(crc, zero, 4);
    return tp_crc32(crc, image + TP_IMAGE_CRC_OFFSET + 4u, length - TP_IMAGE_CRC_OFFSET - 4u);
}

uint32_t tp_image_word(const uint8_t *image, uint32_t offset)
{
    return (uint32_t)image[offset] | ((uint32_t)image[offset + 1] << 8) |
           ((uint32_t)image[offset + 2] << 16) | ((uint32_t)image[offset + 3] << 24);
}
