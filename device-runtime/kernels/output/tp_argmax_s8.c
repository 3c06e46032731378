/* tp_argmax_s8: index of the first maximum of an int8 vector (integer-exact class decision). */
#include "../internal/tp_internal.h"

tp_status tp_argmax_s8(const int8_t *input, int32_t size, int32_t *index)
{
    if (input == NULL || index == NULL) {
        return TP_ERR_ARGUMENT;
    }
    if (size < 1) {
        return TP_ERR_SHAPE;
    }
    int32_t best = 0;
    for (int32_t i = 1; i < size; i++) {
        if (input[i] > input[best]) {
            best = i;
        }
    }
    *index = best;
    return TP_OK;
}
