/*
 * bl_jump.c - hands the core to a verified application image (AN3155 Go): interrupts off, SysTick
 * stopped, the vector table moved to the image, then its stack pointer and reset handler taken.
 * Kept apart from the command handlers so that those also build for the host, where a fuzzing
 * port stands in for this file.
 */
#include "bl_commands.h"
#include "tp_uart.h"

void bl_jump_to(uint32_t image)
{
    tp_uart_flush();
    const uint32_t *vectors = (const uint32_t *)image;
    __asm volatile("cpsid i" ::: "memory");
    *(volatile uint32_t *)0xE000E010u = 0;        /* SysTick off */
    *(volatile uint32_t *)0xE000ED04u = 1u << 25; /* ICSR: clear pending SysTick */
    *(volatile uint32_t *)0xE000ED08u = image;    /* VTOR */
    __asm volatile("dsb\n isb\n"
                   "msr msp, %0\n"
                   "bx %1\n" ::"r"(vectors[0]),
                   "r"(vectors[1])
                   : "memory");
    for (;;) {
    }
}
