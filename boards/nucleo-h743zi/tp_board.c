/*
 * tp_board.c - nucleo-h743zi bring-up (RM0433): HSI 64 MHz as left by reset (HSIDIV 1, all bus
 * prescalers 1, voltage scale 3 is enough at this clock), USART3 on PD8/PD9.
 */
#include "tp_board.h"
#include "stm32_port.h"

#define RCC_BASE     0x58024400u
#define RCC_AHB4ENR  STM32_REG(RCC_BASE + 0x0E0u)
#define RCC_APB1LENR STM32_REG(RCC_BASE + 0x0E8u)
#define GPIOD_BASE   0x58020C00u

void tp_board_init(void)
{
    /* Reset state: HSI 64 MHz drives SYSCLK; nothing to change without a PLL. */
}

void stm32_uart_pins_and_clock(void)
{
    RCC_AHB4ENR |= 1u << 3;   /* GPIODEN */
    RCC_APB1LENR |= 1u << 18; /* USART3EN */
    (void)RCC_APB1LENR;
    stm32_gpio_af(GPIOD_BASE, 8, 7);
    stm32_gpio_af(GPIOD_BASE, 9, 7);
}
