/* tp_add_s8: int8 elementwise add with per-input rescale (TFLite int8 add scheme). */
#include "../internal/tp_internal.h"

tp_status tp_add_s8(const tp_add_params *params, const int8_t *input1, const int8_t *input2,
                    int8_t *output, int32_t size)
{
    if (params == NULL || input1 == NULL || input2 == NULL || output == NULL) {
        return TP_ERR_ARGUMENT;
    }
    const tp_add_params *p = params;
    if (p->left_shift < 0 || p->left_shift > 22 || p->input1_offset < -127 ||
        p->input1_offset > 128 || p->input2_offset < -127 || p->input2_offset > 128 ||
        p->output_offset < INT8_MIN || p->output_offset > INT8_MAX ||
        !tp_act_range_ok(p->act_min, p->act_max)) {
        return TP_ERR_ARGUMENT;
    }
    if (size < 0) {
        return TP_ERR_SHAPE;
    }
    for (int32_t i = 0; i < size; i++) {
        const int32_t x1 = (input1[i] + p->input1_offset) * (1 << p->left_shift);
        const int32_t x2 = (input2[i] + p->input2_offset) * (1 << p->left_shift);
        const int32_t s1 = tp_requantize(x1, p->input1_multiplier, p->input1_shift);
        const int32_t s2 = tp_requantize(x2, p->input2_multiplier, p->input2_shift);
        const int32_t sum = s1 + s2;
        const int32_t q =
            tp_requantize(sum, p->output_multiplier, p->output_shift) + p->output_offset;
        output[i] = (int8_t)tp_clamp_i32(q, p->act_min, p->act_max);
    }
    return TP_OK;
}
