/*
 * Random convolution-family cases shared by the conv and depthwise tests: a geometry that obeys
 * the GEOMETRY rules of tp_kernels.h (random padding on all four sides, output size derived),
 * random int8 data and per-channel quantisation.
 */
#ifndef TP_CASE_H
#define TP_CASE_H

#include "tp_kernels.h"

enum { TP_CASE_MAX_IN = 4096, TP_CASE_MAX_W = 8192, TP_CASE_MAX_OUT = 4096, TP_CASE_MAX_C = 64 };

typedef struct {
    tp_conv_params conv;
    tp_quant_io io;
    tp_shape in;
    tp_shape out;
    tp_filter_shape f;
    int has_bias;
    int8_t input[TP_CASE_MAX_IN];
    int8_t filter[TP_CASE_MAX_W];
    int32_t bias[TP_CASE_MAX_C];
    int32_t multiplier[TP_CASE_MAX_C];
    int32_t shift[TP_CASE_MAX_C];
} tp_case;

/** Output size of one axis for input n, kernel k, stride s, dilation d, paddings a (begin), b. */
int32_t tp_case_out_size(int32_t n, int32_t k, int32_t s, int32_t d, int32_t a, int32_t b);

/** Fills c->in, ->f(h, w), ->conv (strides, dilation, pads) and ->out(h, w) at random;
 * the caller has set c->in.c, c->f.c, c->f.n, c->out.c and c->conv.groups. */
void tp_case_random_geometry(tp_case *c, int32_t max_hw, int32_t max_k, int allow_dilation);

/** Random data, offsets, clamp, bias and multipliers; shifts chosen so outputs spread. */
void tp_case_random_data(tp_case *c);

#endif /* TP_CASE_H */
