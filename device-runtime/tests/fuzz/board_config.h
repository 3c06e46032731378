/*
 * board_config.h - the host stand-in board of the fuzzing port: qemu-m4's facts and STM32F446
 * sector geometry, with code memory moved to 0x10000000 (the port maps it there; address 0 cannot
 * be mapped in a host process). SRAM stays at 0x20000000.
 */
#ifndef BOARD_CONFIG_H
#define BOARD_CONFIG_H

#define TP_BOARD_NAME        "fuzz-host"
#define TP_BOARD_CORE        "cortex-m4"
#define TP_BOARD_CORE_HZ     25000000u
#define TP_BOARD_CHIP_ID     0x0421u
#define TP_BOARD_CODE_BASE   0x10000000u
#define TP_BOARD_FLASH_BYTES (512u * 1024u)
#define TP_BOARD_FLASH_SECTORS                                                                     \
    {                                                                                              \
        0x4000u, 0x4000u, 0x4000u, 0x4000u, 0x10000u, 0x20000u, 0x20000u, 0x20000u                 \
    }

/* The bootloader's region (sector 0) and the SRAM window, as the linker symbols give them. */
#define FUZZ_BOOT_BYTES 0x4000u
#define FUZZ_RAM_BASE   0x20000000u
#define FUZZ_RAM_BYTES  0x1000u

#endif /* BOARD_CONFIG_H */
