/*
 * srv_session.c - model runs for the benchmark server: input copy outside the timed part, timing
 * with the platform timer, per-layer timing through the generated model's layer hook (contract C2).
 */
#include <string.h>
#include "srv_session.h"
#include "srv_print.h"
#include "tp_board.h"
#include "tp_timer.h"

srv_session g_session;

static uint64_t *g_layer_ticks;
static uint64_t g_layer_start;

static void layer_hook(int layer, int phase)
{
    uint64_t now = tp_timer_cycles();
    if (phase == 0) {
        g_layer_start = now;
    } else if (layer >= 0 && layer < TP_MODEL_NUM_LAYERS) {
        g_layer_ticks[layer] += now - g_layer_start;
    }
}

int srv_input_ready(void)
{
    if (g_session.expected == 0) {
        srv_error("No input: send db load N then db HEX");
        return 0;
    }
    if (g_session.loaded < g_session.expected) {
        srv_puts("e-[Input incomplete: ");
        srv_put_u64(g_session.loaded);
        srv_puts(" of ");
        srv_put_u64(g_session.expected);
        srv_puts(" bytes loaded]\r\n");
        return 0;
    }
    return 1;
}

uint64_t srv_run_once(uint64_t per_layer[])
{
    memcpy(tp_model_input(), g_session.input, TP_MODEL_INPUT_BYTES);
    if (per_layer) {
        for (int i = 0; i < TP_MODEL_NUM_LAYERS; i++) {
            per_layer[i] = 0;
        }
        g_layer_ticks = per_layer;
        tp_model_set_layer_hook(layer_hook);
    }
    /* Start on a fresh timer tick: a coarse counter (SysTick under QEMU ticks every 40
     * instructions) then reads the same count for the same work whatever the phase was. */
    uint64_t start = tp_timer_cycles();
    uint64_t edge;
    while ((edge = tp_timer_cycles()) == start) {
    }
    start = edge;
    g_session.last_status = tp_model_run();
    uint64_t ticks = tp_timer_cycles() - start;
    if (per_layer) {
        tp_model_set_layer_hook(0);
    }
    g_session.has_output = 1;
    return ticks;
}

uint64_t srv_ticks_to_units(uint64_t ticks)
{
    return ticks * tp_board_cycle_scale();
}

uint64_t srv_board_micros(void)
{
    uint32_t per_us = tp_board_core_hz() / 1000000u;
    return srv_ticks_to_units(tp_timer_cycles()) / (per_us == 0 ? 1u : per_us);
}
