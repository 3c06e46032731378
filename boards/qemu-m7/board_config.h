/*
 * board_config.h - qemu-m7: QEMU mps2-an500 (Cortex-M7) standing in for an STM32F746.
 *
 * Code memory (SSRAM1, writable in QEMU) at 0x00000000; the first 32 KiB (STM32F746 sector 0)
 * hold the resident bootloader, the application follows at 0x00008000. SRAM at 0x20000000.
 */
#ifndef BOARD_CONFIG_H
#define BOARD_CONFIG_H

#define TP_BOARD_NAME      "qemu-m7"
#define TP_BOARD_CORE      "cortex-m7"
#define TP_BOARD_CORE_HZ   25000000u /* MPS2 SYSCLK */
#define TP_BOARD_IRQ_COUNT 48
#define TP_BOARD_CHIP_ID   0x0449u /* STM32F74xxx/75xxx */
/* The profile's emulator.uart_base, when tinyprune builds (-DTP_BOARD_UART_BASE), else the
 * machine's. */
#ifndef TP_BOARD_UART_BASE
#define TP_BOARD_UART_BASE 0x40004000u /* CMSDK UART0 */
#endif
#define TP_BOARD_UART_RX_IRQ 0 /* UART0 receive */
#define TP_BOARD_CODE_BASE   0x00000000u
#define TP_BOARD_FLASH_BYTES (1024u * 1024u)
/* STM32F746 sectors: 4 x 32 KiB, 128 KiB, 3 x 256 KiB. */
#define TP_BOARD_FLASH_SECTORS                                                                     \
    {                                                                                              \
        0x8000u, 0x8000u, 0x8000u, 0x8000u, 0x20000u, 0x40000u, 0x40000u, 0x40000u                 \
    }

#endif /* BOARD_CONFIG_H */
