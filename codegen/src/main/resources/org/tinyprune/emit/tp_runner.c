/*
 * tinyprune host runner: pushes one input tensor through the generated model and writes the
 * output tensor, so any ONNX test case can be run through generated code.
 *
 *   tp_runner [--int8] INPUT OUTPUT
 *
 * INPUT/OUTPUT ending in ".pb" are ONNX TensorProto files; anything else is raw little-endian
 * data. Tensors are in ONNX order (NCHW or NF); the runner converts to and from the model's NHWC.
 * Without --int8, values are float32: an int8 model's input is quantised like ONNX QuantizeLinear
 * (round half to even, saturate) and its output dequantised. With --int8 (int8 models only), the
 * files hold the int8 codes themselves. Exit status: 0 on success, 1 on bad input, 2 if the model
 * returned an error.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define TP_FLOAT_TYPE 1
#define TP_INT8_TYPE 3

static int fail(const char *what, const char *file)
{
    fprintf(stderr, "tp_runner: %s: %s\n", file, what);
    return 1;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static long read_file(const char *path, uint8_t **data)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return -1;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    *data = malloc(n > 0 ? (size_t)n : 1u);
    if (*data == NULL || fread(*data, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        return -1;
    }
    fclose(f);
    return n;
}

static int varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
    *v = 0;
    for (int shift = 0; shift < 64 && *p < end; shift += 7) {
        uint8_t b = *(*p)++;
        *v |= (uint64_t)(b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
            return 0;
        }
    }
    return -1;
}

/* Extracts data_type and the element bytes (raw_data or float_data/int32_data) of a TensorProto. */
static int parse_tensor(const uint8_t *p, const uint8_t *end, int *type, uint8_t *out, long want_bytes)
{
    long got = 0;
    *type = 0;
    while (p < end) {
        uint64_t key, v;
        if (varint(&p, end, &key) != 0) {
            return -1;
        }
        int field = (int)(key >> 3), wire = (int)(key & 7);
        if (wire == 0) {
            if (varint(&p, end, &v) != 0) {
                return -1;
            }
            if (field == 2) {
                *type = (int)v;
            } else if (field == 5 && got < want_bytes) {
                out[got++] = (uint8_t)v;
            }
        } else if (wire == 5) {
            if (end - p < 4) {
                return -1;
            }
            if (field == 4 && got + 4 <= want_bytes) {
                memcpy(out + got, p, 4);
                got += 4;
            }
            p += 4;
        } else if (wire == 1) {
            p += 8;
        } else if (wire == 2) {
            if (varint(&p, end, &v) != 0 || (uint64_t)(end - p) < v) {
                return -1;
            }
            const uint8_t *q = p, *qend = p + v;
            if (field == 9 || field == 4) {
                long n = (long)v;
                if (got + n > want_bytes) {
                    return -1;
                }
                memcpy(out + got, q, (size_t)n);
                got += n;
            } else if (field == 5) {
                while (q < qend && got < want_bytes) {
                    if (varint(&q, qend, &v) != 0) {
                        return -1;
                    }
                    out[got++] = (uint8_t)v;
                }
            }
            p = qend;
        } else {
            return -1;
        }
    }
    return got == want_bytes ? 0 : -1;
}

static void put_varint(FILE *f, uint64_t v)
{
    while (v >= 0x80) {
        fputc((int)(v & 0x7f) | 0x80, f);
        v >>= 7;
    }
    fputc((int)v, f);
}

/* ONNX (NCHW) element index of NHWC index i of a model tensor of images of shape h, w, c. */
static long nchw_index(long i, long h, long w, long c)
{
    long image = i / (h * w * c), r = i % (h * w * c);
    long ch = r % c, pix = r / c;
    return image * (h * w * c) + ch * (h * w) + pix;
}

int main(int argc, char **argv)
{
    int codes = argc == 4 && strcmp(argv[1], "--int8") == 0;
    if (argc != 3 + codes) {
        fprintf(stderr, "usage: tp_runner [--int8] INPUT OUTPUT\n");
        return 1;
    }
    const char *in_path = argv[1 + codes], *out_path = argv[2 + codes];
    const long n_in = TP_MODEL_INPUT_ELEMENTS, n_out = TP_MODEL_OUTPUT_ELEMENTS;
    const long elem = codes ? 1 : 4;
    if (codes && TP_MODEL_IS_FLOAT) {
        return fail("--int8 given but the model is float", in_path);
    }
    uint8_t *file = NULL;
    long size = read_file(in_path, &file);
    if (size < 0) {
        return fail("cannot read", in_path);
    }
    uint8_t *values = malloc((size_t)(n_in * elem));
    if (values == NULL) {
        return fail("out of memory", in_path);
    }
    if (ends_with(in_path, ".pb")) {
        int type = 0;
        if (parse_tensor(file, file + size, &type, values, n_in * elem) != 0
            || type != (codes ? TP_INT8_TYPE : TP_FLOAT_TYPE)) {
            return fail("not a TensorProto of the model's input size and type", in_path);
        }
    } else if (size != n_in * elem) {
        return fail("raw input has the wrong size for the model input", in_path);
    } else {
        memcpy(values, file, (size_t)size);
    }
    tp_model_value *input = tp_model_input();
    for (long i = 0; i < n_in; i++) {
        long src = nchw_index(i, TP_MODEL_INPUT_H, TP_MODEL_INPUT_W, TP_MODEL_INPUT_C);
        if (codes) {
            input[i] = (tp_model_value)(int8_t)values[src];
        } else {
            float x;
            memcpy(&x, values + 4 * src, 4);
#if TP_MODEL_IS_FLOAT
            input[i] = (tp_model_value)x;
#else
            float q = nearbyintf(x / TP_MODEL_INPUT_SCALE) + (float)TP_MODEL_INPUT_ZERO_POINT;
            input[i] = (tp_model_value)(q < -128.0f ? -128.0f : q > 127.0f ? 127.0f : q);
#endif
        }
    }
    int status = tp_model_run();
    if (status != 0) {
        fprintf(stderr, "tp_runner: tp_model_run returned %d\n", status);
        return 2;
    }
    const tp_model_value *output = tp_model_output();
    uint8_t *result = malloc((size_t)(n_out * elem));
    if (result == NULL) {
        return fail("out of memory", out_path);
    }
    for (long i = 0; i < n_out; i++) {
        long dst = nchw_index(i, TP_MODEL_OUTPUT_H, TP_MODEL_OUTPUT_W, TP_MODEL_OUTPUT_C);
        if (codes) {
            result[dst] = (uint8_t)output[i];
        } else {
#if TP_MODEL_IS_FLOAT
            float x = (float)output[i];
#else
            float x = TP_MODEL_OUTPUT_SCALE * (float)((int)output[i] - TP_MODEL_OUTPUT_ZERO_POINT);
#endif
            memcpy(result + 4 * dst, &x, 4);
        }
    }
    FILE *f = fopen(out_path, "wb");
    if (f == NULL) {
        return fail("cannot write", out_path);
    }
    if (ends_with(out_path, ".pb")) {
        const long dims[TP_MODEL_OUTPUT_RANK] = TP_MODEL_OUTPUT_DIMS;
        for (int d = 0; d < TP_MODEL_OUTPUT_RANK; d++) {
            put_varint(f, 1u << 3);
            put_varint(f, (uint64_t)dims[d]);
        }
        put_varint(f, 2u << 3);
        put_varint(f, codes ? TP_INT8_TYPE : TP_FLOAT_TYPE);
        put_varint(f, (9u << 3) | 2u);
        put_varint(f, (uint64_t)(n_out * elem));
    }
    int ok = fwrite(result, 1, (size_t)(n_out * elem), f) == (size_t)(n_out * elem);
    ok &= fclose(f) == 0;
    free(result);
    free(values);
    free(file);
    return ok ? 0 : fail("write failed", out_path);
}
