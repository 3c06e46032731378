/*
 * host_model_run.c - runs a generated model (contract C2) on the host: reads TP_MODEL_INPUT_BYTES
 * raw bytes per sample from stdin, prints each output vector as hex on its own line, in the same
 * format as the server's m-tp-output-[...] line, so device outputs can be compared bit for bit.
 */
#include <stdio.h>
#include "model.h"

int main(void)
{
    int8_t *in = tp_model_input();
    for (;;) {
        size_t got = fread(in, 1, TP_MODEL_INPUT_BYTES, stdin);
        if (got == 0) {
            return 0;
        }
        if (got != TP_MODEL_INPUT_BYTES) {
            fprintf(stderr, "host_model_run: short sample (%zu of %d bytes)\n", got,
                    TP_MODEL_INPUT_BYTES);
            return 1;
        }
        if (tp_model_run() != 0) {
            fprintf(stderr, "host_model_run: tp_model_run failed\n");
            return 1;
        }
        const int8_t *out = tp_model_output();
        for (int i = 0; i < TP_MODEL_OUTPUT_BYTES; i++) {
            printf("%02x", (unsigned)(uint8_t)out[i]);
        }
        printf("\n");
    }
}
