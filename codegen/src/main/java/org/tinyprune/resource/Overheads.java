package org.tinyprune.resource;

import java.util.Map;
import java.util.TreeMap;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.board.proto.CostModel;

/**
 * What a board adds to a model's own needs: runtime flash (code, startup, benchmark server),
 * runtime static SRAM, stack, and per-op latency coefficients keyed as in {@code cost_model.ops}
 * ("conv", "conv1x1", "depthwise", "dense", "maxpool", "avgpool", "global_avgpool", "add", "concat",
 * "pad", "transpose"; see {@link #coefficients} for kinds a profile has not calibrated).
 *
 * @param runtimeFlashBytes flash besides the model's constants
 * @param runtimeSramBytes static SRAM besides the arena
 * @param stackBytes stack reserved for runtime and kernels
 * @param ops latency coefficients by op key (ops without an entry are not predicted)
 * @param code flash the model's code adds besides its constants: per layer, and the kernels it links
 * @param stackBytesPerLayer stack each layer adds to the generated run function's frame
 * @param inputCopy whether the benchmark server's copy of the model input (outside the arena) is
 *     added to SRAM: true for calibrated profiles, whose {@code runtime_sram_bytes} is measured
 *     without it; false for priors, whose runtime SRAM is one all-inclusive guess
 */
public record Overheads(long runtimeFlashBytes, long runtimeSramBytes, long stackBytes,
        Map<String, OpCoefficients> ops, LinkedCode code, double stackBytesPerLayer,
        boolean inputCopy) {
    /** No overheads and no latency model: the model's own bytes only. */
    public static final Overheads NONE = new Overheads(0, 0, 0, Map.of());

    /** Overheads without code, per-layer stack and input-copy terms. */
    public Overheads(long runtimeFlashBytes, long runtimeSramBytes, long stackBytes, Map<String, OpCoefficients> ops) {
        this(runtimeFlashBytes, runtimeSramBytes, stackBytes, ops, LinkedCode.NONE, 0, false);
    }

    /** Copies the map. */
    public Overheads {
        ops = Map.copyOf(ops);
    }

    /** Op kinds that only move values, priced like {@code concat} (a copy) until a board calibrates them. */
    public static final java.util.Set<String> DATA_MOVES = java.util.Set.of("pad", "transpose");

    /**
     * The latency coefficients of {@code opKey}: its own, or for a data move ({@link #DATA_MOVES})
     * without its own, those of {@code concat}, the calibrated kernel that also only copies values
     * (per output element and per call); null when neither exists.
     */
    public OpCoefficients coefficients(String opKey) {
        OpCoefficients own = ops.get(opKey);
        return own != null || !DATA_MOVES.contains(opKey) ? own : ops.get("concat");
    }

    /** The overheads a board profile's cost model declares. */
    public static Overheads of(BoardProfile board) {
        CostModel c = board.getCostModel();
        Map<String, OpCoefficients> ops = new TreeMap<>();
        c.getOpsMap().forEach((k, v) -> ops.put(k, OpCoefficients.of(v)));
        return new Overheads(c.getRuntimeFlashBytes(), c.getRuntimeSramBytes(), c.getStackBytes(), ops,
                LinkedCode.of(c), c.getStackBytesPerLayer(), !c.getCalibratedAt().isBlank());
    }
}
