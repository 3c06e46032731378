/*
 * fuzz_port.c - the host port behind fuzz_port.h: tp_uart.h, tp_timer.h and the memory mapping.
 * Board facts (tp_board.h) and code memory (tp_flash.h) come from the emulated boards' own sources
 * (boards/common/mps2_board.c, emulated_flash.c) built against this folder's board_config.h.
 */
#define _GNU_SOURCE /* MAP_ANONYMOUS, MAP_FIXED_NOREPLACE */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "board_config.h"
#include "fuzz_port.h"
#include "tp_timer.h"
#include "tp_uart.h"

#define OUTPUT_CAP (4u << 20)

static const uint8_t *g_in;
static size_t g_in_size;
static size_t g_in_pos;
static uint8_t *g_out;
static size_t g_out_len;
static uint64_t g_now;
static jmp_buf g_exit;

static void map_fixed(uint32_t address, uint32_t bytes)
{
    void *want = (void *)(uintptr_t)address;
    void *got = mmap(want, bytes, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (got != want) {
        fprintf(stderr, "fuzz port: cannot map 0x%08x (+%u bytes) at its fixed address\n", address,
                bytes);
        abort();
    }
}

void fuzz_port_map(void)
{
    static int mapped;
    if (!mapped) {
        map_fixed(TP_BOARD_CODE_BASE, TP_BOARD_FLASH_BYTES);
        map_fixed(FUZZ_RAM_BASE, FUZZ_RAM_BYTES);
        g_out = malloc(OUTPUT_CAP);
        if (!g_out) {
            abort();
        }
        mapped = 1;
    }
}

fuzz_end fuzz_port_run(int (*loop)(void), const uint8_t *data, size_t size)
{
    g_in = data;
    g_in_size = size;
    g_in_pos = 0;
    g_out_len = 0;
    int why = setjmp(g_exit);
    if (why == 0) {
        loop();
        fuzz_port_fail("the firmware main loop returned");
    }
    return (fuzz_end)(why - 1);
}

void fuzz_port_stop(fuzz_end why)
{
    longjmp(g_exit, (int)why + 1);
}

size_t fuzz_port_consumed(void)
{
    return g_in_pos;
}

const uint8_t *fuzz_port_output(size_t *length)
{
    *length = g_out_len;
    return g_out;
}

void fuzz_port_fail(const char *what)
{
    fprintf(stderr, "fuzz property broken: %s (input %zu bytes, %zu read; output %zu bytes)\n",
            what, g_in_size, g_in_pos, g_out_len);
    abort();
}

/* tp_uart.h */

void tp_uart_init(uint32_t baud)
{
    (void)baud;
}

void tp_uart_putc(uint8_t c)
{
    if (g_out_len < OUTPUT_CAP) {
        g_out[g_out_len++] = c;
    }
}

int tp_uart_try_putc(uint8_t c)
{
    tp_uart_putc(c);
    return 0;
}

uint8_t tp_uart_getc(void)
{
    if (g_in_pos >= g_in_size) {
        fuzz_port_stop(FUZZ_END_INPUT);
    }
    return g_in[g_in_pos++];
}

int tp_uart_try_getc(void)
{
    return g_in_pos < g_in_size ? g_in[g_in_pos++] : -1;
}

void tp_uart_wait(void)
{
}

void tp_uart_flush(void)
{
}

/* tp_timer.h: every read moves 2^24 ticks (0.67 s at 25 MHz) on, past any byte timeout. */

void tp_timer_init(void)
{
    g_now = 0;
}

uint64_t tp_timer_cycles(void)
{
    g_now += 1u << 24;
    return g_now;
}

tp_timer_source tp_timer_source_used(void)
{
    return TP_TIMER_SYSTICK;
}

const char *tp_timer_source_name(void)
{
    return "systick";
}

uint64_t tp_timer_micros(void)
{
    return tp_timer_cycles() / (TP_BOARD_CORE_HZ / 1000000u);
}
