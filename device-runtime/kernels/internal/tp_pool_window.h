/* The taps of a pooling window that lie inside the input (padding positions are skipped). */
#ifndef TP_POOL_WINDOW_H
#define TP_POOL_WINDOW_H

#include "tp_kernels.h"

typedef struct {
    int32_t y0, y1; /* input rows y0, y0 + dilation_h, ... below y1 */
    int32_t x0, x1; /* input columns x0, x0 + dilation_w, ... below x1 */
    int32_t inside; /* taps inside the input */
    int32_t
        counted; /* taps an average divides by (inside, plus padding taps with count_include_pad) */
} tp_pool_window;

/* Taps [*first, *end) of one window axis starting at start (may be negative) inside [0, size);
 * returns the number of taps inside [0, size + pad_end) (start is never below -pad_begin). */
static inline int32_t tp_pool_axis(int32_t start, int32_t kernel, int32_t dilation, int32_t size,
                                   int32_t pad_end, int32_t *first, int32_t *end)
{
    const int32_t k0 = start >= 0 ? 0 : (-start + dilation - 1) / dilation;
    const int32_t last_in = size - 1 - start;
    int32_t k1 = last_in < 0 ? 0 : last_in / dilation + 1;
    k1 = k1 < kernel ? k1 : kernel;
    *first = start + k0 * dilation;
    *end = k1 > k0 ? start + k1 * dilation : *first;
    const int32_t last_pad = size + pad_end - 1 - start;
    const int32_t kp = last_pad < 0 ? 0 : last_pad / dilation + 1;
    return kp < kernel ? kp : kernel;
}

static inline tp_pool_window tp_pool_window_at(const tp_pool_params *pool, const tp_shape *in,
                                               int32_t oy, int32_t ox)
{
    tp_pool_window win;
    const int32_t ph = tp_pool_axis(oy * pool->stride_h - pool->pad_top, pool->kernel_h,
                                    pool->dilation_h, in->h, pool->pad_bottom, &win.y0, &win.y1);
    const int32_t pw = tp_pool_axis(ox * pool->stride_w - pool->pad_left, pool->kernel_w,
                                    pool->dilation_w, in->w, pool->pad_right, &win.x0, &win.x1);
    win.inside = ((win.y1 - win.y0 + pool->dilation_h - 1) / pool->dilation_h) *
                 ((win.x1 - win.x0 + pool->dilation_w - 1) / pool->dilation_w);
    win.counted = pool->count_include_pad ? ph * pw : win.inside;
    return win;
}

#endif /* TP_POOL_WINDOW_H */
