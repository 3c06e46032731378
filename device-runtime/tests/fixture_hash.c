/*
 * fixture_hash.c - host check that the fixture model's TP_MODEL_WEIGHTS_HASH is the FNV-1a 32 of
 * its const arrays in emission order (contract C2), computed here independently of the generator.
 * Prints "fixture hash ok" or the two values and exits 1.
 */
#include <stdio.h>
#include <string.h>
#include "model.h"

extern const int8_t fc1_weights[];
extern const int32_t fc1_bias[], fc1_multiplier[], fc1_shift[];
extern const int8_t fc2_weights[];
extern const int32_t fc2_bias[], fc2_multiplier[], fc2_shift[];

static uint32_t fnv1a(uint32_t h, const void *data, size_t n)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 0x01000193u;
    }
    return h;
}

int main(void)
{
    uint32_t h = 0x811C9DC5u;
    h = fnv1a(h, fc1_weights, 32 * 64);
    h = fnv1a(h, fc1_bias, 32 * 4);
    h = fnv1a(h, fc1_multiplier, 32 * 4);
    h = fnv1a(h, fc1_shift, 32 * 4);
    h = fnv1a(h, fc2_weights, 10 * 32);
    h = fnv1a(h, fc2_bias, 10 * 4);
    h = fnv1a(h, fc2_multiplier, 10 * 4);
    h = fnv1a(h, fc2_shift, 10 * 4);
    if (h != TP_MODEL_WEIGHTS_HASH) {
        printf("fixture hash mismatch: computed 0x%08x, model.h says 0x%08x\n", h,
               TP_MODEL_WEIGHTS_HASH);
        return 1;
    }
    printf("fixture hash ok\n");
    return 0;
}
