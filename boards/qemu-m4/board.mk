# qemu-m4: compiler flags (must match profile.json "cflags") and port sources.
BOARD_CFLAGS := -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
BOARD_SRCS := $(BOARDS)/common/mps2_board.c $(BOARDS)/common/cmsdk_uart.c $(BOARDS)/common/startup_cortexm.c
BOARD_FLASH_SRCS := $(BOARDS)/common/emulated_flash.c
BOARD_HAS_BOOTLOADER := 1
