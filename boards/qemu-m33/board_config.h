/*
 * board_config.h - qemu-m33: QEMU mps2-an505 (Cortex-M33, secure state) standing in for an
 * STM32L552.
 *
 * The core runs secure, so code memory (SSRAM1) is used through its secure alias 0x10000000, SRAM
 * (SSRAM2) through 0x38000000 and UART0 through 0x50200000. The first 16 KiB of code memory (8
 * STM32L552 pages of 2 KiB) hold the resident bootloader; the application follows at 0x10004000.
 */
#ifndef BOARD_CONFIG_H
#define BOARD_CONFIG_H

#define TP_BOARD_NAME      "qemu-m33"
#define TP_BOARD_CORE      "cortex-m33"
#define TP_BOARD_CORE_HZ   20000000u /* AN505 SYSCLK */
#define TP_BOARD_IRQ_COUNT 96
#define TP_BOARD_CHIP_ID   0x0472u /* STM32L552xx/562xx */
/* The profile's emulator.uart_base, when tinyprune builds (-DTP_BOARD_UART_BASE), else the
 * machine's. */
#ifndef TP_BOARD_UART_BASE
#define TP_BOARD_UART_BASE 0x50200000u /* CMSDK UART0, secure alias */
#endif
#define TP_BOARD_UART_RX_IRQ      32 /* UART0 receive (SSE-200 expansion IRQ 0) */
#define TP_BOARD_CODE_BASE        0x10000000u
#define TP_BOARD_FLASH_BYTES      (512u * 1024u)
#define TP_BOARD_FLASH_PAGE_BYTES 2048u

#endif /* BOARD_CONFIG_H */
