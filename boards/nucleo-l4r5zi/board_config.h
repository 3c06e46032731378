/*
 * board_config.h - nucleo-l4r5zi: STM32L4R5ZI (Cortex-M4F), 2 MiB flash, 640 KiB SRAM (SRAM1 +
 * SRAM2 + SRAM3, contiguous from 0x20000000). Runs from HSI16 (16 MHz, no PLL; the MLPerf Tiny
 * reference runs this part at 120 MHz). Virtual COM port: LPUART1 on PG7/PG8 (AF8).
 */
#ifndef BOARD_CONFIG_H
#define BOARD_CONFIG_H

#define TP_BOARD_NAME           "nucleo-l4r5zi"
#define TP_BOARD_CORE           "cortex-m4"
#define TP_BOARD_CORE_HZ        16000000u
#define TP_BOARD_IRQ_COUNT      95
#define TP_BOARD_CHIP_ID        0x0470u
#define TP_BOARD_UART_BASE      0x40008000u /* LPUART1 */
#define TP_BOARD_UART_CLOCK_HZ  16000000u   /* LPUART1SEL = PCLK1 = HSI16 / 1 */
#define TP_BOARD_UART_BRR_SCALE 256u        /* LPUART: BRR = 256 * f / baud */

#endif /* BOARD_CONFIG_H */
