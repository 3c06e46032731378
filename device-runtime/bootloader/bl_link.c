/*
 * bl_link.c - AN3155 byte framing over the platform UART, with a timeout from the platform timer
 * so that an interrupted host never leaves the bootloader stuck inside a command.
 */
#include "bl_link.h"
#include "tp_board.h"
#include "tp_timer.h"
#include "tp_uart.h"

static uint64_t g_timeout_ticks;

void bl_link_init(void)
{
    g_timeout_ticks = (uint64_t)(tp_board_core_hz() / 1000u) * BL_BYTE_TIMEOUT_MS;
}

void bl_send(uint8_t byte)
{
    tp_uart_putc(byte);
}

void bl_ack(void)
{
    tp_uart_putc(BL_ACK);
}

void bl_nack(void)
{
    tp_uart_putc(BL_NACK);
}

int bl_recv(void)
{
    int c = tp_uart_try_getc();
    if (c >= 0) {
        return c;
    }
    uint64_t start = tp_timer_cycles();
    while ((c = tp_uart_try_getc()) < 0) {
        if (tp_timer_cycles() - start > g_timeout_ticks) {
            return -1;
        }
        tp_uart_wait(); /* woken by the byte or by the timer's wrap interrupt */
    }
    return c;
}

int bl_recv_n(uint8_t *buf, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        int c = bl_recv();
        if (c < 0) {
            return -1;
        }
        buf[i] = (uint8_t)c;
    }
    return 0;
}

int bl_recv_address(uint32_t *address)
{
    uint8_t b[5];
    if (bl_recv_n(b, 5) != 0) {
        return -1;
    }
    *address = ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
    return (uint8_t)(b[0] ^ b[1] ^ b[2] ^ b[3]) == b[4] ? 0 : 1;
}
