/* Test console for hosted builds: stdout. */
#include <stdio.h>

#include "tp_test_port.h"

void tp_test_port_write(const char *text)
{
    fputs(text, stdout);
    fflush(stdout);
}
