/*
 * stm32_usart.c - tp_uart.h for the STM32 USART/LPUART register layout of F7, H7 and L4
 * (CR1 +0x00, BRR +0x0C, ISR +0x1C, ICR +0x20, RDR +0x24, TDR +0x28), 8N1, polled.
 *
 * board_config.h gives TP_BOARD_UART_BASE, the UART kernel clock TP_BOARD_UART_CLOCK_HZ and
 * TP_BOARD_UART_BRR_SCALE (1 for a USART with 16x oversampling, 256 for an LPUART).
 */
#include "tp_uart.h"
#include "board_config.h"
#include "stm32_port.h"

#define CR1 STM32_REG(TP_BOARD_UART_BASE + 0x00u)
#define BRR STM32_REG(TP_BOARD_UART_BASE + 0x0Cu)
#define ISR STM32_REG(TP_BOARD_UART_BASE + 0x1Cu)
#define ICR STM32_REG(TP_BOARD_UART_BASE + 0x20u)
#define RDR STM32_REG(TP_BOARD_UART_BASE + 0x24u)
#define TDR STM32_REG(TP_BOARD_UART_BASE + 0x28u)

#define CR1_UE    (1u << 0)
#define CR1_RE    (1u << 2)
#define CR1_TE    (1u << 3)
#define ISR_ORE   (1u << 3)
#define ISR_RXNE  (1u << 5)
#define ISR_TC    (1u << 6)
#define ISR_TXE   (1u << 7)
#define ICR_ORECF (1u << 3)

void tp_uart_init(uint32_t baud)
{
    stm32_uart_pins_and_clock();
    CR1 = 0;
    uint64_t scaled = (uint64_t)TP_BOARD_UART_CLOCK_HZ * TP_BOARD_UART_BRR_SCALE;
    BRR = (uint32_t)((scaled + baud / 2u) / baud);
    CR1 = CR1_TE | CR1_RE | CR1_UE;
}

void tp_uart_putc(uint8_t c)
{
    while (!(ISR & ISR_TXE)) {
    }
    TDR = c;
}

int tp_uart_try_putc(uint8_t c)
{
    if (!(ISR & ISR_TXE)) {
        return -1;
    }
    TDR = c;
    return 0;
}

int tp_uart_try_getc(void)
{
    uint32_t isr = ISR;
    if (isr & ISR_ORE) {
        ICR = ICR_ORECF; /* a lost byte must not stall reception */
    }
    if (!(isr & ISR_RXNE)) {
        return -1;
    }
    return (int)(RDR & 0xFFu);
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
    /* Polled port: nothing to sleep on. */
}

void tp_uart_flush(void)
{
    while (!(ISR & ISR_TC)) {
    }
}
