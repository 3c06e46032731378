/*
 * board_config.h - nucleo-f767zi: STM32F767ZI (Cortex-M7, double-precision FPU), 2 MiB flash,
 * 512 KiB SRAM (DTCM 128 KiB + SRAM1 368 KiB + SRAM2 16 KiB, contiguous from 0x20000000).
 * Runs from the 16 MHz HSI selected at reset (no PLL; caches off). Virtual COM port: USART3 on
 * PD8/PD9 (AF7).
 */
#ifndef BOARD_CONFIG_H
#define BOARD_CONFIG_H

#define TP_BOARD_NAME           "nucleo-f767zi"
#define TP_BOARD_CORE           "cortex-m7"
#define TP_BOARD_CORE_HZ        16000000u
#define TP_BOARD_IRQ_COUNT      110
#define TP_BOARD_CHIP_ID        0x0451u
#define TP_BOARD_UART_BASE      0x40004800u /* USART3 */
#define TP_BOARD_UART_CLOCK_HZ  16000000u   /* USART3SEL = PCLK1 = HSI / 1 */
#define TP_BOARD_UART_BRR_SCALE 1u

#endif /* BOARD_CONFIG_H */
