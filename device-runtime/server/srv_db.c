/*
 * srv_db.c - the EEMBC / MLPerf Tiny byte buffer command `db`, which holds the model input:
 *   db load N%       m-[Expecting N bytes] (N must be the model's input size)
 *   db HEX%          appends two hex digits per byte; m-load-done once N bytes arrived
 *   db print [N] [O]%  the buffer as hex, eight bytes per m-buffer-xx-xx-... line
 */
#include <string.h>
#include "srv_commands.h"
#include "srv_print.h"
#include "srv_session.h"

/* Bytes per m-buffer- line, as the reference firmware prints them. */
#define SRV_BUFFER_LINE 8u

/*
 * db print [N] [offset]: N bytes of the buffer from offset (default: all N bytes of the last
 * `db load N`, from 0, whether loaded yet or not, as the reference firmware prints them), eight
 * to a line: m-buffer-0a-1b-...; nothing when no buffer was set up. The range is clipped to it.
 */
static void print(int argc, char **argv)
{
    long count = g_session.expected;
    long offset = 0;
    if (argc > 2 && (count = srv_parse_count(argv[2])) < 0) {
        srv_error("db print N: N must be a byte count");
        return;
    }
    if (argc > 3 && (offset = srv_parse_count(argv[3])) < 0) {
        srv_error("db print N offset: offset must be a byte count");
        return;
    }
    uint32_t from = (uint32_t)offset < g_session.expected ? (uint32_t)offset : g_session.expected;
    uint32_t end =
        g_session.expected - from < (uint32_t)count ? g_session.expected : from + (uint32_t)count;
    for (uint32_t i = from; i < end; i++) {
        uint32_t column = (i - from) % SRV_BUFFER_LINE;
        srv_puts(column == 0 ? "m-buffer-" : "-");
        srv_put_hex8(g_session.input[i]);
        if (column == SRV_BUFFER_LINE - 1u || i + 1u == end) {
            srv_endl();
        }
    }
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void srv_db_command(int argc, char **argv)
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
    if (strcmp(argv[1], "print") == 0) {
        print(argc, argv);
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
