/*
 * The test seam to the platform: where a test binary writes its text. The host implements it
 * with stdio, qemu-arm user mode with Linux system calls, a board with its UART.
 */
#ifndef TP_TEST_PORT_H
#define TP_TEST_PORT_H

/** Writes a NUL-terminated string to the test console. */
void tp_test_port_write(const char *text);

#endif /* TP_TEST_PORT_H */
