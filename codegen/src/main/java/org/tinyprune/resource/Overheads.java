package org.tinyprune.resource;

import java.util.Map;
import java.util.TreeMap;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.board.proto.CostModel;

/**
 * What a board adds to a model's own needs: runtime flash (code, startup, benchmark server),
 * runtime static SRAM, stack, and per-op latency coefficients keyed as in {@code cost_model.ops}
 * ("conv", "conv1x1", "depthwise", "dense", "maxpool", "avgpool", "global_avgpool", "add",
 * "concat", "pad", "transpose"; see {@link #coefficients} for kinds a profile has not calibrated).
 *
 * @param runtimeFlashBytes flash besides the model's constants
 * @param runtimeSramBytes static SRAM besides the arena
 * @param stackBytes stack reserved for runtime and kernels, besides the per-layer part and {@link
 *     #INTERRUPT_FRAME_BYTES}
 * @param ops latency coefficients by op key (ops without an entry are not predicted, except those
 *     with a {@link #FALLBACK})
 * @param code flash the model's code adds besides its constants: per layer, and the kernels it
 *     links
 * @param stackBytesPerLayer stack each layer adds to the generated run function's frame
 * @param inputCopy whether the benchmark server's copy of the model input (outside the arena) is
 *     added to SRAM: true for calibrated profiles, whose {@code runtime_sram_bytes} is measured
 *     without it; false for priors, whose runtime SRAM is one all-inclusive guess
 */
public record Overheads(
        long runtimeFlashBytes,
        long runtimeSramBytes,
        long stackBytes,
        Map<String, OpCoefficients> ops,
        LinkedCode code,
        double stackBytesPerLayer,
        boolean inputCopy) {
    /**
     * Stack an interrupt adds wherever it lands, the deepest kernel frame included: the 8-word
     * basic exception frame (32 B) plus up to 4 B of 8-byte alignment, rounded up to the profiles'
     * 8-byte stack granularity. The startup code turns off automatic floating-point context
     * stacking (FPCCR.ASPEN), which would otherwise make the frame 104 B on cores with an FPU.
     * Added to the stack of every board model ({@link #stackBytes()} &gt; 0), on top of {@code
     * cost_model.stack_bytes}, which calibration fits without it: a prediction is then at most this
     * much above a run that no interrupt hit at its deepest point, and never below one that it hit.
     */
    public static final int INTERRUPT_FRAME_BYTES = 40;

    /**
     * Stack a streamed chain adds over calling its layers' kernels directly ({@link
     * org.tinyprune.plan.StreamChain#DRIVER_STACK_BYTES}: the frames of {@code tp_stream_chain_s8}
     * and of its out-of-line row call). Added, like {@link #INTERRUPT_FRAME_BYTES}, to a board
     * model's stack when the plan streams a chain.
     */
    public static final int STREAM_FRAME_BYTES = org.tinyprune.plan.StreamChain.DRIVER_STACK_BYTES;

    /** No overheads and no latency model: the model's own bytes only. */
    public static final Overheads NONE = new Overheads(0, 0, 0, Map.of());

    /** Overheads without code, per-layer stack and input-copy terms. */
    public Overheads(
            long runtimeFlashBytes,
            long runtimeSramBytes,
            long stackBytes,
            Map<String, OpCoefficients> ops) {
        this(runtimeFlashBytes, runtimeSramBytes, stackBytes, ops, LinkedCode.NONE, 0, false);
    }

    /** Copies the map. */
    public Overheads {
        ops = Map.copyOf(ops);
    }

    /**
     * Cost-model keys priced with another kind's coefficients while a profile has none of their
     * own: the element-wise kinds added after the boards were calibrated ("lut": the int8 table
     * activations, "mul") borrow "add", the calibrated element-wise kernel. Add does the most work
     * per element of the three (three requantisations against mul's one and the table's single
     * load), so the borrowed prediction errs on the slow side: a latency budget it admits holds.
     * The data moves ("pad", "transpose": padding, transpose, channel shuffle, order-changing
     * reshape) borrow "concat", the calibrated kernel that also only copies values (per output
     * element and per call). Calibrating the kind gives it its own coefficients, which then win.
     */
    public static final Map<String, String> FALLBACK =
            Map.of("lut", "add", "mul", "add", "pad", "concat", "transpose", "concat");

    /**
     * The latency coefficients of cost-model key {@code key}: its own, else those of its {@link
     * #FALLBACK}, else null (the layer is not predicted).
     */
    public OpCoefficients coefficients(String key) {
        OpCoefficients k = ops.get(key);
        if (k == null && FALLBACK.containsKey(key)) {
            k = ops.get(FALLBACK.get(key));
        }
        return k;
    }

    /**
     * The stack an interrupt adds: {@link #INTERRUPT_FRAME_BYTES} for a board, 0 without stack
     * overheads.
     */
    public long interruptFrameBytes() {
        return stackBytes > 0 ? INTERRUPT_FRAME_BYTES : 0;
    }

    /**
     * The stack a streamed chain adds: {@link #STREAM_FRAME_BYTES} for a board, 0 without stack
     * overheads.
     */
    public long streamFrameBytes() {
        return stackBytes > 0 ? STREAM_FRAME_BYTES : 0;
    }

    /** The overheads a board profile's cost model declares. */
    public static Overheads of(BoardProfile board) {
        CostModel c = board.getCostModel();
        Map<String, OpCoefficients> ops = new TreeMap<>();
        c.getOpsMap().forEach((k, v) -> ops.put(k, OpCoefficients.of(v)));
        return new Overheads(
                c.getRuntimeFlashBytes(),
                c.getRuntimeSramBytes(),
                c.getStackBytes(),
                ops,
                LinkedCode.of(c),
                c.getStackBytesPerLayer(),
                !c.getCalibratedAt().isBlank());
    }
}
