/*
 * tp_image.h - the application image integrity record shared by the stamp tool (host) and the
 * resident bootloader (device).
 *
 * An image starts with its Cortex-M vector table. Words 8, 9 and 10 of that table are reserved by
 * the architecture; tinyprune stores there, little-endian:
 *   +0x20  TP_IMAGE_MAGIC ("TPIM")
 *   +0x24  image length in bytes, from the first vector to the last loaded byte (.data's copy)
 *   +0x28  CRC-32 (IEEE 802.3 / zlib: reflected polynomial 0xEDB88320, initial value and final
 *          XOR 0xFFFFFFFF) over bytes [0, length) with the four CRC bytes counted as zero.
 */
#ifndef TP_IMAGE_H
#define TP_IMAGE_H

#include <stdint.h>

#define TP_IMAGE_MAGIC         0x4D495054u /* bytes 'T' 'P' 'I' 'M' */
#define TP_IMAGE_MAGIC_OFFSET  0x20u
#define TP_IMAGE_LENGTH_OFFSET 0x24u
#define TP_IMAGE_CRC_OFFSET    0x28u
#define TP_IMAGE_MIN_LENGTH    0x40u /* at least the system vectors */

/* zlib-compatible CRC-32: pass 0 to start, the previous result to continue. */
uint32_t tp_crc32(uint32_t crc, const uint8_t *data, uint32_t length);

/* CRC-32 of image[0, length) with the CRC word taken as zero. length >= TP_IMAGE_MIN_LENGTH. */
uint32_t tp_image_crc(const uint8_t *image, uint32_t length);

/* Little-endian 32-bit word of `image` at byte `offset`. */
uint32_t tp_image_word(const uint8_t *image, uint32_t offset);

#endif /* TP_IMAGE_H */
