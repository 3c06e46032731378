/*
 * tp_stamp.c - host tool: writes the integrity record (tp_image.h) into a firmware image.
 *
 *   tp_stamp firmware.elf firmware.bin
 *
 * firmware.bin is the raw image (objcopy -O binary) starting at the vector table. The tool
 * computes length and CRC-32, patches both the .bin and the .isr_vector section of the ELF in
 * place (so flashing either gives the same bytes), and prints "magic length crc" in hex.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "tp_image.h"

static uint8_t *read_file(const char *path, long *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "tp_stamp: cannot open %s\n", path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    *size = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)*size + 1);
    if (!buf || fread(buf, 1, (size_t)*size, f) != (size_t)*size) {
        fprintf(stderr, "tp_stamp: cannot read %s\n", path);
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    return buf;
}

static int write_file(const char *path, const uint8_t *buf, long size)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f || fwrite(buf, 1, (size_t)size, f) != (size_t)size || fclose(f) != 0) {
        fprintf(stderr, "tp_stamp: cannot write %s\n", tmp);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        fprintf(stderr, "tp_stamp: cannot rename %s to %s\n", tmp, path);
        return -1;
    }
    return 0;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

/* File offset of the ELF32 little-endian section named `name`, or -1. */
static long elf_section_offset(const uint8_t *elf, long size, const char *name)
{
    if (size < 52 || memcmp(elf, "\177ELF", 4) != 0 || elf[4] != 1 || elf[5] != 1) {
        return -1;
    }
    uint32_t shoff = tp_image_word(elf, 32);
    uint16_t shentsize = get16(elf + 46);
    uint16_t shnum = get16(elf + 48);
    uint16_t shstrndx = get16(elf + 50);
    if (shoff + (uint32_t)shnum * shentsize > (uint32_t)size || shstrndx >= shnum) {
        return -1;
    }
    const uint8_t *strsh = elf + shoff + (uint32_t)shstrndx * shentsize;
    uint32_t stroff = tp_image_word(strsh, 16);
    for (uint16_t i = 0; i < shnum; i++) {
        const uint8_t *sh = elf + shoff + (uint32_t)i * shentsize;
        uint32_t nameoff = tp_image_word(sh, 0);
        if (stroff + nameoff < (uint32_t)size &&
            strcmp((const char *)elf + stroff + nameoff, name) == 0) {
            return (long)tp_image_word(sh, 16);
        }
    }
    return -1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: tp_stamp firmware.elf firmware.bin\n");
        return 2;
    }
    long bin_size = 0;
    long elf_size = 0;
    uint8_t *bin = read_file(argv[2], &bin_size);
    uint8_t *elf = read_file(argv[1], &elf_size);
    if (!bin || !elf) {
        return 1;
    }
    if (bin_size < (long)TP_IMAGE_MIN_LENGTH) {
        fprintf(stderr, "tp_stamp: %s is %ld bytes, smaller than a vector table (%u)\n", argv[2],
                bin_size, TP_IMAGE_MIN_LENGTH);
        return 1;
    }
    long vec = elf_section_offset(elf, elf_size, ".isr_vector");
    if (vec < 0 || vec + (long)TP_IMAGE_MIN_LENGTH > elf_size ||
        memcmp(elf + vec, bin, TP_IMAGE_MAGIC_OFFSET) != 0) {
        fprintf(stderr, "tp_stamp: %s has no .isr_vector section matching the start of %s\n",
                argv[1], argv[2]);
        return 1;
    }
    uint32_t length = (uint32_t)bin_size;
    put32(bin + TP_IMAGE_MAGIC_OFFSET, TP_IMAGE_MAGIC);
    put32(bin + TP_IMAGE_LENGTH_OFFSET, length);
    uint32_t crc = tp_image_crc(bin, length);
    put32(bin + TP_IMAGE_CRC_OFFSET, crc);
    memcpy(elf + vec + TP_IMAGE_MAGIC_OFFSET, bin + TP_IMAGE_MAGIC_OFFSET, 12);
    if (write_file(argv[2], bin, bin_size) != 0 || write_file(argv[1], elf, elf_size) != 0) {
        return 1;
    }
    printf("%08x %08x %08x\n", TP_IMAGE_MAGIC, length, crc);
    free(bin);
    free(elf);
    return 0;
}
