package org.tinyprune.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A hand-checked excerpt of a GNU ld map file (as arm-none-eabi-ld 2.40 writes it for the
 * firmware): wrapped long section names, fill after a section, symbols, linker script lines,
 * sections outside flash and archive members.
 */
class LinkerMapTest {
    private static final List<String> MAP =
            List.of(
                    "LOAD /tmp/ccA.o",
                    "",
                    ".isr_vector     0x00004000      0x100",
                    " KEEP(*(.isr_vector))",
                    " .isr_vector    0x00004000      0x100 /tmp/ccB.o",
                    "",
                    ".text           0x00004100     0x32dc",
                    " *(.text .text.*)",
                    " .text.results  0x00004100       0x74 /tmp/ccA.o",
                    "                0x00004100                results",
                    " .text.tp_conv_s8",
                    "                0x00004174      0x1f2 /tmp/ccK.o",
                    " *fill*         0x00004366        0x2 ",
                    " .text.tp_model_run",
                    "                0x00004368      0x400 /tmp/ccM.o",
                    " .text          0x00004768       0x10 /usr/lib/libc_nano.a(lib_a-memset.o)",
                    "",
                    ".rodata         0x000073dc     0x2348",
                    " .rodata.stem_conv_weights",
                    "                0x000073dc       0x24 /tmp/ccM.o",
                    " .rodata.conv.9",
                    "                0x00007400       0x1c /tmp/ccM.o",
                    "",
                    ".bss            0x20000008     0x28a0 load address 0x00009730",
                    " .bss.tp_arena  0x20000358     0x2550 /tmp/ccM.o",
                    "",
                    ".debug_info     0x00000000     0x9fce",
                    " .debug_info    0x00000000      0x500 /tmp/ccM.o");

    @Test
    void readsLoadedSectionsWithTheirObjectsAndPadding() {
        LinkerMap map = LinkerMap.parse(MAP);
        assertEquals(7, map.sections().size());
        assertEquals("/tmp/ccM.o", map.objectOf(".text.tp_model_run"));
        assertEquals(0x400 + 0x24 + 0x1c, map.bytesOf("/tmp/ccM.o"), "no .bss, no debug info");
        Map<String, Integer> others = map.sectionsOutside("/tmp/ccM.o");
        assertEquals(
                0x1f2 + 2, others.get(".text.tp_conv_s8"), "fill belongs to the section before it");
        assertEquals(0x10, others.get(".text (lib_a-memset.o)"));
        assertEquals(0x100, others.get(".isr_vector"));
        assertEquals(0x100 + 0x74 + 0x1f4 + 0x400 + 0x10 + 0x24 + 0x1c, map.totalBytes());
        assertNull(map.objectOf(".bss.tp_arena"));
    }
}
