/*
 * bl_memory.c - address windows, region rules and the image integrity check of the bootloader.
 */
#include "bl_memory.h"
#include "tp_flash.h"
#include "tp_image.h"

/* Linker symbols of the bootloader's own script (boards/common/sections.ld). */
extern uint8_t __tp_flash_region_end[];
extern uint8_t __tp_ram_start[];
extern uint8_t __tp_ram_end[];

uint32_t bl_app_start(void)
{
    return (uint32_t)__tp_flash_region_end;
}

uint32_t bl_app_end(void)
{
    return tp_flash_base() + tp_flash_size();
}

static int inside(uint32_t address, uint32_t length, uint32_t start, uint32_t end)
{
    return address >= start && address < end && length <= end - address;
}

bl_region bl_memory_map(uint32_t address, uint32_t length, uint32_t *physical)
{
    uint32_t base = tp_flash_base();
    uint32_t size = tp_flash_size();
    uint32_t phys = address;
    if (inside(address, length, BL_STM32_FLASH_WINDOW, BL_STM32_FLASH_WINDOW + size)) {
        phys = base + (address - BL_STM32_FLASH_WINDOW);
    }
    *physical = phys;
    if (inside(phys, length, base, bl_app_start())) {
        return BL_REGION_BOOT;
    }
    if (inside(phys, length, bl_app_start(), bl_app_end())) {
        return BL_REGION_APP;
    }
    if (inside(phys, length, (uint32_t)__tp_ram_start, (uint32_t)__tp_ram_end)) {
        return BL_REGION_RAM;
    }
    return BL_REGION_NONE;
}

int bl_page_range(uint32_t page, uint32_t *physical, uint32_t *length)
{
    uint32_t at = tp_flash_base();
    for (uint32_t i = 0; i < page; i++) {
        uint32_t size = tp_flash_sector_size(i);
        if (size == 0) {
            return -1;
        }
        at += size;
    }
    uint32_t size = tp_flash_sector_size(page);
    if (size == 0) {
        return -1;
    }
    *physical = at;
    *length = size;
    return 0;
}

int bl_image_valid(uint32_t at)
{
    if (at < bl_app_start() || at >= bl_app_end() || bl_app_end() - at < TP_IMAGE_MIN_LENGTH) {
        return 0;
    }
    const uint8_t *image = (const uint8_t *)at;
    uint32_t length = tp_image_word(image, TP_IMAGE_LENGTH_OFFSET);
    if (tp_image_word(image, TP_IMAGE_MAGIC_OFFSET) != TP_IMAGE_MAGIC ||
        length < TP_IMAGE_MIN_LENGTH || length > bl_app_end() - at) {
        return 0;
    }
    return tp_image_crc(image, length) == tp_image_word(image, TP_IMAGE_CRC_OFFSET);
}
