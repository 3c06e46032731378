/*
 * bl_erase.c - AN3155 Erase (0x43) and Extended Erase (0x44) for the resident bootloader.
 *
 * A page list is read and its checksum checked completely, then every page is checked to exist
 * and to lie wholly in the application region, and only then erased: a list naming a bootloader
 * page changes nothing. Mass erase (0xFF / 0xFFFF) erases the application region only.
 */
#include "bl_commands.h"
#include "bl_link.h"
#include "bl_memory.h"
#include "tp_flash.h"

#define BL_MAX_ERASE_PAGES 512u

static uint16_t g_pages[BL_MAX_ERASE_PAGES];

/* Erases the listed pages if every one exists and lies wholly in the application region. */
static int erase_pages(uint32_t count)
{
    uint32_t at;
    uint32_t length;
    for (uint32_t i = 0; i < count; i++) {
        if (bl_page_range(g_pages[i], &at, &length) != 0 ||
            bl_memory_map(at, length, &at) != BL_REGION_APP) {
            return -1;
        }
    }
    for (uint32_t i = 0; i < count; i++) {
        bl_page_range(g_pages[i], &at, &length);
        if (tp_flash_erase(at, length) != 0) {
            return -1;
        }
    }
    return 0;
}

static int erase_application(void)
{
    return tp_flash_erase(bl_app_start(), bl_app_end() - bl_app_start());
}

void bl_cmd_extended_erase(void)
{
    uint8_t head[2];
    if (bl_recv_n(head, 2) != 0) {
        return;
    }
    uint32_t n = ((uint32_t)head[0] << 8) | head[1];
    if (n >= 0xFFF0u) {
        int sum = bl_recv();
        /* 0xFFFF mass erase (the application region; the bootloader survives). 0xFFFE / 0xFFFD
         * bank erases do not exist on these single-bank parts. */
        if (sum < 0) {
            return;
        }
        int ok = n == 0xFFFFu && (uint8_t)sum == (uint8_t)(head[0] ^ head[1]);
        if (!ok || erase_application() != 0) {
            bl_nack();
        } else {
            bl_ack();
        }
        return;
    }
    uint32_t count = n + 1u;
    uint8_t x = head[0] ^ head[1];
    for (uint32_t i = 0; i < count; i++) {
        uint8_t page[2];
        if (bl_recv_n(page, 2) != 0) {
            return;
        }
        x ^= page[0] ^ page[1];
        if (i < BL_MAX_ERASE_PAGES) {
            g_pages[i] = (uint16_t)(((uint32_t)page[0] << 8) | page[1]);
        }
    }
    int sum = bl_recv();
    if (sum < 0) {
        return;
    }
    if (x != (uint8_t)sum || count > BL_MAX_ERASE_PAGES || erase_pages(count) != 0) {
        bl_nack();
        return;
    }
    bl_ack();
}

void bl_cmd_erase(void)
{
    int n = bl_recv();
    if (n < 0) {
        return;
    }
    if (n == 0xFF) {
        int sum = bl_recv();
        if (sum < 0) {
            return;
        }
        if (sum != 0x00 || erase_application() != 0) {
            bl_nack();
        } else {
            bl_ack();
        }
        return;
    }
    uint8_t x = (uint8_t)n;
    uint32_t count = (uint32_t)n + 1u;
    for (uint32_t i = 0; i < count; i++) {
        int page = bl_recv();
        if (page < 0) {
            return;
        }
        x ^= (uint8_t)page;
        g_pages[i] = (uint16_t)page;
    }
    int sum = bl_recv();
    if (sum < 0) {
        return;
    }
    if (x != (uint8_t)sum || erase_pages(count) != 0) {
        bl_nack();
        return;
    }
    bl_ack();
}
