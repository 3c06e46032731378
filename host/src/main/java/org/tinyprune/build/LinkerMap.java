package org.tinyprune.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flash part of a GNU ld map file ({@code firmware.map}): every input section the linker placed
 * in an output section that is loaded into flash (vector table, code, read-only data, exception
 * index, the {@code .data} load image), with its size and the object it came from. Alignment
 * padding ({@code *fill*}) is added to the section before it, so the sections' bytes add up to the
 * image.
 *
 * @param sections the sections in address order
 */
public record LinkerMap(List<Section> sections) {
    /** Output sections whose bytes are in the flashed image. */
    public static final Set<String> FLASH_OUTPUTS =
            Set.of(".isr_vector", ".text", ".rodata", ".ARM.extab", ".ARM.exidx", ".data");

    private static final Pattern OUTPUT =
            Pattern.compile("^(\\.\\S+)(?:\\s+0x[0-9a-f]+\\s+0x[0-9a-f]+.*)?$");
    private static final Pattern INPUT =
            Pattern.compile("^ (\\S+)(?:\\s+(0x[0-9a-f]+)\\s+(0x[0-9a-f]+)\\s+(\\S.*))?$");
    private static final Pattern WRAPPED =
            Pattern.compile("^\\s+(0x[0-9a-f]+)\\s+(0x[0-9a-f]+)\\s+(\\S.*)$");
    private static final Pattern FILL =
            Pattern.compile("^ \\*fill\\*\\s+0x[0-9a-f]+\\s+(0x[0-9a-f]+)");

    /**
     * One input section.
     *
     * @param output the output section it went into, e.g. {@code .text}
     * @param name its name, e.g. {@code .text.tp_conv_s8}
     * @param object the object file (or {@code archive(member)}) it came from
     * @param bytes its size plus the padding the linker left after it
     */
    public record Section(String output, String name, String object, long bytes) {
        /**
         * A name that identifies the section across builds: its own name, with the archive member
         * for sections of libraries (whose plain {@code .text} sections would otherwise collide).
         */
        public String key() {
            int paren = object.indexOf('(');
            return paren < 0 ? name : name + " " + object.substring(paren);
        }
    }

    /** Copies the list. */
    public LinkerMap {
        sections = List.copyOf(sections);
    }

    /**
     * Reads a map file.
     *
     * @throws IOException when it cannot be read or has no memory map (named in the message)
     */
    public static LinkerMap read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int start = lines.indexOf("Linker script and memory map");
        if (start < 0) {
            throw new IOException(
                    file
                            + " is not a GNU ld map file (no \"Linker script and memory map\"); link "
                            + "with -Wl,-Map=FILE");
        }
        return parse(lines.subList(start + 1, lines.size()));
    }

    /** Parses the lines after "Linker script and memory map". */
    static LinkerMap parse(List<String> lines) {
        List<Section> out = new ArrayList<>();
        String output = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher o = OUTPUT.matcher(line);
            if (o.matches()) {
                output = o.group(1);
                continue;
            }
            if (output == null || !FLASH_OUTPUTS.contains(output)) {
                continue;
            }
            Matcher f = FILL.matcher(line);
            if (f.find()) {
                if (!out.isEmpty()) {
                    Section last = out.remove(out.size() - 1);
                    out.add(
                            new Section(
                                    last.output(),
                                    last.name(),
                                    last.object(),
                                    last.bytes() + Long.decode(f.group(1))));
                }
                continue;
            }
            Matcher in = INPUT.matcher(line);
            if (!in.matches() || line.startsWith("  ")) {
                continue;
            }
            String size = in.group(3);
            String object = in.group(4);
            if (size == null && i + 1 < lines.size()) {
                Matcher w = WRAPPED.matcher(lines.get(i + 1));
                if (w.matches()) {
                    size = w.group(2);
                    object = w.group(3);
                    i++;
                }
            }
            if (size != null && Long.decode(size) > 0) {
                out.add(new Section(output, in.group(1), object.strip(), Long.decode(size)));
            }
        }
        return new LinkerMap(out);
    }

    /** The object holding section {@code name}, or null when no loaded section has that name. */
    public String objectOf(String name) {
        return sections.stream()
                .filter(s -> s.name().equals(name))
                .map(Section::object)
                .findFirst()
                .orElse(null);
    }

    /** Flash bytes of the sections of {@code object}. */
    public long bytesOf(String object) {
        return sections.stream()
                .filter(s -> s.object().equals(object))
                .mapToLong(Section::bytes)
                .sum();
    }

    /**
     * Every section not from {@code object}, by {@link Section#key()} (bytes of same-key sections
     * added).
     */
    public Map<String, Integer> sectionsOutside(String object) {
        Map<String, Integer> out = new TreeMap<>();
        for (Section s : sections) {
            if (!s.object().equals(object)) {
                out.merge(s.key(), Math.toIntExact(s.bytes()), Integer::sum);
            }
        }
        return out;
    }

    /** Bytes of every loaded section. */
    public long totalBytes() {
        return sections.stream().mapToLong(Section::bytes).sum();
    }
}
