/*
 * tp_board.h - board identity and bring-up of the platform seam.
 *
 * Each boards/<name>/ folder implements these in its own tp_board.c: clocks and power at
 * tp_board_init(), and constant facts the benchmark server and bootloader report. Startup code
 * (vector table, .data copy, .bss zeroing, FPU enable, stack painting) runs before main() and is
 * not part of this interface.
 */
#ifndef TP_BOARD_H
#define TP_BOARD_H

#include <stdint.h>

/* Brings clocks and power to the state the profile's clock_hz describes. Idempotent. */
void tp_board_init(void);

/* Profile name of the board, e.g. "qemu-m4" or "nucleo-f446re". */
const char *tp_board_name(void);

/* Core name, e.g. "cortex-m4". */
const char *tp_board_core(void);

/* Core clock in Hz after tp_board_init() (virtual SYSCLK on emulated boards). */
uint32_t tp_board_core_hz(void);

/* Multiplier from timer ticks to the reported unit: 1 on silicon (cycles); 1e9 / core_hz on
 * emulated boards run with -icount shift=0 (instructions). */
uint32_t tp_board_cycle_scale(void);

/* Unit of tp_timer_cycles() * tp_board_cycle_scale(): "cycles" or "instructions". */
const char *tp_board_cycle_unit(void);

/* 1 when the board is an emulator (QEMU), 0 on silicon. */
int tp_board_is_emulated(void);

/* AN3155 product ID the board reports (emulated) or its ROM bootloader reports (silicon). */
uint16_t tp_board_chip_id(void);

#endif /* TP_BOARD_H */
