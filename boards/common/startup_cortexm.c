/*
 * startup_cortexm.c - vector table and reset handler shared by every board.
 *
 * The board's board_config.h gives the number of external interrupts. Reset copies .data from
 * flash, zeroes .bss, enables the FPU when the code is built for one (__ARM_FP), paints the stack
 * with TP_STACK_PAINT so the benchmark server can measure its high-water mark, points VTOR at this
 * table (the application may be started by a bootloader) and calls tp_board_startup() then main().
 *
 * Vector table words 8, 9 and 10 are reserved on ARMv7-M and ARMv8-M. tinyprune keeps the image
 * integrity record there (magic, length, CRC-32; see device-runtime/bootloader/README.md); the
 * build's stamp step fills them after linking.
 */
#include <stdint.h>
#include "board_config.h"
#include "tp_memory.h"

extern uint32_t __data_load[];

int main(void);

void Reset_Handler(void);
void Default_Handler(void);
void NMI_Handler(void) __attribute__((weak, alias("Default_Handler")));
void HardFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void MemManage_Handler(void) __attribute__((weak, alias("Default_Handler")));
void BusFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void UsageFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SecureFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SVC_Handler(void) __attribute__((weak, alias("Default_Handler")));
void DebugMon_Handler(void) __attribute__((weak, alias("Default_Handler")));
void PendSV_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SysTick_Handler(void) __attribute__((weak, alias("Default_Handler")));
void Irq_Handler(void) __attribute__((weak, alias("Default_Handler")));

typedef void (*tp_vector)(void);

#define TP_VECTOR_COUNT (16 + TP_BOARD_IRQ_COUNT)

__attribute__((section(".isr_vector"), used)) const tp_vector tp_vector_table[TP_VECTOR_COUNT] = {
    [0] = (tp_vector)__stack_top,
    [1] = Reset_Handler,
    [2] = NMI_Handler,
    [3] = HardFault_Handler,
    [4] = MemManage_Handler,
    [5] = BusFault_Handler,
    [6] = UsageFault_Handler,
    [7] = SecureFault_Handler, /* reserved on ARMv7-M */
    [8] = 0,                   /* integrity record: magic, filled by the stamp step */
    [9] = 0,                   /* integrity record: image length in bytes */
    [10] = 0,                  /* integrity record: CRC-32 of the image */
    [11] = SVC_Handler,
    [12] = DebugMon_Handler,
    [13] = 0,
    [14] = PendSV_Handler,
    [15] = SysTick_Handler,
    [16 ... TP_VECTOR_COUNT - 1] = Irq_Handler,
};

void Default_Handler(void)
{
    for (;;) {
    }
}

/* Weak board hook run after memory is initialised and before main(). */
__attribute__((weak)) void tp_board_startup(void)
{
}

void Reset_Handler(void)
{
#if defined(__ARM_FP)
    /* CPACR: full access to CP10 and CP11 before any floating-point instruction. */
    *(volatile uint32_t *)0xE000ED88u |= (0xFu << 20);
    /* FPCCR: no automatic floating-point context on exception entry (ASPEN, LSPEN off), so an
     * interrupt pushes the 32-byte basic frame, not 104 bytes, onto whatever stack depth it
     * lands (the resource model prices it: Overheads.INTERRUPT_FRAME_BYTES). Handlers must
     * therefore not use floating point; none does (SysTick counts wraps, faults report). */
    *(volatile uint32_t *)0xE000EF34u &= ~(3u << 30);
    __asm volatile("dsb\n isb" ::: "memory");
#endif
    const uint32_t *src = __data_load;
    for (uint32_t *dst = __data_start; dst < __data_end;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = __bss_start; dst < __bss_end;) {
        *dst++ = 0;
    }
    uint32_t sp;
    __asm volatile("mov %0, sp" : "=r"(sp));
    /* Leave 64 bytes under the live frame untouched. */
    for (uint32_t *p = __stack_limit; (uint32_t)p < sp - 64u; p++) {
        *p = TP_STACK_PAINT;
    }
    *(volatile uint32_t *)0xE000ED08u = (uint32_t)tp_vector_table; /* VTOR */
    __asm volatile("dsb\n isb" ::: "memory");
    tp_board_startup();
    main();
    for (;;) {
    }
}
