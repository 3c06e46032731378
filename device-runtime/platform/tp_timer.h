/*
 * tp_timer.h - cycle timer of the platform seam.
 *
 * Counts core clock cycles in 64 bits. tp_timer_init() enables the DWT cycle counter and checks
 * that it advances; when it does not (QEMU does not implement DWT, some parts lack CYCCNT) it
 * falls back to SysTick, reloaded at 2^24 and extended past 24 bits by counting wraps in the
 * SysTick exception. Both sources are architectural (ARMv7-M / ARMv8-M), so one implementation
 * serves every board; the board only supplies its core clock (tp_board_core_hz()).
 *
 * On emulated boards the core clock is virtual: under QEMU `-icount shift=0` every instruction
 * takes 1 ns, so one tick of a 25 MHz clock is 40 instructions. tp_board_cycle_scale() converts
 * ticks to the unit the board reports (instructions there, cycles on silicon).
 */
#ifndef TP_TIMER_H
#define TP_TIMER_H

#include <stdint.h>

typedef enum {
    TP_TIMER_DWT = 0,    /* DWT CYCCNT: exact core cycles */
    TP_TIMER_SYSTICK = 1 /* SysTick on the processor clock, extended by a wrap count */
} tp_timer_source;

/* Starts the counter, choosing DWT when its CYCCNT advances and SysTick otherwise. Enables the
 * SysTick exception in the fallback case. Call once after tp_board_init(). */
void tp_timer_init(void);

/* Ticks of the core clock since tp_timer_init(). Monotonic; safe to call from thread mode. */
uint64_t tp_timer_cycles(void);

/* Which counter tp_timer_init() chose. */
tp_timer_source tp_timer_source_used(void);

/* "dwt" or "systick". */
const char *tp_timer_source_name(void);

/* Microseconds since tp_timer_init(), from tp_timer_cycles() and tp_board_core_hz(). */
uint64_t tp_timer_micros(void);

#endif /* TP_TIMER_H */
