/*
 * bl_main.c - resident bootloader of the emulated boards: waits for AN3155 commands on the
 * platform UART forever. It prints nothing of its own, so a stock AN3155 host sees only protocol
 * bytes. A 0x7F synchronisation byte is acknowledged whenever a command is expected.
 */
#include "bl_commands.h"
#include "bl_link.h"
#include "tp_board.h"
#include "tp_timer.h"
#include "tp_uart.h"

int main(void)
{
    tp_board_init();
    tp_uart_init(115200u);
    tp_timer_init();
    bl_link_init();
    for (;;) {
        uint8_t command = tp_uart_getc();
        if (command == BL_SYNC) {
            bl_ack();
            continue;
        }
        int complement = bl_recv();
        if (complement < 0) {
            continue;
        }
        if ((uint8_t)(command ^ (uint8_t)complement) != 0xFFu || !bl_command_known(command)) {
            bl_nack();
            continue;
        }
        bl_ack();
        bl_run_command(command);
    }
}
