/* tp_transpose_s8: int8 axis permutation of a row-major tensor of up to four dimensions. */
#include "../internal/tp_internal.h"

tp_status tp_transpose_s8(const tp_transpose_params *params, const int8_t *input, int8_t *output)
{
    tp_transpose_plan plan;
    if (input == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    const tp_status st = tp_transpose_prepare(params, &plan);
    if (st != TP_OK) {
        return st;
    }
    int8_t *out = output;
    for (int32_t a = 0; a < plan.dims[0]; a++) {
        const int8_t *pa = input + (ptrdiff_t)a * plan.strides[0];
        for (int32_t b = 0; b < plan.dims[1]; b++) {
            const int8_t *pb = pa + (ptrdiff_t)b * plan.strides[1];
            for (int32_t c = 0; c < plan.dims[2]; c++) {
                const int8_t *pc = pb + (ptrdiff_t)c * plan.strides[2];
                for (int32_t d = 0; d < plan.dims[3]; d++) {
                    *out++ = pc[(ptrdiff_t)d * plan.strides[3]];
                }
            }
        }
    }
    return TP_OK;
}
