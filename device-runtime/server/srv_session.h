/*
 * srv_session.h - state shared by the benchmark server's command groups: the input loaded with
 * `db`, the last timed window, and model runs with optional per-layer timing.
 */
#ifndef SRV_SESSION_H
#define SRV_SESSION_H

#include <stdint.h>
#include "model.h"

typedef struct {
    uint8_t input[TP_MODEL_INPUT_BYTES]; /* db buffer; copied into the model before each run */
    uint32_t expected;                   /* N of the last `db load N` (0: none) */
    uint32_t loaded;                     /* bytes received since then */
    uint32_t window_runs;                /* runs in the last timed window */
    uint64_t window_ticks;               /* timer ticks spent inside tp_model_run() in it */
    uint64_t window_laps_us[2];          /* the two m-lap-us- values infer printed around it */
    int last_status;                     /* tp_model_run() result of the last run */
    int has_output;                      /* 1 once a run completed */
} srv_session;

extern srv_session g_session;

/* 1 when a complete input is loaded; otherwise prints an e- line and returns 0. */
int srv_input_ready(void);

/* Copies the loaded input into the model (untimed), runs it once, and returns the timer ticks the
 * run took. With `per_layer` non-NULL, fills ticks per layer through the model's layer hook. */
uint64_t srv_run_once(uint64_t per_layer[]);

/* Ticks converted to the board's reported unit (instructions on QEMU, cycles on silicon). */
uint64_t srv_ticks_to_units(uint64_t ticks);

/* Board time in microseconds since the timer started: the reported unit (instructions on QEMU,
 * cycles on silicon) at the board's core clock. On QEMU (-icount shift=0, one instruction per
 * virtual ns) this is what the instructions would take at the profile's clock, not virtual time. */
uint64_t srv_board_micros(void);

#endif /* SRV_SESSION_H */
