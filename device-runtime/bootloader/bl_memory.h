/*
 * bl_memory.h - the bootloader's view of memory: which host addresses exist, where they are, and
 * which of them a host may change.
 *
 * Host addresses are accepted in three windows: code memory at its physical address, the same
 * memory through the STM32 flash window at 0x08000000 (as a Nucleo's flash, so stock AN3155
 * tools that assume it work), and SRAM. Code memory splits into the bootloader's own region,
 * which is never written or erased, and the application region after it.
 */
#ifndef BL_MEMORY_H
#define BL_MEMORY_H

#include <stdint.h>

#define BL_STM32_FLASH_WINDOW 0x08000000u

typedef enum {
    BL_REGION_NONE = 0, /* unmapped, or the range straddles regions */
    BL_REGION_BOOT,     /* the bootloader itself: read-only */
    BL_REGION_APP,      /* application code memory: read, write, erase */
    BL_REGION_RAM       /* SRAM: read-only to the host */
} bl_region;

/* Classifies host range [address, address + length) and gives its physical address. */
bl_region bl_memory_map(uint32_t address, uint32_t length, uint32_t *physical);

/* Physical bounds of the application region. */
uint32_t bl_app_start(void);
uint32_t bl_app_end(void);

/* Physical range of flash page (sector) `page`; returns 0, or -1 past the last page. */
int bl_page_range(uint32_t page, uint32_t *physical, uint32_t *length);

/* 1 when the image at physical address `at` carries a matching integrity record. */
int bl_image_valid(uint32_t at);

#endif /* BL_MEMORY_H */
