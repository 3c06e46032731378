/*
 * srv_eembc.c - the EEMBC / MLPerf Tiny benchmark commands, with their replies verbatim:
 *   name%            m-name-dut-[tinyprune]
 *   profile%         m-profile-[...] m-model-[<benchmark id>] m-board-[...]
 *   help%            the firmware version and one line per command
 *   timestamp%       m-lap-us-N (board time)
 *   db ...%          the input buffer (srv_db.c)
 *   infer N W%       W warm-up runs, then N timed runs between two m-lap-us- lines, then results
 *   results%         m-results-[p0,p1,...]: softmax of the dequantised outputs (srv_results)
 */
#include <string.h>
#include "srv_commands.h"
#include "srv_print.h"
#include "srv_session.h"
#include "tp_board.h"
#include "tp_timer.h"

#define SRV_FW_VERSION "tinyprune-server-1"

/* The MLPerf Tiny benchmark this firmware answers as (m-model-[...]): kws01, ic01, vww01 or ad01.
 * The build passes it as a bare word (-DTP_BENCHMARK_ID=kws01, from a checked list); a firmware
 * built by hand is an image-classification one. */
#ifndef TP_BENCHMARK_ID
#define TP_BENCHMARK_ID ic01
#endif
#define SRV_STRING_(x) #x
#define SRV_STRING(x)  SRV_STRING_(x)

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

/* Prints m-lap-us-N and returns N: microseconds of board time (srv_board_micros). */
static uint64_t timestamp(void)
{
    uint64_t us = srv_board_micros();
    srv_puts("m-lap-us-");
    srv_put_u64(us);
    srv_endl();
    return us;
}

/* e^-x for 0 <= x < 2^24 without libm (which would bring errno's static data): halve x below
 * 1/16, sum the Taylor series there (relative error ~1e-7), square back. */
static float exp_neg(float x)
{
    int halvings = 0;
    while (x > 0.0625f && halvings < 28) {
        x *= 0.5f;
        halvings++;
    }
    float term = 1.0f;
    float sum = 1.0f;
    for (int n = 1; n <= 6; n++) {
        term *= -x / (float)n;
        sum += term;
    }
    while (halvings-- > 0) {
        sum *= sum;
    }
    return sum;
}

/* b^k by k multiplications: one sequence for every k, so a larger k never gives a larger value. */
static float power(float b, int k)
{
    float p = 1.0f;
    while (k-- > 0) {
        p *= b;
    }
    return p;
}

/*
 * m-results-[...] as the reference firmware prints it: the class probabilities, i.e. the softmax
 * of the outputs dequantised with TP_MODEL_OUTPUT_SCALE / _ZERO_POINT (an int8 graph ends with
 * logits; the reference models end with a softmax), six decimals. Output i differs from the
 * largest output by k_i int8 steps, so its probability is b^k_i / sum_j b^k_j with
 * b = e^-TP_MODEL_OUTPUT_SCALE: ordered exactly as the int8 outputs, so a host that divides by
 * the sum and takes the largest finds the int8 argmax. A single output (a score, as ad01's) is
 * printed dequantised, three decimals.
 */
static void results(void)
{
    if (!g_session.has_output) {
        srv_error("No results: run infer first");
        return;
    }
    const int8_t *out = tp_model_output();
    srv_puts("m-results-[");
    if (TP_MODEL_OUTPUT_BYTES == 1) {
        srv_put_fixed3(TP_MODEL_OUTPUT_SCALE * (float)(out[0] - TP_MODEL_OUTPUT_ZERO_POINT));
        srv_puts("]\r\n");
        return;
    }
    int top = out[0];
    for (int i = 1; i < TP_MODEL_OUTPUT_BYTES; i++) {
        top = out[i] > top ? out[i] : top;
    }
    float b = exp_neg(TP_MODEL_OUTPUT_SCALE);
    float sum = 0.0f; /* >= 1: the largest output contributes b^0 */
    for (int i = 0; i < TP_MODEL_OUTPUT_BYTES; i++) {
        sum += power(b, top - out[i]);
    }
    for (int i = 0; i < TP_MODEL_OUTPUT_BYTES; i++) {
        if (i) {
            srv_puts(",");
        }
        srv_put_fixed(power(b, top - out[i]) / sum, 6u);
    }
    srv_puts("]\r\n");
}

/* help%: the firmware version, then what each command does (the reference firmware's layout). */
const char srv_help_text[] = SRV_FW_VERSION
    "\r\n\r\n"
    "help         : Print this information\r\n"
    "name         : Print the name of the device\r\n"
    "profile      : Print the firmware version and the benchmark (model) id\r\n"
    "timestamp    : Print the board time in microseconds (m-lap-us-N)\r\n"
    "db SUBCMD    : Manipulate the input byte buffer\r\n"
    "  load N     : Expect N bytes (the model input size) and reset the load counter\r\n"
    "  db HH[HH]* : Load 8-bit hex byte(s) until N bytes\r\n"
    "  print [N=all] [offset=0]\r\n"
    "             : Print N bytes at offset as hex\r\n"
    "infer N [W=10]: Run N timed inferences after W warmup runs\r\n"
    "results      : Print the class probabilities of the last run\r\n"
    "tp-identity, tp-window, tp-layers, tp-memory, tp-run, tp-output, tp-input-crc\r\n"
    "             : tinyprune's own commands (device-runtime/server/README.md)\r\n";

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
        srv_line_str("model", SRV_STRING(TP_BENCHMARK_ID));
        srv_puts("m-board-[");
        srv_puts(tp_board_name());
        srv_puts(tp_board_is_emulated()
                     ? "; emulated: cycles are QEMU -icount shift=0 instruction counts]\r\n"
                     : "; silicon: cycles are core clock cycles]\r\n");
    } else if (strcmp(cmd, "help") == 0) {
        srv_puts(srv_help_text);
    } else if (strcmp(cmd, "timestamp") == 0) {
        timestamp();
    } else if (strcmp(cmd, "db") == 0) {
        srv_db_command(argc, argv);
    } else if (strcmp(cmd, "infer") == 0) {
        infer(argc, argv);
    } else if (strcmp(cmd, "results") == 0) {
        results();
    } else {
        return 0;
    }
    return 1;
}
