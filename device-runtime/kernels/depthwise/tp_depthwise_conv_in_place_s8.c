/*
 * tp_depthwise_conv_in_place_s8: int8 depthwise convolution (depth multiplier 1) whose output is
 * written over its input, with a line buffer instead of a second tensor.
 *
 * Input and output have the same channel count C, so the byte at (pixel p, channel c) of the
 * output is the byte of (pixel p, channel c) of the input: channel c's outputs only ever land on
 * channel c's inputs. The kernel therefore runs one block of (up to) four channels at a time
 * through all output rows. Before an output row is computed, the input rows of its window are in
 * the line buffer: a ring of E = dilation_h * (kh - 1) + 1 rows of W pixels x the block's
 * channels (the window's rows, top first: a row shift per output row, then the newly needed rows
 * gathered from the tensor), followed by the block's kh * kw weights in the same channel layout.
 * The output row is computed from the buffer alone, then written over the tensor. A row is
 * gathered before any output row that would overwrite it is written (the geometry check below),
 * so results are bit-identical to tp_depthwise_conv_s8 (same accumulation loops, same order).
 * The DSP path is the out-of-place kernel's, four channels per pass.
 */
#include "../internal/tp_dw_window.h"

/* Channels per block: one word of int8 per pixel in the line buffer. */
#define TP_DW_BLOCK 4

int32_t tp_depthwise_conv_in_place_s8_get_buffer_size(const tp_conv_params *conv,
                                                      const tp_shape *input,
                                                      const tp_filter_shape *filter)
{
    const int32_t block = input->c < TP_DW_BLOCK ? input->c : TP_DW_BLOCK;
    const int32_t extent = conv->dilation_h * (filter->h - 1) + 1;
    return block * (extent * input->w + filter->h * filter->w);
}

/*
 * 1 when the output fits in the input's bytes and every input row is gathered before an output
 * row lands on it. Output row oy covers
 * pixels [oy * OW, (oy + 1) * OW) of a channel; input row r covers [r * W, (r + 1) * W). The first
 * row gathered for output row oy >= 1 is r(oy) = oy * stride + max(E - stride, 0) - pad_top, and
 * it must still be intact: r(oy) * W >= oy * OW. Both sides are linear in oy, so checking the
 * first and the last output row that gathers anything (r(oy) <= H - 1) covers all of them.
 */
static int tp_dw_in_place_ok(const tp_conv_params *conv, const tp_shape *in,
                             const tp_filter_shape *f, const tp_shape *out)
{
    if ((int64_t)out->h * out->w > (int64_t)in->h * in->w) {
        return 0; /* the output would not fit where the input lies */
    }
    /* geometry already checked: extent, pads and strides are small positive int32 values */
    const int32_t extent = conv->dilation_h * (f->h - 1) + 1;
    const int32_t s = conv->stride_h;
    const int32_t a = (extent > s ? extent - s : 0) - conv->pad_top;
    const int32_t gather_rows = in->h - 1 - a; /* r(oy) <= H - 1  <=>  oy * s <= gather_rows */
    if (gather_rows < s) {
        return 1; /* no output row after the first gathers a row */
    }
    int64_t last = gather_rows / s;
    last = last < out->h - 1 ? last : out->h - 1;
    if (last < 1) {
        return 1;
    }
    return (int64_t)(s + a) * in->w >= (int64_t)out->w && (last * s + a) * in->w >= last * out->w;
}

/* Copies input rows [r0, r1) of channels [c0, c0 + block) into line-buffer rows from slot: a
 * word per pixel for a full block (the slot is word-aligned, the source may not be). */
static void tp_dw_gather(const int8_t *data, const tp_shape *in, int32_t c0, int32_t block,
                         int32_t r0, int32_t r1, int8_t *slot)
{
    const int32_t ch = in->c;
    const int32_t pixels = (r1 - r0) * in->w;
    const int8_t *src = data + (ptrdiff_t)r0 * in->w * ch + c0;
    if (block == TP_DW_BLOCK) {
        uint32_t *dst = (uint32_t *)(void *)slot;
        for (int32_t p = 0; p < pixels; p++, src += ch) {
            uint32_t word;
            memcpy(&word, src, sizeof(word));
            dst[p] = word;
        }
        return;
    }
    for (int32_t p = 0; p < pixels; p++, src += ch, slot += block) {
        for (int32_t j = 0; j < block; j++) {
            slot[j] = src[j];
        }
    }
}

/* Moves line-buffer rows down by shift rows, keep rows in all (row_bytes each). */
static void tp_dw_shift(int8_t *ring, ptrdiff_t row_bytes, int32_t shift, int32_t keep)
{
    const ptrdiff_t n = keep * row_bytes;
    if ((row_bytes & 3) == 0) {
        uint32_t *dst = (uint32_t *)(void *)ring;
        const uint32_t *src = (const uint32_t *)(const void *)(ring + shift * row_bytes);
        for (ptrdiff_t i = 0; i < n / 4; i++) {
            dst[i] = src[i];
        }
        return;
    }
    const int8_t *src = ring + shift * row_bytes;
    for (ptrdiff_t i = 0; i < n; i++) {
        ring[i] = src[i];
    }
}

tp_status tp_depthwise_conv_in_place_s8(const tp_scratch *scratch, const tp_conv_params *conv,
                                        const tp_quant_io *io, const tp_channel_quant *quant,
                                        const tp_shape *input_shape,
                                        const tp_filter_shape *filter_shape, const int8_t *filter,
                                        const int32_t *bias, const tp_shape *output_shape,
                                        int8_t *data)
{
    const tp_status st = tp_conv_s8_check(conv, io, quant, input_shape, data, filter_shape, filter,
                                          output_shape, data, 1);
    if (st != TP_OK) {
        return st;
    }
    if (!tp_scratch_ok(scratch, tp_depthwise_conv_in_place_s8_get_buffer_size(conv, input_shape,
                                                                              filter_shape))) {
        return TP_ERR_SCRATCH;
    }
    if (!tp_dw_in_place_ok(conv, input_shape, filter_shape, output_shape)) {
        return TP_ERR_UNSUPPORTED;
    }
    const int32_t ch = input_shape->c;
    const int32_t in_h = input_shape->h;
    const int32_t in_w = input_shape->w;
    const int32_t kh = filter_shape->h;
    const int32_t kw = filter_shape->w;
    const int32_t extent = conv->dilation_h * (kh - 1) + 1;
    const int32_t offset = io->input_offset;
    const int32_t out_offset = io->output_offset;
    const int32_t lo = io->act_min;
    const int32_t hi = io->act_max;
    int8_t *const ring = (int8_t *)scratch->buf;
    for (int32_t c0 = 0; c0 < ch; c0 += TP_DW_BLOCK) {
        const int32_t block = ch - c0 < TP_DW_BLOCK ? ch - c0 : TP_DW_BLOCK;
        const ptrdiff_t row_bytes = (ptrdiff_t)in_w * block;
        int8_t *const weights = ring + extent * row_bytes;
        for (int32_t t = 0; t < kh * kw; t++) {
            for (int32_t j = 0; j < block; j++) {
                weights[t * block + j] = filter[(ptrdiff_t)t * ch + c0 + j];
            }
        }
        tp_dw_window win;
        win.in_col = (ptrdiff_t)conv->dilation_w * block;
        win.w_col = block;
        int32_t have = 0; /* rows [y0, y0 + have) of the window are in the ring, from slot 0 */
        for (int32_t oy = 0; oy < output_shape->h; oy++) {
            const int32_t y0 = oy * conv->stride_h - conv->pad_top;
            if (oy > 0) {
                const int32_t s = conv->stride_h;
                have = have > s ? have - s : 0;
                tp_dw_shift(ring, row_bytes, s, have);
            }
            /* rows outside the input are never read (the window is clipped), only skipped */
            const int32_t r0 = y0 + have < 0 ? 0 : y0 + have;
            const int32_t r1 = y0 + extent < in_h ? y0 + extent : in_h;
            if (r0 < r1) {
                tp_dw_gather(data, input_shape, c0, block, r0, r1, ring + (r0 - y0) * row_bytes);
            }
            have = extent;
            int32_t ky0, ky1;
            tp_tap_range(y0, conv->dilation_h, kh, in_h, &ky0, &ky1);
            int8_t *out = data + (ptrdiff_t)oy * output_shape->w * ch + c0;
            for (int32_t ox = 0; ox < output_shape->w; ox++, out += ch) {
                const int32_t x0 = ox * conv->stride_w - conv->pad_left;
                int32_t kx0, kx1;
                tp_tap_range(x0, conv->dilation_w, kw, in_w, &kx0, &kx1);
                const int empty = ky0 >= ky1 || kx0 >= kx1; /* dilated taps may all miss */
                win.rows = empty ? 0 : ky1 - ky0;
                win.cols = empty ? 0 : kx1 - kx0;
                win.in = empty ? ring
                               : ring + (ptrdiff_t)ky0 * conv->dilation_h * row_bytes +
                                     (ptrdiff_t)(x0 + kx0 * conv->dilation_w) * block;
                win.w = weights + ((ptrdiff_t)ky0 * kw + kx0) * block;
                win.in_skip = (ptrdiff_t)conv->dilation_h * row_bytes - win.cols * win.in_col;
                win.w_skip = (ptrdiff_t)kw * block - win.cols * win.w_col;
                int32_t c = 0;
#if TP_USE_DSP
                if (block == TP_DW_BLOCK) {
                    int32_t acc[4] = {0, 0, 0, 0};
                    if (bias != NULL) {
                        memcpy(acc, bias + c0, sizeof(acc));
                    }
                    tp_dw_four(&win, 0, tp_dup_s16(offset), acc);
                    for (; c < TP_DW_BLOCK; c++) {
                        const tp_rq rq =
                            tp_rq_make(quant->multiplier[c0 + c], quant->shift[c0 + c]);
                        out[c] = tp_rq_apply(acc[c], &rq, out_offset, lo, hi);
                    }
                }
#endif
                for (; c < block; c++) {
                    const int32_t acc = tp_dw_one(&win, c, offset, bias != NULL ? bias[c0 + c] : 0);
                    const tp_rq rq = tp_rq_make(quant->multiplier[c0 + c], quant->shift[c0 + c]);
                    out[c] = tp_rq_apply(acc, &rq, out_offset, lo, hi);
                }
            }
        }
    }
    return TP_OK;
}
