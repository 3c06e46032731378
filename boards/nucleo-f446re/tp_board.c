/*
 * tp_board.c - nucleo-f446re bring-up (RM0390): HSI 16 MHz as left by reset, USART2 on PA2/PA3.
 */
#include "tp_board.h"
#include "stm32_port.h"

#define RCC_BASE    0x40023800u
#define RCC_AHB1ENR STM32_REG(RCC_BASE + 0x30u)
#define RCC_APB1ENR STM32_REG(RCC_BASE + 0x40u)
#define GPIOA_BASE  0x40020000u

void tp_board_init(void)
{
    /* Reset state: HSI 16 MHz drives SYSCLK, AHB and APB prescalers 1, flash 0 wait states. */
}

void stm32_uart_pins_and_clock(void)
{
    RCC_AHB1ENR |= 1u << 0;  /* GPIOAEN */
    RCC_APB1ENR |= 1u << 17; /* USART2EN */
    (void)RCC_APB1ENR;       /* read back: the clock is running before the first access */
    stm32_gpio_af(GPIOA_BASE, 2, 7);
    stm32_gpio_af(GPIOA_BASE, 3, 7);
}
