/*
 * tp_flash.h - program memory of the platform seam, used by the resident bootloader.
 *
 * Addresses are physical addresses of code memory. The board describes its sector geometry so that
 * AN3155 page numbers mean what they mean on the STM32 the board imitates. Callers (the
 * bootloader) check regions; these functions only do the work.
 */
#ifndef TP_FLASH_H
#define TP_FLASH_H

#include <stdint.h>

/* Physical address of the first byte of code memory (sector 0). */
uint32_t tp_flash_base(void);

/* Size of code memory in bytes (all sectors, bootloader included). */
uint32_t tp_flash_size(void);

/* Size in bytes of sector `index`, or 0 when `index` is past the last sector. */
uint32_t tp_flash_sector_size(uint32_t index);

/* Sets `length` bytes from physical address `addr` to the erased value 0xFF. Returns 0 on
 * success, -1 on a hardware error. */
int tp_flash_erase(uint32_t addr, uint32_t length);

/* Programs `length` bytes at physical address `addr`. Returns 0 on success, -1 on error. */
int tp_flash_program(uint32_t addr, const uint8_t *data, uint32_t length);

#endif /* TP_FLASH_H */
