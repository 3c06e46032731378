/*
 * srv_fault.c - reports a fault on the serial line instead of hanging silently, so a host sees
 * why a model or kernel crashed: "e-[fault: pc=0x... lr=0x... cfsr=0x... hfsr=0x... bfar=0x...]".
 * Uses only architectural registers (ARMv7-M / ARMv8-M SCB); the board then needs a reset.
 */
#include <stdint.h>
#include "srv_print.h"

#define SCB_CFSR (*(volatile uint32_t *)0xE000ED28u)
#define SCB_HFSR (*(volatile uint32_t *)0xE000ED2Cu)
#define SCB_BFAR (*(volatile uint32_t *)0xE000ED38u)

void srv_fault_report(const uint32_t *frame);

__attribute__((used)) void srv_fault_report(const uint32_t *frame)
{
    srv_puts("\r\ne-[fault: pc=");
    srv_put_hex32(frame[6]);
    srv_puts(" lr=");
    srv_put_hex32(frame[5]);
    srv_puts(" cfsr=");
    srv_put_hex32(SCB_CFSR);
    srv_puts(" hfsr=");
    srv_put_hex32(SCB_HFSR);
    srv_puts(" bfar=");
    srv_put_hex32(SCB_BFAR);
    srv_puts("]\r\n");
    for (;;) {
    }
}

/* Picks the stack the faulting code used and passes its exception frame on. */
__attribute__((naked)) void HardFault_Handler(void)
{
    __asm volatile("tst lr, #4\n"
                   "ite eq\n"
                   "mrseq r0, msp\n"
                   "mrsne r0, psp\n"
                   "b srv_fault_report\n");
}

__attribute__((naked)) void BusFault_Handler(void)
{
    __asm volatile("b HardFault_Handler\n");
}

__attribute__((naked)) void UsageFault_Handler(void)
{
    __asm volatile("b HardFault_Handler\n");
}

__attribute__((naked)) void MemManage_Handler(void)
{
    __asm volatile("b HardFault_Handler\n");
}
