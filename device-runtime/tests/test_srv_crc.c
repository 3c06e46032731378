/*
 * test_srv_crc.c - host test of the benchmark server's reply integrity (server/srv_crc.c and the
 * CRC line of server/srv_print.c): the bitwise CRC-32 against the published check value and
 * against common/tp_image.c's independent table-driven CRC-32 (itself tested against Python's
 * zlib.crc32 by test_image_stamp.py); and the m-tp-crc-[...] line, with the UART replaced by a
 * buffer, against the CRC of exactly the bytes sent before it.
 */
#include <stdio.h>
#include <string.h>
#include "srv_crc.h"
#include "srv_print.h"
#include "tp_image.h"
#include "tp_test.h"

static char g_sent[4096];
static size_t g_sent_len;

/* The platform seam srv_print.c writes to: a buffer here instead of the UART. */
void tp_uart_putc(uint8_t c)
{
    if (g_sent_len < sizeof g_sent - 1) {
        g_sent[g_sent_len++] = (char)c;
        g_sent[g_sent_len] = 0;
    }
}

static void check_vectors(void)
{
    const char *check = "123456789";
    TP_CHECK(srv_crc32((const uint8_t *)check, 9) == 0xCBF43926u, "check value of \"123456789\"");
    TP_CHECK(srv_crc32((const uint8_t *)"", 0) == 0u, "CRC-32 of no bytes is 0");
    uint8_t buf[600];
    for (int round = 0; round < 200; round++) {
        uint32_t n = (uint32_t)tp_rand_range(0, (int32_t)sizeof buf);
        for (uint32_t i = 0; i < n; i++) {
            buf[i] = (uint8_t)tp_rand_u32();
        }
        uint32_t mine = srv_crc32(buf, n);
        uint32_t table = tp_crc32(0, buf, n);
        TP_CHECK(mine == table, "round %d, %u bytes: %08x, table-driven %08x", round, (unsigned)n,
                 (unsigned)mine, (unsigned)table);
        if (n > 0) {
            uint32_t at = (uint32_t)tp_rand_range(0, (int32_t)n - 1);
            buf[at] ^= (uint8_t)(1u << tp_rand_range(0, 7));
            TP_CHECK(srv_crc32(buf, n) != mine, "round %d: one flipped bit changes the CRC", round);
        }
    }
}

/* Checks that the last line sent is m-tp-crc-[x] with x the CRC-32 of everything before it. */
static void check_reply(const char *what)
{
    const char *line = g_sent_len >= 2 ? g_sent + g_sent_len - 2 : g_sent;
    while (line > g_sent && !(line[-1] == '\n')) {
        line--;
    }
    size_t body = (size_t)(line - g_sent);
    char want[32];
    snprintf(want, sizeof want, "m-tp-crc-[%08x]\r\n",
             (unsigned)tp_crc32(0, (const uint8_t *)g_sent, (uint32_t)body));
    TP_CHECK(strcmp(line, want) == 0, "%s: last line \"%s\", want \"%s\"", what, line, want);
}

static void check_line(void)
{
    g_sent_len = 0;
    srv_crc_begin();
    srv_crc_line();
    TP_CHECK(strcmp(g_sent, "m-tp-crc-[00000000]\r\n") == 0, "empty reply: %s", g_sent);

    /* Output of an earlier command is not part of the next reply. */
    srv_puts("m-ready\r\n");
    g_sent_len = 0;
    srv_crc_begin();
    srv_line_u64("tp-window-runs", 3);
    srv_line_u64("tp-window-ticks", 18446744073709551615ull);
    srv_line_str("tp-board", "qemu-m4");
    srv_put_hex32(0x9b9c6b25u);
    srv_puts("]-[");
    srv_put_i32(-7);
    srv_put_fixed3(-1.25f);
    srv_put_hex8(0x80);
    srv_endl();
    srv_error("No timed window: run infer N W first");
    const char *expect = "m-tp-window-runs-[3]\r\nm-tp-window-ticks-[18446744073709551615]\r\n"
                         "m-tp-board-[qemu-m4]\r\n0x9b9c6b25]-[-7-1.25080\r\n"
                         "e-[No timed window: run infer N W first]\r\n";
    TP_CHECK(strncmp(g_sent, expect, strlen(expect)) == 0, "reply text: %s", g_sent);
    srv_crc_line();
    check_reply("reply of every helper");
    /* server/README.md's example; the CRC is Python's zlib.crc32(b"m-tp-window-runs-[1]\r\n") */
    g_sent_len = 0;
    srv_crc_begin();
    srv_line_u64("tp-window-runs", 1);
    srv_crc_line();
    TP_CHECK(strcmp(g_sent, "m-tp-window-runs-[1]\r\nm-tp-crc-[034e2360]\r\n") == 0, "example: %s",
             g_sent);
}

int main(void)
{
    tp_test_begin("srv_crc", 15);
    check_vectors();
    check_line();
    return tp_test_end();
}
