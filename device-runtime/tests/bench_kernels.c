/*
 * Instructions per MAC of the int8 kernels on QEMU's mps2-an386 (Cortex-M4F, DSP paths), run by
 * `make -f kernels.mk bench`. QEMU runs with -icount shift=0: each instruction advances guest time
 * by 1 ns and SysTick counts the 25 MHz clock, so instructions = ticks * 40 (+-40). These are
 * instruction counts on an emulator, not silicon cycles.
 */
#include <string.h>

#include "tp_kernels.h"
#include "tp_test.h"

uint32_t tp_test_port_ticks(void);

enum { INSNS_PER_TICK = 40 };

static int8_t input[16384], weights[16384], output[16384];
static int32_t bias[64], mult[64], shift[64];
static int16_t scratch_mem[2048];

static uint32_t measured_insns(uint32_t t0, uint32_t t1)
{
    return (t1 - t0) * INSNS_PER_TICK;
}

static void report(const char *name, uint32_t macs, uint32_t insns)
{
    const uint32_t hundredths = (uint32_t)(((uint64_t)insns * 100u + macs / 2u) / macs);
    tp_test_log("bench %-34s MACs %7lu  instructions %8lu  per MAC %lu.%02lu", name,
                (unsigned long)macs, (unsigned long)insns, (unsigned long)(hundredths / 100u),
                (unsigned long)(hundredths % 100u));
}

static void bench_conv(const char *name, tp_shape in, tp_filter_shape f, tp_conv_params conv,
                       tp_shape out, int depthwise)
{
    const tp_quant_io io = {5, -3, -128, 127};
    const tp_channel_quant quant = {mult, shift};
    const tp_scratch scratch = {scratch_mem, (int32_t)sizeof(scratch_mem)};
    const uint32_t t0 = tp_test_port_ticks();
    const tp_status st = depthwise ? tp_depthwise_conv_s8(&scratch, &conv, &io, &quant, &in, input,
                                                          &f, weights, bias, &out, output)
                                   : tp_conv_wrapper_s8(&scratch, &conv, &io, &quant, &in, input,
                                                        &f, weights, bias, &out, output);
    const uint32_t t1 = tp_test_port_ticks();
    TP_CHECK(st == TP_OK, "%s status %d", name, (int)st);
    const uint32_t macs = (uint32_t)(out.h * out.w * out.c * f.h * f.w * (depthwise ? 1 : f.c));
    report(name, macs, measured_insns(t0, t1));
}

static void bench_dense(const char *name, int32_t n_in, int32_t n_out)
{
    const tp_quant_io io = {5, -3, -128, 127};
    const tp_channel_quant quant = {mult, shift};
    const uint32_t t0 = tp_test_port_ticks();
    const tp_status st = tp_dense_s8(&io, &quant, n_in, input, n_out, weights, bias, output);
    const uint32_t t1 = tp_test_port_ticks();
    TP_CHECK(st == TP_OK, "%s status %d", name, (int)st);
    report(name, (uint32_t)(n_in * n_out), measured_insns(t0, t1));
}

int main(void)
{
    tp_test_begin("bench_kernels", 1);
    tp_fill_s8(input, (int32_t)sizeof(input), -128, 127);
    tp_fill_s8(weights, (int32_t)sizeof(weights), -127, 127);
    for (int i = 0; i < 64; i++) {
        bias[i] = tp_rand_range(-1000, 1000);
        mult[i] = 0x50000000 + i;
        shift[i] = -9;
    }
    /* calibration: 2 * 100000 instructions of a counted loop */
    uint32_t n = 100000;
    const uint32_t c0 = tp_test_port_ticks();
    __asm__ volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(n) : : "cc");
    const uint32_t c1 = tp_test_port_ticks();
    tp_test_log("calibration: 200000 instructions measured as %lu",
                (unsigned long)measured_insns(c0, c1));
    const tp_conv_params same = {1, 1, 1, 1, 1, 1, 1};
    const tp_conv_params valid = {1, 1, 0, 0, 1, 1, 1};
    const tp_conv_params stride2 = {2, 2, 1, 1, 1, 1, 1};
    bench_conv("conv 3x3 16x16x16->16", (tp_shape){16, 16, 16}, (tp_filter_shape){16, 3, 3, 16},
               same, (tp_shape){16, 16, 16}, 0);
    bench_conv("conv 3x3 16x16x32->32", (tp_shape){16, 16, 32}, (tp_filter_shape){32, 3, 3, 32},
               same, (tp_shape){16, 16, 32}, 0);
    bench_conv("conv 3x3 s2 16x16x16->32", (tp_shape){16, 16, 16}, (tp_filter_shape){32, 3, 3, 16},
               stride2, (tp_shape){8, 8, 32}, 0);
    bench_conv("conv 3x3 28x28x1->8 (first layer)", (tp_shape){28, 28, 1},
               (tp_filter_shape){8, 3, 3, 1}, same, (tp_shape){28, 28, 8}, 0);
    bench_conv("conv 1x1 16x16x32->32", (tp_shape){16, 16, 32}, (tp_filter_shape){32, 1, 1, 32},
               valid, (tp_shape){16, 16, 32}, 0);
    bench_conv("conv 1x1 8x8x64->64", (tp_shape){8, 8, 64}, (tp_filter_shape){64, 1, 1, 64}, valid,
               (tp_shape){8, 8, 64}, 0);
    bench_conv("depthwise 3x3 16x16x32", (tp_shape){16, 16, 32}, (tp_filter_shape){1, 3, 3, 32},
               same, (tp_shape){16, 16, 32}, 1);
    bench_conv("depthwise 3x3 s2 16x16x64", (tp_shape){16, 16, 64}, (tp_filter_shape){1, 3, 3, 64},
               stride2, (tp_shape){8, 8, 64}, 1);
    bench_dense("dense 256->64", 256, 64);
    bench_dense("dense 1024->10", 1024, 10);
    return tp_test_end();
}
