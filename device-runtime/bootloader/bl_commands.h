/*
 * bl_commands.h - the AN3155 command subset of the resident bootloader.
 */
#ifndef BL_COMMANDS_H
#define BL_COMMANDS_H

#include <stdint.h>

#define BL_VERSION 0x31u /* protocol version 3.1, as STM32F4/F7 ROM bootloaders report */

#define BL_CMD_GET          0x00u
#define BL_CMD_GET_VERSION  0x01u
#define BL_CMD_GET_ID       0x02u
#define BL_CMD_READ_MEMORY  0x11u
#define BL_CMD_GO           0x21u
#define BL_CMD_WRITE_MEMORY 0x31u
#define BL_CMD_ERASE        0x43u
#define BL_CMD_EXT_ERASE    0x44u

/* Runs the command whose code and complement were already received and acknowledged. */
void bl_run_command(uint8_t command);

/* Erase (0x43) and Extended Erase (0x44), in bl_erase.c. */
void bl_cmd_erase(void);
void bl_cmd_extended_erase(void);

/* Starts the application image at physical address `image` (checked by the caller); never
 * returns. In bl_jump.c. */
void bl_jump_to(uint32_t image) __attribute__((noreturn));

/* 1 when `command` is one the bootloader implements. */
int bl_command_known(uint8_t command);

#endif /* BL_COMMANDS_H */
