/*
 * tp_board.c - nucleo-f767zi bring-up (RM0410): HSI 16 MHz as left by reset, USART3 on PD8/PD9.
 */
#include "tp_board.h"
#include "stm32_port.h"

#define RCC_BASE    0x40023800u
#define RCC_AHB1ENR STM32_REG(RCC_BASE + 0x30u)
#define RCC_APB1ENR STM32_REG(RCC_BASE + 0x40u)
#define GPIOD_BASE  0x40020C00u

void tp_board_init(void)
{
    /* Reset state: HSI 16 MHz drives SYSCLK, prescalers 1, flash 0 wait states, caches off. */
}

void stm32_uart_pins_and_clock(void)
{
    RCC_AHB1ENR |= 1u << 3;  /* GPIODEN */
    RCC_APB1ENR |= 1u << 18; /* USART3EN */
    (void)RCC_APB1ENR;
    stm32_gpio_af(GPIOD_BASE, 8, 7);
    stm32_gpio_af(GPIOD_BASE, 9, 7);
}
