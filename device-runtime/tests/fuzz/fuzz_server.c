/*
 * fuzz_server.c - libFuzzer target for the benchmark server's command parser: the input is what a
 * host types on the serial line; srv_main.c's loop (built as srv_main_loop) with the EEMBC and
 * tinyprune command groups reads it through the fuzzing port and runs the fixture model. Besides
 * the sanitizers, every input must leave these true:
 *   - every reply line ends with CR LF and starts with "m-" or "e-";
 *   - each '%' the server read ended exactly one command: one m-ready per '%', after the banner's.
 * A session that asks for more than RUN_BUDGET model runs (e.g. "infer 99999999 0%") is cut there:
 * such runs are legal, only slow, and the parse already happened.
 */
#include <stdint.h>
#include <string.h>
#include "fuzz_port.h"
#include "model.h"
#include "srv_commands.h"
#include "srv_session.h"

#define RUN_BUDGET 16

int srv_main_loop(void);
int __real_tp_model_run(void);

static int g_runs;

int __wrap_tp_model_run(void)
{
    if (++g_runs > RUN_BUDGET) {
        fuzz_port_stop(FUZZ_END_BUDGET);
    }
    return __real_tp_model_run();
}

/* Whether `line` (n bytes, "\r\n" included) is one whole line of help%'s text. */
static int help_line(const uint8_t *line, size_t n)
{
    for (const char *p = srv_help_text; *p; p = strchr(p, '\n') + 1) {
        if (strncmp(p, (const char *)line, n) == 0) {
            return 1;
        }
        if (!strchr(p, '\n')) {
            break;
        }
    }
    return 0;
}

static void check_lines(const uint8_t *out, size_t length, size_t commands)
{
    size_t readies = 0;
    size_t start = 0;
    for (size_t i = 0; i < length; i++) {
        if (out[i] != '\n') {
            continue;
        }
        size_t n = i + 1 - start;
        if (out[i - 1] != '\r' ||
            ((n < 4 || (out[start] != 'm' && out[start] != 'e') || out[start + 1] != '-') &&
             !help_line(out + start, n))) {
            fuzz_port_fail("a reply line is not \"m-...\\r\\n\" or \"e-...\\r\\n\"");
        }
        if (n == 9 && memcmp(out + start, "m-ready\r\n", 9) == 0) {
            readies++;
        }
        start = i + 1;
    }
    if (start != length) {
        fuzz_port_fail("the reply ends inside a line");
    }
    if (readies != commands + 1) {
        fuzz_port_fail("not one m-ready per command");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_port_map();
    memset(&g_session, 0, sizeof g_session);
    tp_model_set_layer_hook(0);
    g_runs = 0;
    fuzz_end why = fuzz_port_run(srv_main_loop, data, size);
    if (why == FUZZ_END_INPUT) {
        size_t commands = 0;
        for (size_t i = 0; i < fuzz_port_consumed(); i++) {
            commands += data[i] == '%';
        }
        size_t length;
        const uint8_t *out = fuzz_port_output(&length);
        check_lines(out, length, commands);
    }
    return 0;
}
