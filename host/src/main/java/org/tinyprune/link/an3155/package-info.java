/**
 * Flashing over serial with the STM32 USART bootloader protocol (ST application note AN3155): the
 * same code drives a real STM32's ROM bootloader and the resident bootloader of tinyprune's
 * emulated boards. {@link org.tinyprune.link.an3155.BootloaderSession} speaks single commands,
 * {@link org.tinyprune.link.an3155.An3155Flasher} runs the whole procedure (enter, identify, erase,
 * write, verify, go) with retries, and {@link org.tinyprune.link.an3155.FirmwareImage} turns an ELF
 * into the bytes to write.
 */
package org.tinyprune.link.an3155;
