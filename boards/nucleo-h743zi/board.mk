# nucleo-h743zi: compiler flags (must match profile.json "cflags") and port sources.
BOARD_CFLAGS := -mcpu=cortex-m7 -mthumb -mfloat-abi=hard -mfpu=fpv5-d16
BOARD_SRCS := $(BOARD_DIR)/tp_board.c $(BOARDS)/common/stm32_usart.c $(BOARDS)/common/stm32_board.c \
              $(BOARDS)/common/startup_cortexm.c
BOARD_HAS_BOOTLOADER := 0
