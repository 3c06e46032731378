/*
 * tp_uart.h - serial line of the platform seam.
 *
 * Each board implements these functions for the UART that reaches the host (CMSDK UART0 on the
 * emulated MPS2 boards, the ST-LINK virtual COM port USART on Nucleo boards). Frames are 8 data
 * bits; boards whose UART supports it use even parity (AN3155), the others 8N1. The emulated UART
 * ignores the baud rate. No function here allocates, prints or enables interrupts.
 */
#ifndef TP_UART_H
#define TP_UART_H

#include <stdint.h>

/* Configures clocks, pins and the UART for `baud` bits per second. Call once after
 * tp_board_init(). */
void tp_uart_init(uint32_t baud);

/* Blocks until the transmitter accepts `c`. */
void tp_uart_putc(uint8_t c);

/* Queues `c` if the transmitter has room; returns 0 when queued, -1 when it is full. */
int tp_uart_try_putc(uint8_t c);

/* Blocks until a byte arrives and returns it (0..255). */
uint8_t tp_uart_getc(void);

/* Returns the received byte (0..255), or -1 when nothing is waiting. Never blocks. */
int tp_uart_try_getc(void);

/* Sleeps until a byte may have arrived or another interrupt (e.g. the timer) fired; returns at
 * once when a byte is already waiting. Lets blocking loops with timeouts idle the core. */
void tp_uart_wait(void);

/* Blocks until every queued byte has left the transmitter. */
void tp_uart_flush(void);

#endif /* TP_UART_H */
