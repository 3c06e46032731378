package org.tinyprune.board;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.board.proto.Emulator;
import org.tinyprune.board.proto.Flashing;
import org.tinyprune.board.proto.MemoryRegion;
import org.tinyprune.board.proto.SerialPortSettings;

/**
 * Range and consistency checks for a parsed {@link BoardProfile}: everything the schema cannot say
 * (non-zero sizes, plausible clocks, aligned addresses, known names, a bootloader that sits right
 * before the application). All problems are collected, so one run reports every bad field. The cost
 * model is checked by {@link CostModelValidator}.
 */
public final class ProfileValidator {
    /** Largest application flash we consider plausible for a microcontroller (64 MiB). */
    public static final long MAX_FLASH_BYTES = 64L << 20;

    /** Largest SRAM we consider plausible for a microcontroller (16 MiB). */
    public static final long MAX_SRAM_BYTES = 16L << 20;

    /** Lowest and highest plausible core clocks. */
    public static final long MIN_CLOCK_HZ = 1_000_000L;

    /** Highest plausible core clock (1 GHz). */
    public static final long MAX_CLOCK_HZ = 1_000_000_000L;

    /** A Cortex-M vector table must be aligned to at least 128 bytes (VTOR bits [6:0] are zero). */
    public static final int VECTOR_TABLE_ALIGN = 128;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Set<String> ENTRIES_REAL = Set.of("dtr-rts", "manual");

    /**
     * The UART QEMU connects to the first serial port ({@code -serial pty}) on the machines it
     * emulates for tinyprune: CMSDK UART0 (on the AN505/AN521, whose firmware runs in the secure
     * state, its secure alias). A firmware talking on any other UART would be silent.
     */
    private static final Map<String, Set<Long>> SERIAL0_UART =
            Map.of(
                    "mps2-an385",
                    Set.of(0x40004000L),
                    "mps2-an386",
                    Set.of(0x40004000L),
                    "mps2-an500",
                    Set.of(0x40004000L),
                    "mps2-an511",
                    Set.of(0x40004000L),
                    "mps2-an505",
                    Set.of(0x50200000L),
                    "mps2-an521",
                    Set.of(0x50200000L));

    private ProfileValidator() {}

    /**
     * Checks a profile and throws if anything is out of range.
     *
     * @param profile the parsed profile
     * @param file where it came from (for the message), may be {@code null}
     * @throws BoardProfileException listing every problem with field, value and fix
     */
    public static void validate(BoardProfile profile, Path file) throws BoardProfileException {
        List<String> problems = problems(profile);
        if (!problems.isEmpty()) {
            throw new BoardProfileException(file, problems);
        }
    }

    /**
     * Returns the problems of a profile, one sentence each; empty when it is valid.
     *
     * @param p the parsed profile
     * @return problems naming field, value and fix
     */
    public static List<String> problems(BoardProfile p) {
        List<String> out = new ArrayList<>();
        if (!NAME.matcher(p.getName()).matches()) {
            out.add(
                    "name = \""
                            + p.getName()
                            + "\" is not a board name; use lower-case letters, digits "
                            + "and '-', the same as the profile's folder under boards/");
        }
        if (p.getDescription().isBlank()) {
            out.add("description is empty; add one line saying what board this is");
        }
        if (Core.fromId(p.getCore()).isEmpty()) {
            out.add("core = \"" + p.getCore() + "\" is unknown; use one of " + Core.known());
        }
        if (p.getClockHz() < MIN_CLOCK_HZ || p.getClockHz() > MAX_CLOCK_HZ) {
            out.add(
                    "clock_hz = "
                            + Integer.toUnsignedString(p.getClockHz())
                            + " is out of range; give the "
                            + "core clock in Hz, between "
                            + MIN_CLOCK_HZ
                            + " and "
                            + MAX_CLOCK_HZ);
        }
        checkRegion(out, "flash", p.hasFlash(), p.getFlash(), MAX_FLASH_BYTES, VECTOR_TABLE_ALIGN);
        checkRegion(out, "sram", p.hasSram(), p.getSram(), MAX_SRAM_BYTES, 8);
        if (p.hasFlash() && p.hasSram() && overlaps(p.getFlash(), p.getSram())) {
            out.add("flash and sram overlap; give each region its own address range");
        }
        checkCflags(out, p);
        switch (p.getAccessCase()) {
            case EMULATOR -> checkEmulator(out, p.getEmulator());
            case SERIAL -> checkSerial(out, p.getSerial());
            default ->
                    out.add(
                            "neither emulator nor serial is set; add \"emulator\": {\"machine\": ...} "
                                    + "for a QEMU board or \"serial\": {\"baud\": 115200} for a physical one");
        }
        checkFlashing(out, p);
        if (p.getChannelMultiple() < 1 || p.getChannelMultiple() > 64) {
            out.add(
                    "channel_multiple = "
                            + p.getChannelMultiple()
                            + " is out of range; use 1 (no rounding) "
                            + "up to 64, typically 4");
        }
        if (!p.hasCostModel()) {
            out.add(
                    "cost_model is missing; add at least runtime_flash_bytes, runtime_sram_bytes, "
                            + "stack_bytes and source \"prior\"");
        } else {
            out.addAll(CostModelValidator.problems(p.getCostModel(), p));
        }
        if (p.getVerifiedOnSilicon() && p.hasEmulator()) {
            out.add("verified_on_silicon = true on an emulated board; set it to false");
        }
        return out;
    }

    private static void checkRegion(
            List<String> out, String field, boolean present, MemoryRegion r, long max, int align) {
        if (!present) {
            out.add(
                    field
                            + " is missing; add \""
                            + field
                            + "\": {\"origin\": ..., \"length\": ...}");
            return;
        }
        long origin = Integer.toUnsignedLong(r.getOrigin());
        long length = Integer.toUnsignedLong(r.getLength());
        if (length == 0 || length > max || length % 4 != 0) {
            out.add(
                    field
                            + ".length = "
                            + length
                            + " is out of range; give the usable size in bytes, "
                            + "a multiple of 4 between 4 and "
                            + max);
        }
        if (origin % align != 0) {
            out.add(
                    field
                            + ".origin = "
                            + hex(origin)
                            + " is not aligned to "
                            + align
                            + " bytes; "
                            + (align == VECTOR_TABLE_ALIGN
                                    ? "the application's vector table starts there"
                                    : "the stack needs 8-byte alignment"));
        }
        if (origin + length > 0x1_0000_0000L) {
            out.add(
                    field
                            + " ends at "
                            + hex(origin + length)
                            + ", past the 4 GiB address space; "
                            + "check origin and length");
        }
    }

    private static void checkCflags(List<String> out, BoardProfile p) {
        out.addAll(CompilerFlags.problems(p));
        List<String> flags = p.getCflagsList();
        String mcpu = "-mcpu=" + p.getCore();
        if (flags.stream().noneMatch(f -> f.equals(mcpu) || f.startsWith(mcpu + "+"))) {
            out.add(
                    "cflags "
                            + flags
                            + " lack \"-mcpu="
                            + p.getCore()
                            + "\"; the compiler must target "
                            + "the profile's core");
        }
        boolean hard = flags.contains("-mfloat-abi=hard") || flags.contains("-mfloat-abi=softfp");
        if (p.getFpu() && !hard) {
            out.add(
                    "fpu = true but cflags do not select -mfloat-abi=hard; add it with the -mfpu= of the core "
                            + "or set fpu to false");
        }
        if (!p.getFpu() && flags.contains("-mfloat-abi=hard")) {
            out.add(
                    "fpu = false but cflags contain -mfloat-abi=hard; remove it or set fpu to true");
        }
    }

    private static void checkEmulator(List<String> out, Emulator e) {
        if (!NAME.matcher(e.getMachine()).matches()) {
            out.add(
                    "emulator.machine = \""
                            + e.getMachine()
                            + "\" is not a QEMU machine name; use e.g. "
                            + "\"mps2-an386\" (see qemu-system-arm -M help)");
        }
        long uart = Integer.toUnsignedLong(e.getUartBase());
        Set<Long> serial0 = SERIAL0_UART.get(e.getMachine());
        if (e.getUartBase() == 0 || e.getUartBase() % 4 != 0) {
            out.add(
                    "emulator.uart_base = "
                            + hex(uart)
                            + " is not a "
                            + "4-byte aligned peripheral address; give the UART's base, e.g. 1073758208 (0x40004000)");
        } else if (serial0 != null && !serial0.contains(uart)) {
            out.add(
                    "emulator.uart_base = "
                            + hex(uart)
                            + " ("
                            + uart
                            + ") is not the UART QEMU's "
                            + e.getMachine()
                            + " connects to its serial port; the firmware is built to talk there and would be silent: use "
                            + serial0.stream()
                                    .sorted()
                                    .map(a -> hex(a) + " (" + a + ")")
                                    .reduce((a, b) -> a + " or " + b)
                                    .get());
        }
    }

    private static void checkSerial(List<String> out, SerialPortSettings s) {
        if (s.getBaud() < 1200 || s.getBaud() > 12_000_000) {
            out.add(
                    "serial.baud = "
                            + Integer.toUnsignedString(s.getBaud())
                            + " is out of range; use the "
                            + "benchmark baud rate, e.g. 115200");
        }
    }

    private static void checkFlashing(List<String> out, BoardProfile p) {
        if (!p.hasFlashing()) {
            out.add("flashing is missing; add \"flashing\": {\"protocol\": \"an3155\", ...}");
            return;
        }
        Flashing f = p.getFlashing();
        if (!"an3155".equals(f.getProtocol())) {
            out.add(
                    "flashing.protocol = \""
                            + f.getProtocol()
                            + "\" is not supported; use \"an3155\"");
        }
        if (f.getChipId() == 0 || f.getChipId() > 0xFFFF) {
            out.add(
                    "flashing.chip_id = "
                            + Integer.toUnsignedString(f.getChipId())
                            + " is out of range; "
                            + "give the product ID that Get ID (0x02) returns, e.g. 1136 for 0x470");
        }
        if (f.getBootloaderLength() == 0) {
            out.add(
                    "flashing.bootloader_length = 0; give the size of the bootloader's region in bytes");
        }
        if (f.getBaud() != 0 && (f.getBaud() < 1200 || f.getBaud() > 12_000_000)) {
            out.add(
                    "flashing.baud = "
                            + Integer.toUnsignedString(f.getBaud())
                            + " is out of range; use 0 "
                            + "(115200) or a standard rate");
        }
        String entry = f.getResetEntry();
        if (p.hasEmulator() && !"emulated".equals(entry)) {
            out.add(
                    "flashing.reset_entry = \""
                            + entry
                            + "\" on an emulated board; use \"emulated\"");
        } else if (!p.hasEmulator() && !ENTRIES_REAL.contains(entry)) {
            out.add(
                    "flashing.reset_entry = \""
                            + entry
                            + "\" is unknown; use \"dtr-rts\" or \"manual\"");
        }
        if (p.hasEmulator() && p.hasFlash()) {
            long end =
                    Integer.toUnsignedLong(f.getBootloaderOrigin())
                            + Integer.toUnsignedLong(f.getBootloaderLength());
            long origin = Integer.toUnsignedLong(p.getFlash().getOrigin());
            if (end != origin) {
                out.add(
                        "flash.origin = "
                                + hex(origin)
                                + " but the bootloader ends at "
                                + hex(end)
                                + "; on emulated boards the application starts right after the bootloader "
                                + "(flash.origin = bootloader_origin + bootloader_length)");
            }
        }
    }

    private static boolean overlaps(MemoryRegion a, MemoryRegion b) {
        long a0 = Integer.toUnsignedLong(a.getOrigin());
        long b0 = Integer.toUnsignedLong(b.getOrigin());
        return a0 < b0 + Integer.toUnsignedLong(b.getLength())
                && b0 < a0 + Integer.toUnsignedLong(a.getLength());
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
