# qemu-m33: compiler flags (must match profile.json "cflags") and port sources.
BOARD_CFLAGS := -mcpu=cortex-m33 -mthumb -mfloat-abi=hard -mfpu=fpv5-sp-d16
BOARD_SRCS := $(BOARDS)/common/mps2_board.c $(BOARDS)/common/cmsdk_uart.c $(BOARDS)/common/startup_cortexm.c
BOARD_FLASH_SRCS := $(BOARDS)/common/emulated_flash.c
BOARD_HAS_BOOTLOADER := 1
