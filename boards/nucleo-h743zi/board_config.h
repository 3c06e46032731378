/*
 * board_config.h - nucleo-h743zi: STM32H743ZI (Cortex-M7, double-precision FPU), 2 MiB flash;
 * the application's SRAM is the 512 KiB AXI SRAM at 0x24000000. Runs from the 64 MHz HSI
 * selected at reset (no PLL; caches off). Virtual COM port: USART3 on PD8/PD9 (AF7).
 */
#ifndef BOARD_CONFIG_H
#define BOARD_CONFIG_H

#define TP_BOARD_NAME           "nucleo-h743zi"
#define TP_BOARD_CORE           "cortex-m7"
#define TP_BOARD_CORE_HZ        64000000u
#define TP_BOARD_IRQ_COUNT      150
#define TP_BOARD_CHIP_ID        0x0450u
#define TP_BOARD_UART_BASE      0x40004800u /* USART3 */
#define TP_BOARD_UART_CLOCK_HZ  64000000u   /* USART234578SEL = rcc_pclk1 = HSI / 1 */
#define TP_BOARD_UART_BRR_SCALE 1u

#endif /* BOARD_CONFIG_H */
