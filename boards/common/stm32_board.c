/*
 * stm32_board.c - tp_board.h facts common to the Nucleo ports; clocks and pins are in each
 * board's own tp_board.c (tp_board_init, stm32_uart_pins_and_clock).
 */
#include "tp_board.h"
#include "board_config.h"

const char *tp_board_name(void)
{
    return TP_BOARD_NAME;
}

const char *tp_board_core(void)
{
    return TP_BOARD_CORE;
}

uint32_t tp_board_core_hz(void)
{
    return TP_BOARD_CORE_HZ;
}

uint32_t tp_board_cycle_scale(void)
{
    return 1u;
}

const char *tp_board_cycle_unit(void)
{
    return "cycles";
}

int tp_board_is_emulated(void)
{
    return 0;
}

uint16_t tp_board_chip_id(void)
{
    return TP_BOARD_CHIP_ID;
}
