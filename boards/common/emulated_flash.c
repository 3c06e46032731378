/*
 * emulated_flash.c - tp_flash.h for QEMU boards, whose code memory is plain RAM.
 *
 * Sector geometry imitates the STM32 the board stands for (TP_BOARD_FLASH_SECTORS, a brace list of
 * sector sizes, or TP_BOARD_FLASH_PAGE_BYTES for uniform pages), so AN3155 page numbers erase the
 * same address ranges they would on that part.
 */
#include <string.h>
#include "tp_flash.h"
#include "board_config.h"

#if defined(TP_BOARD_FLASH_SECTORS)
static const uint32_t k_sectors[] = TP_BOARD_FLASH_SECTORS;
#define SECTOR_COUNT (sizeof(k_sectors) / sizeof(k_sectors[0]))
#endif

uint32_t tp_flash_base(void)
{
    return TP_BOARD_CODE_BASE;
}

uint32_t tp_flash_size(void)
{
    return TP_BOARD_FLASH_BYTES;
}

uint32_t tp_flash_sector_size(uint32_t index)
{
#if defined(TP_BOARD_FLASH_SECTORS)
    return index < SECTOR_COUNT ? k_sectors[index] : 0u;
#else
    return index < TP_BOARD_FLASH_BYTES / TP_BOARD_FLASH_PAGE_BYTES ? TP_BOARD_FLASH_PAGE_BYTES
                                                                    : 0u;
#endif
}

int tp_flash_erase(uint32_t addr, uint32_t length)
{
    memset((void *)addr, 0xFF, length);
    return 0;
}

int tp_flash_program(uint32_t addr, const uint8_t *data, uint32_t length)
{
    memcpy((void *)addr, data, length);
    return 0;
}
