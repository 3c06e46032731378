/*
 * Test port for QEMU mps2-an386 (a real Cortex-M4F model, unlike qemu-arm user mode): vector
 * table and reset, console and exit through semihosting (QEMU started with -semihosting), and
 * SysTick as the time base for benchmarks. With -icount shift=0 every instruction takes 1 ns of
 * guest time and SysTick counts the 25 MHz system clock, so one tick is 40 instructions.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include "../tp_test_port.h"

int main(void);
void tp_reset(void);
int _write(int fd, const void *buf, size_t len);
void _exit(int code);
void *_sbrk(ptrdiff_t increment);
void _init(void);
void _fini(void);
uint32_t tp_test_port_ticks(void);

extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern uint32_t __stack_top[];

#define TP_REG(addr) (*(volatile uint32_t *)(addr))
#define SYST_CSR     TP_REG(0xE000E010u)
#define SYST_RVR     TP_REG(0xE000E014u)
#define SYST_CVR     TP_REG(0xE000E018u)
#define CPACR        TP_REG(0xE000ED88u)

static void tp_fault(void)
{
    tp_test_port_write("TP_TEST_FAULT\n");
    _exit(3);
}

__attribute__((section(".vectors"), used)) static void (*const tp_vectors[16])(void) = {
    (void (*)(void))(uintptr_t)__stack_top,
    tp_reset,
    tp_fault,
    tp_fault,
    tp_fault,
    tp_fault,
    tp_fault};

static uint32_t tp_semihost(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

enum {
    TP_SYS_WRITE0 = 0x04,
    TP_SYS_EXIT = 0x18,
    TP_ADP_APPLICATION_EXIT = 0x20026,
    TP_ADP_RUNTIME_ERROR = 0x20023
};

void tp_reset(void)
{
    for (uint32_t *s = __data_load, *d = __data_start; d < __data_end;) {
        *d++ = *s++;
    }
    for (uint32_t *d = __bss_start; d < __bss_end;) {
        *d++ = 0;
    }
#if defined(__ARM_FP)
    CPACR |= 0xFu << 20; /* CP10, CP11 full access */
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
    SYST_RVR = 0x00FFFFFFu;
    SYST_CVR = 0;
    SYST_CSR = 0x5u; /* enable, processor clock, no interrupt */
    _exit(main());
}

uint32_t tp_test_port_ticks(void)
{
    /* SysTick counts down from 2^24 - 1; callers measure spans shorter than one wrap */
    return (0x00FFFFFFu - SYST_CVR) & 0x00FFFFFFu;
}

void tp_test_port_write(const char *text)
{
    tp_semihost(TP_SYS_WRITE0, text);
}

int _write(int fd, const void *buf, size_t len)
{
    (void)fd;
    char chunk[65];
    const char *p = buf;
    for (size_t done = 0; done < len;) {
        size_t n = len - done < 64 ? len - done : 64;
        for (size_t i = 0; i < n; i++) {
            chunk[i] = p[done + i];
        }
        chunk[n] = '\0';
        tp_test_port_write(chunk);
        done += n;
    }
    return (int)len;
}

void _exit(int code)
{
    /* AArch32 SYS_EXIT carries a reason, not a status: QEMU exits 0 for ApplicationExit, 1 else */
    const uint32_t reason = code == 0 ? TP_ADP_APPLICATION_EXIT : TP_ADP_RUNTIME_ERROR;
    for (;;) {
        tp_semihost(TP_SYS_EXIT, (const void *)(uintptr_t)reason);
    }
}

void *_sbrk(ptrdiff_t increment)
{
    static uint8_t heap[16384];
    static size_t used;
    if (increment < 0 || used + (size_t)increment > sizeof(heap)) {
        errno = ENOMEM;
        return (void *)-1;
    }
    void *p = heap + used;
    used += (size_t)increment;
    return p;
}

void _init(void)
{
}

void _fini(void)
{
}
