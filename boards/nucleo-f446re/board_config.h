/*
 * board_config.h - nucleo-f446re: STM32F446RE (Cortex-M4F), 512 KiB flash, 128 KiB SRAM.
 * Runs from the 16 MHz HSI selected at reset (no PLL). Virtual COM port: USART2 on PA2/PA3 (AF7).
 */
#ifndef BOARD_CONFIG_H
#define BOARD_CONFIG_H

#define TP_BOARD_NAME          "nucleo-f446re"
#define TP_BOARD_CORE          "cortex-m4"
#define TP_BOARD_CORE_HZ       16000000u
#define TP_BOARD_IRQ_COUNT     97
#define TP_BOARD_CHIP_ID       0x0421u
#define TP_BOARD_UART_BASE     0x40004400u /* USART2 */
#define TP_BOARD_UART_CLOCK_HZ 16000000u   /* APB1 = HSI / 1 */

#endif /* BOARD_CONFIG_H */
