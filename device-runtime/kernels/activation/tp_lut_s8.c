/* tp_lut_s8: int8 activation by a 256-entry table (sigmoid, hard sigmoid, hard swish). */
#include "../internal/tp_internal.h"

tp_status tp_lut_s8(const int8_t *table, const int8_t *input, int8_t *output, int32_t size)
{
    if (table == NULL || input == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    if (size < 0) {
        return TP_ERR_SHAPE;
    }
    const int8_t *centre = table + 128;
    for (int32_t i = 0; i < size; i++) {
        output[i] = centre[input[i]];
    }
    return TP_OK;
}
