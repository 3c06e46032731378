/*
 * srv_eembc.c - the EEMBC / MLPerf Tiny benchmark commands, with their replies verbatim:
 *   name%            m-name-dut-[tinyprune]
 *   profile%         m-profile-[...] m-model-[...]
 *   timestamp%       m-lap-us-N
 *   db load N%       m-[Expecting N bytes]
 *   db HEX%          appends; m-load-done once N bytes arrived
 *   infer N W%       W warm-up runs, then N timed runs between two m-lap-us- lines, then results
 *   results%         m-results-[v0,v1,...] (outputs dequantised with TP_MODEL_OUTPUT_SCALE/ZERO_POINT)
 */
#include <string.h>
#include "srv_commands.h"
#include "srv_print.h"
#include "srv_session.h"
#include "tp_board.h"
#include "tp_timer.h"

#define SRV_FW_VERSION "tinyprune-server-1"

long srv_parse_count(const char *text)
{
    long v = 0;
    if (!text || !*text) {
        return -1;
    }
    for (; *text; text++) {
        if (*text < '0' || *text > '9' || v > 100000000L) {
            return -1;
        }
        v = v * 10 + (*text - '0');
    }
    return v;
}

/* Prints m-lap-us-N and returns N. */
static uint64_t timestamp(void)
{
    uint64_t us = tp_timer_micros();
    srv_puts("m-lap-us-");
    srv_put_u64(us);
    srv_endl();
    return us;
}

static void results(void)
{
    if (!g_session.has_output) {
        srv_error("No results: run infer first");
        return;
    }
    const int8_t *out = tp_model_output();
    srv_puts("m-results-[");
    for (int i = 0; i < TP_MODEL_OUTPUT_BYTES; i++) {
        if (i) {
            srv_puts(",");
        }
        srv_put_fixed3(TP_MODEL_OUTPUT_SCALE * (float)(out[i] - TP_MODEL_OUTPUT_ZERO_POINT));
    }
    srv_puts("]\r\n");
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void db(int argc, char **argv)
{
    if (argc < 2) {
        srv_error("Command 'db' requires a subcommand");
        return;
    }
    if (strcmp(argv[1], "load") == 0) {
        long n = argc > 2 ? srv_parse_count(argv[2]) : -1;
        if (n != TP_MODEL_INPUT_BYTES) {
            /* A refused load discards the previous input: a later infer must not run on it. */
            g_session.expected = 0;
            g_session.loaded = 0;
            srv_puts("e-[db load needs the model input size: ");
            srv_put_u64(TP_MODEL_INPUT_BYTES);
            srv_puts(" bytes]\r\n");
            return;
        }
        g_session.expected = (uint32_t)n;
        g_session.loaded = 0;
        srv_puts("m-[Expecting ");
        srv_put_u64((uint64_t)n);
        srv_puts(" bytes]\r\n");
        return;
    }
    if (g_session.expected == 0) {
        srv_error("db data before db load N");
        return;
    }
    const char *hex = argv[1];
    size_t len = strlen(hex);
    if (len & 1u) {
        srv_error("Insufficent number of hex digits");
        return;
    }
    for (size_t i = 0; i < len; i += 2) {
        int hi = hex_digit(hex[i]);
        int lo = hex_digit(hex[i + 1]);
        if (hi < 0 || lo < 0) {
            srv_error("Invalid hex digit");
            return;
        }
        if (g_session.loaded < g_session.expected) {
            g_session.input[g_session.loaded++] = (uint8_t)(hi * 16 + lo);
            if (g_session.loaded == g_session.expected) {
                srv_puts("m-load-done\r\n");
                return; /* like EEMBC: digits past N are ignored */
            }
        }
    }
}

static void infer(int argc, char **argv)
{
    long n = 1;
    long w = 10;
    if (argc > 1 && ((n = srv_parse_count(argv[1])) <= 0)) {
        srv_error("Inference iterations must be >0");
        return;
    }
    if (argc > 2 && ((w = srv_parse_count(argv[2])) < 0)) {
        srv_error("Inference warmup must be >=0");
        return;
    }
    if (!srv_input_ready()) {
        return;
    }
    srv_puts("m-warmup-start-");
    srv_put_u64((uint64_t)w);
    srv_endl();
    for (long i = 0; i < w; i++) {
        srv_run_once(0);
    }
    srv_puts("m-warmup-done\r\nm-infer-start-");
    srv_put_u64((uint64_t)n);
    srv_endl();
    uint64_t ticks = 0;
    uint64_t t0 = timestamp();
    for (long i = 0; i < n; i++) {
        ticks += srv_run_once(0);
    }
    g_session.window_laps_us[1] = timestamp();
    g_session.window_laps_us[0] = t0;
    g_session.window_runs = (uint32_t)n;
    g_session.window_ticks = ticks;
    srv_puts("m-infer-done\r\n");
    results();
}

int srv_eembc_command(int argc, char **argv)
{
    const char *cmd = argv[0];
    if (strcmp(cmd, "name") == 0) {
        srv_puts("m-name-dut-[tinyprune]\r\n");
    } else if (strcmp(cmd, "profile") == 0) {
        srv_line_str("profile", SRV_FW_VERSION);
        srv_puts("m-model-[");
        srv_put_hex32(TP_MODEL_WEIGHTS_HASH);
        srv_puts("]\r\nm-board-[");
        srv_puts(tp_board_name());
        srv_puts(tp_board_is_emulated() ? "; emulated: cycles are QEMU -icount shift=0 instruction counts]\r\n"
                                        : "; silicon: cycles are core clock cycles]\r\n");
    } else if (strcmp(cmd, "timestamp") == 0) {
        timestamp();
    } else if (strcmp(cmd, "db") == 0) {
        db(argc, argv);
    } else if (strcmp(cmd, "infer") == 0) {
        infer(argc, argv);
    } else if (strcmp(cmd, "results") == 0) {
        results();
    } else {
        return 0;
    }
    return 1;
}
