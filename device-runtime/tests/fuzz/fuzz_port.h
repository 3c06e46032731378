/*
 * fuzz_port.h - a host port of the board I/O for fuzzing the bootloader and the benchmark server:
 * the UART reads the fuzzer's input and records what the firmware sends, the timer jumps far ahead
 * on every read (so every inter-byte timeout fires at once), and code memory and SRAM are mapped
 * at the stand-in board's fixed addresses (board_config.h). A firmware main loop runs until the
 * input is used up; the port then leaves it with longjmp.
 */
#ifndef FUZZ_PORT_H
#define FUZZ_PORT_H

#include <stddef.h>
#include <stdint.h>

/* Why fuzz_port_run() returned. */
typedef enum {
    FUZZ_END_INPUT = 0,  /* the firmware asked for a byte after the last one */
    FUZZ_END_BUDGET = 1, /* the harness cut the session (fuzz_port_stop) */
    FUZZ_END_JUMP = 2    /* the bootloader started an application image */
} fuzz_end;

/* Maps code memory and SRAM at their fixed addresses (once; aborts if the host refuses). */
void fuzz_port_map(void);

/* Runs `loop` (a firmware main loop that never returns) on `data` until the port ends it. */
fuzz_end fuzz_port_run(int (*loop)(void), const uint8_t *data, size_t size);

/* Leaves the running loop at once; fuzz_port_run() returns `why`. */
void fuzz_port_stop(fuzz_end why) __attribute__((noreturn));

/* Input bytes the firmware has read so far. */
size_t fuzz_port_consumed(void);

/* Bytes the firmware sent in this session (not NUL-terminated); `*length` receives the count. */
const uint8_t *fuzz_port_output(size_t *length);

/* Reports a broken property with the session's input and output sizes, then aborts (a finding). */
void fuzz_port_fail(const char *what) __attribute__((noreturn));

#endif /* FUZZ_PORT_H */
