/*
 * Test console and C runtime glue for bare-metal (arm-none-eabi, newlib nosys) test binaries run
 * under qemu-arm user mode: write and exit are Linux EABI system calls (svc 0, number in r7).
 * The loader has zeroed .bss and set up the stack, so _start only calls main and exits.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include "tp_test_port.h"

int main(void);
void _start(void);
int _write(int fd, const void *buf, size_t len);
void _exit(int code);
void *_sbrk(ptrdiff_t increment);
void _init(void);
void _fini(void);

static long tp_linux_syscall3(long number, long a, long b, long c)
{
    register long r0 __asm__("r0") = a;
    register long r1 __asm__("r1") = b;
    register long r2 __asm__("r2") = c;
    register long r7 __asm__("r7") = number;
    __asm__ volatile("svc 0" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r7) : "memory");
    return r0;
}

enum { TP_SYS_EXIT = 1, TP_SYS_WRITE = 4 };

int _write(int fd, const void *buf, size_t len)
{
    return (int)tp_linux_syscall3(TP_SYS_WRITE, fd, (long)(uintptr_t)buf, (long)len);
}

void _exit(int code)
{
    for (;;) {
        tp_linux_syscall3(TP_SYS_EXIT, code, 0, 0);
    }
}

/* newlib may want a small heap for stdio; the kernels themselves never allocate. */
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

void _start(void)
{
    _exit(main());
}

void tp_test_port_write(const char *text)
{
    size_t n = 0;
    while (text[n] != '\0') {
        n++;
    }
    _write(1, text, n);
}
