/*
 * srv_tinyprune.c - tinyprune's commands in the benchmark protocol's style (see README.md):
 * identity, raw cycles of the last timed window, per-layer cycles, memory, the int8 output, and
 * the CRC of the loaded input. Every reply, error lines included, ends with
 * m-tp-crc-[xxxxxxxx]: the CRC-32 of the reply's bytes before that line.
 */
#include <string.h>
#include "srv_commands.h"
#include "srv_crc.h"
#include "srv_print.h"
#include "srv_session.h"
#include "tp_board.h"
#include "tp_memory.h"
#include "tp_timer.h"

static void identity(void)
{
    srv_line_str("tp-board", tp_board_name());
    srv_line_str("tp-core", tp_board_core());
    srv_line_u64("tp-clock-hz", tp_board_core_hz());
    srv_line_u64("tp-emulated", (uint64_t)tp_board_is_emulated());
    srv_line_str("tp-timer", tp_timer_source_name());
    srv_line_str("tp-cycle-unit", tp_board_cycle_unit());
    srv_line_u64("tp-cycle-resolution", tp_board_cycle_scale());
    if (tp_board_is_emulated()) {
        srv_line_str("tp-note",
                     "cycles are QEMU -icount shift=0 instruction counts, not silicon timing");
    }
    srv_puts("m-tp-model-hash-[");
    srv_put_hex32(TP_MODEL_WEIGHTS_HASH);
    srv_puts("]\r\n");
    srv_line_u64("tp-input-bytes", TP_MODEL_INPUT_BYTES);
    srv_line_u64("tp-output-bytes", TP_MODEL_OUTPUT_BYTES);
    srv_line_u64("tp-layers", TP_MODEL_NUM_LAYERS);
}

static void window(void)
{
    if (g_session.window_runs == 0) {
        srv_error("No timed window: run infer N W first");
        return;
    }
    srv_line_u64("tp-window-runs", g_session.window_runs);
    srv_line_u64("tp-window-ticks", g_session.window_ticks);
    srv_line_u64("tp-window-cycles", srv_ticks_to_units(g_session.window_ticks));
    /* infer's two m-lap-us- lines again, so a host can check them against a reply with a CRC */
    srv_puts("m-tp-window-laps-us-[");
    srv_put_u64(g_session.window_laps_us[0]);
    srv_puts("]-[");
    srv_put_u64(g_session.window_laps_us[1]);
    srv_puts("]\r\n");
}

/* What `db` loaded so far, for a host to check that its input arrived intact. */
static void input_crc(void)
{
    srv_line_u64("tp-input-loaded", g_session.loaded);
    srv_puts("m-tp-input-crc-[");
    srv_put_hex32_digits(srv_crc32(g_session.input, g_session.loaded));
    srv_puts("]\r\n");
}

static void layers(void)
{
    if (!srv_input_ready()) {
        return;
    }
    uint64_t per_layer[TP_MODEL_NUM_LAYERS];
    uint64_t total = srv_run_once(per_layer);
    for (int i = 0; i < TP_MODEL_NUM_LAYERS; i++) {
        srv_puts("m-tp-layer-[");
        srv_put_u64((uint64_t)i);
        srv_puts("]-[");
        srv_puts(tp_model_layer_names[i]);
        srv_puts("]-[");
        srv_put_u64(srv_ticks_to_units(per_layer[i]));
        srv_puts("]\r\n");
    }
    srv_line_u64("tp-layers-cycles", srv_ticks_to_units(total));
}

static uint32_t stack_high_water(void)
{
    const uint32_t *p = __stack_limit;
    while (p < __stack_top && *p == TP_STACK_PAINT) {
        p++;
    }
    return (uint32_t)((const uint8_t *)__stack_top - (const uint8_t *)p);
}

static void memory(void)
{
    uint32_t data = (uint32_t)((uint8_t *)__data_end - (uint8_t *)__data_start);
    uint32_t bss = (uint32_t)((uint8_t *)__bss_end - (uint8_t *)__bss_start);
    srv_line_u64("tp-data-bytes", data);
    srv_line_u64("tp-bss-bytes", bss);
    srv_line_u64("tp-static-ram-bytes", data + bss);
    srv_line_u64("tp-arena-bytes", TP_MODEL_ARENA_BYTES);
    srv_line_u64("tp-stack-size-bytes",
                 (uint32_t)((uint8_t *)__stack_top - (uint8_t *)__stack_limit));
    srv_line_u64("tp-stack-used-bytes", stack_high_water());
    srv_line_u64("tp-flash-image-bytes", (uint32_t)(__tp_image_end - __tp_image_start));
}

static void output(void)
{
    if (!g_session.has_output) {
        srv_error("No output: run infer or tp-run first");
        return;
    }
    const int8_t *out = tp_model_output();
    srv_puts("m-tp-output-[");
    for (int i = 0; i < TP_MODEL_OUTPUT_BYTES; i++) {
        srv_put_hex8((uint8_t)out[i]);
    }
    srv_puts("]\r\n");
}

static void run(void)
{
    if (!srv_input_ready()) {
        return;
    }
    uint64_t ticks = srv_run_once(0);
    if (g_session.last_status != 0) {
        srv_puts("e-[tp_model_run returned ");
        srv_put_i32(g_session.last_status);
        srv_puts("]\r\n");
        return;
    }
    srv_line_u64("tp-run-cycles", srv_ticks_to_units(ticks));
    output();
}

int srv_tinyprune_command(int argc, char **argv)
{
    (void)argc;
    const char *cmd = argv[0];
    srv_crc_begin();
    if (strcmp(cmd, "tp-identity") == 0) {
        identity();
    } else if (strcmp(cmd, "tp-window") == 0) {
        window();
    } else if (strcmp(cmd, "tp-layers") == 0) {
        layers();
    } else if (strcmp(cmd, "tp-memory") == 0) {
        memory();
    } else if (strcmp(cmd, "tp-output") == 0) {
        output();
    } else if (strcmp(cmd, "tp-run") == 0) {
        run();
    } else if (strcmp(cmd, "tp-input-crc") == 0) {
        input_crc();
    } else {
        return 0;
    }
    srv_crc_line();
    return 1;
}
