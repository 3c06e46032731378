/*
 * tp_memory.h - memory facts every board's startup and linker script provide to the runtime.
 *
 * The linker script (boards/common/sections.ld) defines the symbols below; the startup code
 * fills [__stack_limit, live stack pointer) with TP_STACK_PAINT before main(), so the deepest
 * stack use since boot is found by scanning up from __stack_limit for the first changed word.
 */
#ifndef TP_MEMORY_H
#define TP_MEMORY_H

#include <stdint.h>

#define TP_STACK_PAINT 0xC5C5C5C5u

extern uint32_t __data_start[]; /* initialised static data (RAM) */
extern uint32_t __data_end[];
extern uint32_t __bss_start[]; /* zeroed static data (RAM), the model arena included */
extern uint32_t __bss_end[];
extern uint32_t __stack_limit[];   /* lowest stack address */
extern uint32_t __stack_top[];     /* initial stack pointer */
extern uint8_t __tp_image_start[]; /* first byte of the flashed image (vector table) */
extern uint8_t __tp_image_end[];   /* one past the last flashed byte */

#endif /* TP_MEMORY_H */
