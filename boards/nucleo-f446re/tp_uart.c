/*
 * tp_uart.c - tp_uart.h for the STM32F4 USART (RM0390: SR +0x00, DR +0x04, BRR +0x08,
 * CR1 +0x0C), 8N1, polled, 16x oversampling.
 */
#include "tp_uart.h"
#include "board_config.h"
#include "stm32_port.h"

#define SR  STM32_REG(TP_BOARD_UART_BASE + 0x00u)
#define DR  STM32_REG(TP_BOARD_UART_BASE + 0x04u)
#define BRR STM32_REG(TP_BOARD_UART_BASE + 0x08u)
#define CR1 STM32_REG(TP_BOARD_UART_BASE + 0x0Cu)

#define SR_ORE  (1u << 3)
#define SR_RXNE (1u << 5)
#define SR_TC   (1u << 6)
#define SR_TXE  (1u << 7)
#define CR1_RE  (1u << 2)
#define CR1_TE  (1u << 3)
#define CR1_UE  (1u << 13)

void tp_uart_init(uint32_t baud)
{
    stm32_uart_pins_and_clock();
    CR1 = 0;
    BRR = (TP_BOARD_UART_CLOCK_HZ + baud / 2u) / baud; /* mantissa:fraction = fck / baud at 16x */
    CR1 = CR1_UE | CR1_TE | CR1_RE;
}

void tp_uart_putc(uint8_t c)
{
    while (!(SR & SR_TXE)) {
    }
    DR = c;
}

int tp_uart_try_putc(uint8_t c)
{
    if (!(SR & SR_TXE)) {
        return -1;
    }
    DR = c;
    return 0;
}

int tp_uart_try_getc(void)
{
    uint32_t sr = SR;
    if (sr & (SR_RXNE | SR_ORE)) {
        uint32_t d = DR; /* reading SR then DR also clears an overrun */
        return (sr & SR_RXNE) ? (int)(d & 0xFFu) : -1;
    }
    return -1;
}

uint8_t tp_uart_getc(void)
{
    int c;
    while ((c = tp_uart_try_getc()) < 0) {
    }
    return (uint8_t)c;
}

void tp_uart_wait(void)
{
}

void tp_uart_flush(void)
{
    while (!(SR & SR_TC)) {
    }
}
