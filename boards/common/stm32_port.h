/*
 * stm32_port.h - helpers shared by the Nucleo ports (board side of the seam, not device-runtime):
 * register access, GPIO alternate-function setup (same GPIO block on STM32F4/F7/H7/L4), and the
 * hook each board implements to clock its UART and route its pins.
 */
#ifndef STM32_PORT_H
#define STM32_PORT_H

#include <stdint.h>

#define STM32_REG(addr) (*(volatile uint32_t *)(addr))

/* Puts `pin` of the GPIO port at `gpio` in alternate function `af`, very high speed, pull-up. */
static inline void stm32_gpio_af(uint32_t gpio, uint32_t pin, uint32_t af)
{
    STM32_REG(gpio + 0x00u) = (STM32_REG(gpio + 0x00u) & ~(3u << (2u * pin))) | (2u << (2u * pin));
    STM32_REG(gpio + 0x08u) |= 3u << (2u * pin); /* OSPEEDR */
    STM32_REG(gpio + 0x0Cu) = (STM32_REG(gpio + 0x0Cu) & ~(3u << (2u * pin))) | (1u << (2u * pin));
    uint32_t afr = gpio + (pin < 8u ? 0x20u : 0x24u);
    uint32_t shift = 4u * (pin & 7u);
    STM32_REG(afr) = (STM32_REG(afr) & ~(0xFu << shift)) | (af << shift);
}

/* Board hook: enables the clocks of the virtual-COM-port UART and its GPIO port and routes the
 * TX/RX pins. Called by tp_uart_init(). */
void stm32_uart_pins_and_clock(void);

#endif /* STM32_PORT_H */
