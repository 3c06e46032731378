/*
 * tp_timer.c - cycle timer for every Cortex-M board: DWT CYCCNT, else SysTick extended by wraps.
 *
 * Only architectural registers (ARMv7-M / ARMv8-M system control space) are used, so this file
 * carries no board knowledge; the core clock comes from tp_board_core_hz().
 */
#include "tp_timer.h"
#include "tp_board.h"

#define REG32(addr) (*(volatile uint32_t *)(addr))

#define DEMCR              REG32(0xE000EDFCu)
#define DEMCR_TRCENA       (1u << 24)
#define DWT_CTRL           REG32(0xE0001000u)
#define DWT_CTRL_CYCCNTENA (1u << 0)
#define DWT_CTRL_NOCYCCNT  (1u << 25)
#define DWT_CYCCNT         REG32(0xE0001004u)
#define DWT_LAR            REG32(0xE0001FB0u) /* lock access register (Cortex-M7) */
#define DWT_LAR_KEY        0xC5ACCE55u

#define SYST_CSR           REG32(0xE000E010u)
#define SYST_RVR           REG32(0xE000E014u)
#define SYST_CVR           REG32(0xE000E018u)
#define SYST_CSR_ENABLE    (1u << 0)
#define SYST_CSR_TICKINT   (1u << 1)
#define SYST_CSR_CLKSOURCE (1u << 2)
#define SYST_RELOAD        0x00FFFFFFu

static tp_timer_source g_source = TP_TIMER_SYSTICK;
static volatile uint32_t g_systick_wraps; /* SysTick reloads since init */
static uint32_t g_dwt_high;               /* DWT wraps, tracked on read */
static uint32_t g_dwt_last;

void SysTick_Handler(void)
{
    g_systick_wraps++;
}

/* Enables CYCCNT and reports whether it advanced across a short busy loop. */
static int dwt_start(void)
{
    DEMCR |= DEMCR_TRCENA;
    DWT_LAR = DWT_LAR_KEY;
    if (DWT_CTRL & DWT_CTRL_NOCYCCNT) {
        return 0;
    }
    DWT_CYCCNT = 0;
    DWT_CTRL |= DWT_CTRL_CYCCNTENA;
    uint32_t before = DWT_CYCCNT;
    for (volatile int i = 0; i < 64; i++) {
    }
    return DWT_CYCCNT != before;
}

static void systick_start(void)
{
    SYST_CSR = 0;
    SYST_RVR = SYST_RELOAD;
    SYST_CVR = 0;
    g_systick_wraps = 0;
    SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
    __asm volatile("cpsie i" ::: "memory");
}

void tp_timer_init(void)
{
    if (dwt_start()) {
        g_source = TP_TIMER_DWT;
        g_dwt_high = 0;
        g_dwt_last = DWT_CYCCNT;
    } else {
        g_source = TP_TIMER_SYSTICK;
        systick_start();
    }
}

uint64_t tp_timer_cycles(void)
{
    if (g_source == TP_TIMER_DWT) {
        /* 32-bit CYCCNT wraps every 2^32 cycles; reads at least that often keep it 64-bit. */
        uint32_t now = DWT_CYCCNT;
        if (now < g_dwt_last) {
            g_dwt_high++;
        }
        g_dwt_last = now;
        return ((uint64_t)g_dwt_high << 32) | now;
    }
    uint32_t wraps;
    uint32_t value;
    do {
        wraps = g_systick_wraps;
        value = SYST_CVR;
    } while (wraps != g_systick_wraps);
    /* A reload between the two reads of the wrap count runs the SysTick exception at once (thread
     * mode, interrupts enabled), so the loop retries and `value` always belongs to `wraps`. */
    return (uint64_t)wraps * (SYST_RELOAD + 1u) + (SYST_RELOAD - value);
}

tp_timer_source tp_timer_source_used(void)
{
    return g_source;
}

const char *tp_timer_source_name(void)
{
    return g_source == TP_TIMER_DWT ? "dwt" : "systick";
}

uint64_t tp_timer_micros(void)
{
    uint32_t per_us = tp_board_core_hz() / 1000000u;
    if (per_us == 0) {
        per_us = 1;
    }
    return tp_timer_cycles() / per_us;
}
