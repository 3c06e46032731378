package org.tinyprune.resource;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tinyprune.board.proto.CostModel;

/**
 * The flash a generated model's code takes besides its constants: each layer's share of the model
 * source (its kernel call in the run function, its static parameter structs, its name) and the
 * kernel code the layers' operator kinds link. Kernels are counted once per image: a model pays for
 * the union of the linker sections of the kinds it uses, so two kinds that share a helper (the 1×1
 * and general convolutions share the wrapper and its matrix multiply) pay for it once.
 *
 * <p>When the profile models kernel code at all, a kind it has no {@code kernel_code} entry for
 * (one added after the board was calibrated) links {@link #UNCALIBRATED_KERNELS}: its int8 kernel's
 * sections as {@code arm-none-eabi-gcc -O2 -mcpu=cortex-m4} compiles them ({@code LinkedCodeTest}
 * recompiles the kernels and fails when these numbers go stale). Like the calibrated entries they
 * count the int8 kernels; a float model's kernels are priced as their int8 twins. The
 * streamed-chain driver's entry ("stream") is everything the driver alone links (its checks and
 * scratch rule included); the layer kernels it runs are the caller's function pointers, linked
 * through the chain's layers' own kinds.
 *
 * @param layerBytes flash per layer by cost-model key
 * @param defaultLayerBytes flash per layer of a kind without an entry
 * @param perNameByte flash per byte of layer name (terminator included)
 * @param kernelSections by cost-model key: linker section → bytes it links
 */
public record LinkedCode(
        Map<String, Double> layerBytes,
        double defaultLayerBytes,
        double perNameByte,
        Map<String, Map<String, Integer>> kernelSections) {
    /**
     * Kernel sections of kinds without a calibrated {@code kernel_code} entry, by cost-model key.
     */
    public static final Map<String, Map<String, Integer>> UNCALIBRATED_KERNELS =
            Map.of(
                    "depthwise_in_place",
                            Map.of(
                                    ".text.tp_depthwise_conv_in_place_s8",
                                    1888,
                                    ".text.tp_conv_s8_check",
                                    108,
                                    ".text.tp_conv_geometry_check",
                                    308,
                                    ".text.tp_scratch_ok",
                                    36),
                    "lut", Map.of(".text.tp_lut_s8", 56),
                    "mul", Map.of(".text.tp_act_range_ok", 24, ".text.tp_mul_s8", 360),
                    "pad", Map.of(".text.tp_pad_s8", 132, ".text.tp_pad_geometry_check", 92),
                    "stream",
                            Map.ofEntries(
                                    Map.entry(".text.tp_stream_chain_s8", 1232),
                                    Map.entry(".text.tp_stream_conv_row", 104),
                                    Map.entry(".text.tp_stream_pool_row", 92),
                                    Map.entry(".text.tp_stream_lines_bytes", 108),
                                    Map.entry(".text.tp_stream_conv_bytes", 84),
                                    Map.entry(".text.tp_conv_wrapper_s8_get_buffer_size", 64),
                                    Map.entry(".text.tp_conv_s8_get_buffer_size", 32),
                                    Map.entry(".text.tp_conv_1x1_s8_get_buffer_size", 20),
                                    Map.entry(".text.tp_conv_s8_check", 108),
                                    Map.entry(".text.tp_conv_geometry_check", 308),
                                    Map.entry(".text.tp_pool_geometry_check", 124),
                                    Map.entry(".text.tp_pool_axis_ok", 136),
                                    Map.entry(".text.tp_act_range_ok", 24),
                                    Map.entry(".text.tp_scratch_ok", 36)),
                    "transpose",
                            Map.of(
                                    ".text.tp_transpose_s8",
                                    192,
                                    ".text.tp_transpose_prepare",
                                    220));

    /** No code modelled. */
    public static final LinkedCode NONE = new LinkedCode(Map.of(), 0, 0, Map.of());

    /**
     * Copies the maps, sorted by key: reports and profiles written from them list the keys in the
     * same order on every run ({@link Map#copyOf} would iterate in an order that changes from JVM
     * to JVM).
     */
    public LinkedCode {
        layerBytes = sorted(layerBytes);
        Map<String, Map<String, Integer>> k = new TreeMap<>();
        kernelSections.forEach((op, s) -> k.put(op, sorted(s)));
        kernelSections = Collections.unmodifiableMap(k);
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }

    /** What a board profile's cost model declares. */
    public static LinkedCode of(CostModel c) {
        Map<String, Map<String, Integer>> kernels = new TreeMap<>();
        c.getKernelCodeMap().forEach((op, code) -> kernels.put(op, code.getSectionBytesMap()));
        return new LinkedCode(
                c.getLayerFlashBytesMap(),
                c.getFlashBytesPerLayer(),
                c.getFlashBytesPerNameByte(),
                kernels);
    }

    /** Bytes of a layer name as the generated model stores it (UTF-8 plus the terminator). */
    public static int nameBytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length + 1;
    }

    /** Flash of one layer of kind {@code opKey} named {@code name}, its kernel aside. */
    public double layer(String opKey, String name) {
        return layerBytes.getOrDefault(opKey, defaultLayerBytes) + perNameByte * nameBytes(name);
    }

    /** Bytes of kernel code the kinds {@code opKeys} link together (each section once). */
    public long kernels(Iterable<String> opKeys) {
        Map<String, Integer> union = new HashMap<>();
        for (String op : opKeys) {
            Map<String, Integer> fallback =
                    kernelSections.isEmpty()
                            ? Map.of()
                            : UNCALIBRATED_KERNELS.getOrDefault(op, Map.of());
            union.putAll(kernelSections.getOrDefault(op, fallback));
        }
        return union.values().stream().mapToLong(Integer::longValue).sum();
    }

    /**
     * Flash of layers {@code opKeys[i]} named {@code names[i]}: every layer's share plus the
     * kernels.
     */
    public double bytes(List<String> opKeys, List<String> names) {
        return bytes(opKeys, opKeys, names);
    }

    /**
     * Flash of layers {@code opKeys[i]} named {@code names[i]} whose kernels are those of {@code
     * kernelKeys[i]} (a layer may link another function than its kind's usual one, e.g. the
     * in-place depthwise convolution, "depthwise_in_place").
     */
    public double bytes(List<String> opKeys, List<String> kernelKeys, List<String> names) {
        double sum = kernels(kernelKeys);
        for (int i = 0; i < opKeys.size(); i++) {
            sum += layer(opKeys.get(i), names.get(i));
        }
        return sum;
    }
}
