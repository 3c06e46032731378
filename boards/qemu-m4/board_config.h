/*
 * board_config.h - qemu-m4: QEMU mps2-an386 (Cortex-M4F) standing in for an STM32F446RE.
 *
 * Code memory (SSRAM1, writable in QEMU) at 0x00000000; the first 16 KiB (STM32F446 sector 0)
 * hold the resident bootloader, the application follows at 0x00004000. SRAM at 0x20000000.
 */
#ifndef BOARD_CONFIG_H
#define BOARD_CONFIG_H

#define TP_BOARD_NAME      "qemu-m4"
#define TP_BOARD_CORE      "cortex-m4"
#define TP_BOARD_CORE_HZ   25000000u /* MPS2 SYSCLK */
#define TP_BOARD_IRQ_COUNT 48
#define TP_BOARD_CHIP_ID   0x0421u /* STM32F446xx */
/* The profile's emulator.uart_base, when tinyprune builds (-DTP_BOARD_UART_BASE), else the
 * machine's. */
#ifndef TP_BOARD_UART_BASE
#define TP_BOARD_UART_BASE 0x40004000u /* CMSDK UART0 */
#endif
#define TP_BOARD_UART_RX_IRQ 0 /* UART0 receive */
#define TP_BOARD_CODE_BASE   0x00000000u
#define TP_BOARD_FLASH_BYTES (512u * 1024u)
/* STM32F446 sectors: 4 x 16 KiB, 64 KiB, 3 x 128 KiB. */
#define TP_BOARD_FLASH_SECTORS                                                                     \
    {                                                                                              \
        0x4000u, 0x4000u, 0x4000u, 0x4000u, 0x10000u, 0x20000u, 0x20000u, 0x20000u                 \
    }

#endif /* BOARD_CONFIG_H */
