/*
 * fuzz_bootloader.c - libFuzzer target for the resident bootloader's AN3155 command parser: the
 * input is the byte stream a host sends; bl_main.c's loop (built as bl_main_loop) reads it through
 * the fuzzing port. Besides the sanitizers, every input must leave these true:
 *   - flash is programmed and erased only inside the application region;
 *   - the bootloader's own region and SRAM (read-only to the host) are unchanged afterwards;
 *   - Go starts only an image inside the application region that carries the TPIM record.
 */
#include <stdint.h>
#include <string.h>
#include "bl_commands.h"
#include "board_config.h"
#include "fuzz_port.h"
#include "tp_image.h"

#define APP_START (TP_BOARD_CODE_BASE + FUZZ_BOOT_BYTES)
#define APP_END   (TP_BOARD_CODE_BASE + TP_BOARD_FLASH_BYTES)

int bl_main_loop(void);
int __real_tp_flash_erase(uint32_t addr, uint32_t length);
int __real_tp_flash_program(uint32_t addr, const uint8_t *data, uint32_t length);

/* The application region is reset to erased (0xFF) before each input; only what was programmed
 * since needs it: erasing leaves the reset state. */
static uint32_t g_dirty_start = APP_START;
static uint32_t g_dirty_end = APP_END;

static uint8_t pattern(uint32_t address)
{
    return (uint8_t)(address * 2654435761u >> 24);
}

static void check_app_range(const char *what, uint32_t addr, uint32_t length)
{
    if (addr < APP_START || addr >= APP_END || length > APP_END - addr) {
        fuzz_port_fail(what);
    }
}

int __wrap_tp_flash_erase(uint32_t addr, uint32_t length)
{
    check_app_range("erase outside the application region", addr, length);
    return __real_tp_flash_erase(addr, length);
}

int __wrap_tp_flash_program(uint32_t addr, const uint8_t *data, uint32_t length)
{
    check_app_range("write outside the application region", addr, length);
    g_dirty_start = addr < g_dirty_start ? addr : g_dirty_start;
    g_dirty_end = addr + length > g_dirty_end ? addr + length : g_dirty_end;
    return __real_tp_flash_program(addr, data, length);
}

void bl_jump_to(uint32_t image)
{
    check_app_range("Go outside the application region", image, TP_IMAGE_MIN_LENGTH);
    if (tp_image_word((const uint8_t *)(uintptr_t)image, TP_IMAGE_MAGIC_OFFSET) != TP_IMAGE_MAGIC) {
        fuzz_port_fail("Go to an image without its integrity record");
    }
    fuzz_port_stop(FUZZ_END_JUMP);
}

static uint8_t g_boot_copy[FUZZ_BOOT_BYTES];
static uint8_t g_ram_copy[FUZZ_RAM_BYTES];

static void reset_memory(void)
{
    static int filled;
    if (!filled) {
        for (uint32_t i = 0; i < FUZZ_BOOT_BYTES; i++) {
            g_boot_copy[i] = pattern(TP_BOARD_CODE_BASE + i);
        }
        for (uint32_t i = 0; i < FUZZ_RAM_BYTES; i++) {
            g_ram_copy[i] = pattern(FUZZ_RAM_BASE + i);
        }
        filled = 1;
    }
    memcpy((uint8_t *)(uintptr_t)TP_BOARD_CODE_BASE, g_boot_copy, FUZZ_BOOT_BYTES);
    if (g_dirty_end > g_dirty_start) {
        memset((uint8_t *)(uintptr_t)g_dirty_start, 0xFF, g_dirty_end - g_dirty_start);
    }
    g_dirty_start = APP_END;
    g_dirty_end = APP_START;
    memcpy((uint8_t *)(uintptr_t)FUZZ_RAM_BASE, g_ram_copy, FUZZ_RAM_BYTES);
}

static void check_unchanged(uint32_t base, const uint8_t *copy, uint32_t bytes, const char *what)
{
    if (memcmp((const uint8_t *)(uintptr_t)base, copy, bytes) != 0) {
        fuzz_port_fail(what);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_port_map();
    reset_memory();
    fuzz_port_run(bl_main_loop, data, size);
    check_unchanged(TP_BOARD_CODE_BASE, g_boot_copy, FUZZ_BOOT_BYTES,
                    "the bootloader's own region changed");
    check_unchanged(FUZZ_RAM_BASE, g_ram_copy, FUZZ_RAM_BYTES, "SRAM changed");
    return 0;
}
