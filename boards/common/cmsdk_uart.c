/*
 * cmsdk_uart.c - tp_uart.h for the Arm CMSDK APB UART of the MPS2 / MPS2+ FPGA images in QEMU.
 *
 * Register map (CMSDK): DATA +0x00, STATE +0x04 (bit 0 TX buffer full, bit 1 RX buffer full),
 * CTRL +0x08 (bit 0 TX enable, bit 1 RX enable), INTSTATUS +0x0C, BAUDDIV +0x10. The UART has no
 * parity; QEMU ignores the baud divisor but we program it as silicon would need.
 *
 * Blocking reads sleep (WFI) until the receive interrupt (TP_BOARD_UART_RX_IRQ) fires instead of
 * spinning: under QEMU -icount a spinning guest keeps the host CPU busy and delays the emulator's
 * own serial I/O; a sleeping one lets QEMU deliver the next byte at once.
 */
#include "tp_uart.h"
#include "tp_board.h"
#include "board_config.h"

#define UART_DATA    (*(volatile uint32_t *)(TP_BOARD_UART_BASE + 0x00u))
#define UART_STATE   (*(volatile uint32_t *)(TP_BOARD_UART_BASE + 0x04u))
#define UART_CTRL    (*(volatile uint32_t *)(TP_BOARD_UART_BASE + 0x08u))
#define UART_INTCLR  (*(volatile uint32_t *)(TP_BOARD_UART_BASE + 0x0Cu))
#define UART_BAUDDIV (*(volatile uint32_t *)(TP_BOARD_UART_BASE + 0x10u))
#define NVIC_ISER(n) (*(volatile uint32_t *)(0xE000E100u + 4u * (n)))

#define STATE_TX_FULL (1u << 0)
#define STATE_RX_FULL (1u << 1)
#define CTRL_TX_EN    (1u << 0)
#define CTRL_RX_EN    (1u << 1)
#define CTRL_RX_INTEN (1u << 3)
#define INT_RX        (1u << 1)

/* Every external interrupt lands here (startup_cortexm.c); only the UART receive line is
 * enabled, and its only job is to wake the core from WFI. */
void Irq_Handler(void)
{
    UART_INTCLR = INT_RX;
}

void tp_uart_init(uint32_t baud)
{
    uint32_t div = tp_board_core_hz() / (baud ? baud : 115200u);
    UART_CTRL = 0;
    UART_BAUDDIV = div < 16u ? 16u : div;
    UART_INTCLR = 0xFu;
    UART_CTRL = CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_INTEN;
    NVIC_ISER(TP_BOARD_UART_RX_IRQ / 32u) = 1u << (TP_BOARD_UART_RX_IRQ % 32u);
    __asm volatile("cpsie i" ::: "memory");
}

void tp_uart_putc(uint8_t c)
{
    while (UART_STATE & STATE_TX_FULL) {
    }
    UART_DATA = c;
}

int tp_uart_try_putc(uint8_t c)
{
    if (UART_STATE & STATE_TX_FULL) {
        return -1;
    }
    UART_DATA = c;
    return 0;
}

uint8_t tp_uart_getc(void)
{
    while (!(UART_STATE & STATE_RX_FULL)) {
        tp_uart_wait();
    }
    return (uint8_t)UART_DATA;
}

void tp_uart_wait(void)
{
    /* Masked check-then-sleep: a byte arriving after the check still ends the WFI. */
    __asm volatile("cpsid i" ::: "memory");
    if (!(UART_STATE & STATE_RX_FULL)) {
        __asm volatile("wfi" ::: "memory");
    }
    __asm volatile("cpsie i" ::: "memory");
}

int tp_uart_try_getc(void)
{
    if (!(UART_STATE & STATE_RX_FULL)) {
        return -1;
    }
    return (int)(UART_DATA & 0xFFu);
}

void tp_uart_flush(void)
{
    while (UART_STATE & STATE_TX_FULL) {
    }
}
