# nucleo-f446re: compiler flags (must match profile.json "cflags") and port sources.
BOARD_CFLAGS := -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
BOARD_SRCS := $(BOARD_DIR)/tp_board.c $(BOARD_DIR)/tp_uart.c $(BOARDS)/common/stm32_board.c \
              $(BOARDS)/common/startup_cortexm.c
BOARD_HAS_BOOTLOADER := 0
