/*
 * tp_board.c - nucleo-l4r5zi bring-up (RM0432): switches SYSCLK from the 4 MHz MSI of reset to
 * HSI16 (0 flash wait states suffice up to 20 MHz in range 1), powers VDDIO2 for port G, and
 * routes LPUART1 to PG7 (TX) / PG8 (RX).
 */
#include "tp_board.h"
#include "stm32_port.h"

#define RCC_BASE     0x40021000u
#define RCC_CR       STM32_REG(RCC_BASE + 0x00u)
#define RCC_CFGR     STM32_REG(RCC_BASE + 0x08u)
#define RCC_AHB2ENR  STM32_REG(RCC_BASE + 0x4Cu)
#define RCC_APB1ENR1 STM32_REG(RCC_BASE + 0x58u)
#define RCC_APB1ENR2 STM32_REG(RCC_BASE + 0x5Cu)
#define RCC_CCIPR    STM32_REG(RCC_BASE + 0x88u)
#define PWR_CR2      STM32_REG(0x40007000u + 0x04u)
#define GPIOG_BASE   0x48001800u

#define RCC_CR_HSION  (1u << 8)
#define RCC_CR_HSIRDY (1u << 10)
#define CFGR_SW_HSI16 1u

void tp_board_init(void)
{
    RCC_CR |= RCC_CR_HSION;
    while (!(RCC_CR & RCC_CR_HSIRDY)) {
    }
    RCC_CFGR = (RCC_CFGR & ~3u) | CFGR_SW_HSI16;
    while (((RCC_CFGR >> 2) & 3u) != CFGR_SW_HSI16) {
    }
}

void stm32_uart_pins_and_clock(void)
{
    RCC_APB1ENR1 |= 1u << 28; /* PWREN */
    (void)RCC_APB1ENR1;
    PWR_CR2 |= 1u << 9;       /* IOSV: VDDIO2 valid, PG[15:2] usable */
    RCC_AHB2ENR |= 1u << 6;   /* GPIOGEN */
    RCC_APB1ENR2 |= 1u << 0;  /* LPUART1EN */
    RCC_CCIPR &= ~(3u << 10); /* LPUART1SEL = PCLK1 */
    (void)RCC_APB1ENR2;
    stm32_gpio_af(GPIOG_BASE, 7, 8);
    stm32_gpio_af(GPIOG_BASE, 8, 8);
}
