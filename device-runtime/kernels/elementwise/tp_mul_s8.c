/* tp_mul_s8: int8 elementwise multiply, one requantisation per product (TFLite / CMSIS-NN). */
#include "../internal/tp_internal.h"

tp_status tp_mul_s8(const tp_mul_params *params, const int8_t *input1, const int8_t *input2,
                    int8_t *output, int32_t size, int32_t input2_size)
{
    if (params == NULL || input1 == NULL || input2 == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    const tp_mul_params *p = params;
    if (p->input1_offset < -127 || p->input1_offset > 128 || p->input2_offset < -127 ||
        p->input2_offset > 128 || p->output_offset < INT8_MIN || p->output_offset > INT8_MAX ||
        p->output_multiplier < 0 || p->output_shift < -31 || p->output_shift > 15 ||
        !tp_act_range_ok(p->act_min, p->act_max)) {
        return TP_ERR_ARGUMENT;
    }
    if (size < 0 || input2_size < 1 || size % input2_size != 0) {
        return TP_ERR_SHAPE;
    }
    const tp_rq rq = tp_rq_make(p->output_multiplier, p->output_shift);
    const int32_t off1 = p->input1_offset;
    const int32_t off2 = p->input2_offset;
    const int32_t out_off = p->output_offset;
    const int32_t lo = p->act_min;
    const int32_t hi = p->act_max;
    for (int32_t base = 0; base < size; base += input2_size) {
        for (int32_t c = 0; c < input2_size; c++) {
            const int32_t product = (input1[base + c] + off1) * (input2[c] + off2);
            output[base + c] = tp_rq_apply(product, &rq, out_off, lo, hi);
        }
    }
    return TP_OK;
}
