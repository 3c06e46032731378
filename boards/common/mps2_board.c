/*
 * mps2_board.c - tp_board.h for the QEMU MPS2 boards (qemu-m4, qemu-m7, qemu-m33). The FPGA
 * images have fixed clocks, so bring-up has nothing to do; the facts come from board_config.h.
 */
#include "tp_board.h"
#include "board_config.h"

void tp_board_init(void)
{
}

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
    return 1000000000u / TP_BOARD_CORE_HZ; /* ns per tick = instructions at -icount shift=0 */
}

const char *tp_board_cycle_unit(void)
{
    return "instructions";
}

int tp_board_is_emulated(void)
{
    return 1;
}

uint16_t tp_board_chip_id(void)
{
    return TP_BOARD_CHIP_ID;
}
