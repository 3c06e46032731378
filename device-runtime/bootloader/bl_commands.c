/*
 * bl_commands.c - AN3155 Get, Get Version, Get ID, Read Memory, Go and Write Memory, and the
 * dispatcher (the erase commands are in bl_erase.c). Every handler answers NACK and returns to
 * command checking on a bad checksum or a refused address, and returns silently on a timeout;
 * nothing here writes the bootloader's own region.
 */
#include "bl_commands.h"
#include "bl_link.h"
#include "bl_memory.h"
#include "tp_board.h"
#include "tp_flash.h"
#include "tp_uart.h"

static const uint8_t k_listed[] = {
    BL_CMD_GET, BL_CMD_GET_VERSION,  BL_CMD_GET_ID,    BL_CMD_READ_MEMORY,
    BL_CMD_GO,  BL_CMD_WRITE_MEMORY, BL_CMD_EXT_ERASE,
};

static uint8_t g_buffer[256];

int bl_command_known(uint8_t command)
{
    for (uint32_t i = 0; i < sizeof k_listed; i++) {
        if (k_listed[i] == command) {
            return 1;
        }
    }
    return command == BL_CMD_ERASE; /* accepted though not listed: Get lists Extended Erase */
}

static void cmd_get(void)
{
    bl_send((uint8_t)sizeof k_listed); /* N = bytes to follow - 1: version + commands */
    bl_send(BL_VERSION);
    for (uint32_t i = 0; i < sizeof k_listed; i++) {
        bl_send(k_listed[i]);
    }
    bl_ack();
}

static void cmd_get_version(void)
{
    bl_send(BL_VERSION);
    bl_send(0x00); /* option byte 1 */
    bl_send(0x00); /* option byte 2 */
    bl_ack();
}

static void cmd_get_id(void)
{
    uint16_t id = tp_board_chip_id();
    bl_send(1); /* N = bytes to follow - 1 */
    bl_send((uint8_t)(id >> 8));
    bl_send((uint8_t)id);
    bl_ack();
}

static void cmd_read_memory(void)
{
    uint32_t address;
    uint32_t physical;
    if (bl_recv_address(&address) != 0 || bl_memory_map(address, 1, &physical) == BL_REGION_NONE) {
        bl_nack();
        return;
    }
    bl_ack();
    uint8_t frame[2];
    if (bl_recv_n(frame, 2) != 0 || (uint8_t)(frame[0] ^ frame[1]) != 0xFFu ||
        bl_memory_map(address, frame[0] + 1u, &physical) == BL_REGION_NONE) {
        bl_nack();
        return;
    }
    bl_ack();
    const volatile uint8_t *src = (const volatile uint8_t *)physical;
    for (uint32_t i = 0; i <= frame[0]; i++) {
        bl_send(src[i]);
    }
}

static void cmd_go(void)
{
    uint32_t address;
    uint32_t physical;
    if (bl_recv_address(&address) != 0 || bl_memory_map(address, 8, &physical) != BL_REGION_APP ||
        !bl_image_valid(physical)) {
        bl_nack();
        return;
    }
    bl_ack();
    bl_jump_to(physical);
}

static void cmd_write_memory(void)
{
    uint32_t address;
    uint32_t physical;
    int framing = bl_recv_address(&address);
    if (framing < 0) {
        return;
    }
    if (framing != 0 || bl_memory_map(address, 1, &physical) != BL_REGION_APP) {
        bl_nack();
        return;
    }
    bl_ack();
    int n = bl_recv();
    if (n < 0 || bl_recv_n(g_buffer, (uint32_t)n + 1u) != 0) {
        return;
    }
    int sum = bl_recv();
    if (sum < 0) {
        return;
    }
    uint8_t x = (uint8_t)n;
    for (int i = 0; i <= n; i++) {
        x ^= g_buffer[i];
    }
    if (x != (uint8_t)sum || bl_memory_map(address, (uint32_t)n + 1u, &physical) != BL_REGION_APP ||
        tp_flash_program(physical, g_buffer, (uint32_t)n + 1u) != 0) {
        bl_nack();
        return;
    }
    bl_ack();
}

void bl_run_command(uint8_t command)
{
    switch (command) {
    case BL_CMD_GET:
        cmd_get();
        break;
    case BL_CMD_GET_VERSION:
        cmd_get_version();
        break;
    case BL_CMD_GET_ID:
        cmd_get_id();
        break;
    case BL_CMD_READ_MEMORY:
        cmd_read_memory();
        break;
    case BL_CMD_GO:
        cmd_go();
        break;
    case BL_CMD_WRITE_MEMORY:
        cmd_write_memory();
        break;
    case BL_CMD_ERASE:
        bl_cmd_erase();
        break;
    case BL_CMD_EXT_ERASE:
        bl_cmd_extended_erase();
        break;
    default:
        bl_nack();
        break;
    }
}
