/* The part of a pooling window that lies inside the input (padding positions are skipped). */
#ifndef TP_POOL_WINDOW_H
#define TP_POOL_WINDOW_H

#include "tp_kernels.h"

typedef struct {
    int32_t y0, y1; /* input rows [y0, y1) */
    int32_t x0, x1; /* input columns [x0, x1) */
} tp_pool_window;

static inline tp_pool_window tp_pool_window_at(const tp_pool_params *pool, const tp_shape *in,
                                               int32_t oy, int32_t ox)
{
    const int32_t ys = oy * pool->stride_h - pool->pad_top;
    const int32_t xs = ox * pool->stride_w - pool->pad_left;
    tp_pool_window win;
    win.y0 = ys > 0 ? ys : 0;
    win.y1 = ys + pool->kernel_h < in->h ? ys + pool->kernel_h : in->h;
    win.x0 = xs > 0 ? xs : 0;
    win.x1 = xs + pool->kernel_w < in->w ? xs + pool->kernel_w : in->w;
    return win;
}

#endif /* TP_POOL_WINDOW_H */
