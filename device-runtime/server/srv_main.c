/*
 * srv_main.c - benchmark server main loop: assembles '%'-terminated commands of at most 80
 * characters from the UART, dispatches them, and ends every command with m-ready.
 */
#include <string.h>
#include "srv_commands.h"
#include "srv_print.h"
#include "srv_session.h"
#include "tp_board.h"
#include "tp_timer.h"
#include "tp_uart.h"

#define SRV_CMD_MAX 80

static int split(char *line, char **argv)
{
    int argc = 0;
    char *p = line;
    while (*p && argc < SRV_MAX_ARGS) {
        while (*p == ' ') {
            *p++ = 0;
        }
        if (!*p) {
            break;
        }
        argv[argc++] = p;
        while (*p && *p != ' ') {
            p++;
        }
    }
    return argc;
}

static void dispatch(char *line)
{
    char *argv[SRV_MAX_ARGS];
    int argc = split(line, argv);
    if (argc == 0) {
        srv_error("Empty command");
    } else if (!srv_eembc_command(argc, argv) && !srv_tinyprune_command(argc, argv)) {
        srv_puts("e-[Unknown command: ");
        srv_puts(argv[0]);
        srv_puts("]\r\n");
    }
    srv_puts("m-ready\r\n");
}

int main(void)
{
    tp_board_init();
    tp_uart_init(115200u);
    tp_timer_init();
    srv_puts("m-timestamp-mode-performance\r\n");
    srv_puts("m-lap-us-");
    srv_put_u64(srv_board_micros());
    srv_puts("\r\nm-init-done\r\nm-ready\r\n");

    char line[SRV_CMD_MAX + 1];
    size_t len = 0;
    int overflow = 0;
    for (;;) {
        char c = (char)tp_uart_getc();
        if (c == '%') {
            line[len] = 0;
            if (overflow) {
                srv_error("Command longer than 80 characters");
                srv_puts("m-ready\r\n");
            } else {
                dispatch(line);
            }
            len = 0;
            overflow = 0;
        } else if (c == '\r' || c == '\n') {
            continue;
        } else if (len < SRV_CMD_MAX) {
            line[len++] = c;
        } else {
            overflow = 1;
        }
    }
}
