package org.tinyprune.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.emit.CodeGenerator;
import org.tinyprune.emit.CodegenProvenance;
import org.tinyprune.emit.GeneratedModel;
import org.tinyprune.int8.Int8Interpreter;
import org.tinyprune.ir.Graph;
import org.tinyprune.onnx.OnnxFiles;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.plan.MemoryPlanner;
import org.tinyprune.plan.PlanChoice;
import org.tinyprune.provenance.Provenance;
import org.tinyprune.resource.BudgetedPlan;
import org.tinyprune.resource.Overheads;
import org.tinyprune.resource.ResourceModel;

/**
 * A quantised model on its way to a board: the int8 IR graph, its host reference interpreter, the
 * generated C (contract C2) and the MLPerf Tiny benchmark its firmware reports (by default the one
 * of the dataset its provenance names, {@link BenchmarkId#forDataset}). {@link #build} writes
 * {@code model.c}/{@code model.h} and builds the firmware around them.
 *
 * @param graph the int8 IR graph
 * @param reference the int8 reference interpreter of {@code graph} (what the device must compute)
 * @param generated the generated sources and their memory plan
 * @param benchmark the MLPerf Tiny benchmark its firmware reports ({@code m-model-[id]})
 */
public record DeviceModel(
        Graph graph, Int8Interpreter reference, GeneratedModel generated, BenchmarkId benchmark) {
    /** Stack reservation meaning "the linker script's default" (8 KiB on the emulated boards). */
    public static final long LINKER_STACK = 0;

    /**
     * Reads a quantised (QDQ) ONNX model and generates C for it, with the code generator's
     * provenance (the model's own when tinyprune exported it, plus source file and target) in the
     * headers.
     *
     * @param onnx the {@code *_int8.onnx} file
     * @return the model
     * @throws IOException when the file cannot be read
     * @throws UnsupportedModelException when it is not ONNX, holds an unsupported operator, or is
     *     not quantised to int8 throughout
     */
    public static DeviceModel fromOnnx(Path onnx) throws IOException, UnsupportedModelException {
        return fromOnnx(onnx, null);
    }

    /**
     * Reads a quantised (QDQ) ONNX model and generates C for it under the plan the model records
     * ({@link PlanChoice}: a pruning run's choice within its budgets); a model recording none gets
     * the plan {@code board}'s flash and SRAM choose ({@link BudgetedPlan#choose}), or without a
     * board the default planner's.
     *
     * @param onnx the {@code *_int8.onnx} file
     * @param board the board it is built for, or null
     * @return the model
     * @throws IOException when the file cannot be read
     * @throws UnsupportedModelException as {@link #fromOnnx(Path)}, and when the recorded plan is
     *     malformed or streams a chain the graph cannot stream
     */
    public static DeviceModel fromOnnx(Path onnx, BoardProfile board)
            throws IOException, UnsupportedModelException {
        if (!Files.isRegularFile(onnx)) {
            throw new IOException(
                    onnx
                            + " does not exist; pass the quantised model (tinyprune export writes "
                            + "*_int8.onnx)");
        }
        ModelProto proto = OnnxFiles.read(onnx);
        Graph graph;
        try {
            graph = OnnxReader.read(proto);
        } catch (UnsupportedModelException e) {
            throw new UnsupportedModelException(onnx + ": " + e.getMessage(), e);
        }
        return of(
                graph,
                CodegenProvenance.of(proto, onnx, "device"),
                onnx.toString(),
                planner(proto, graph, onnx, board));
    }

    /**
     * The planner for a model read from {@code onnx}: its recorded plan, else the board's budgets',
     * else the default.
     */
    private static MemoryPlanner planner(
            ModelProto proto, Graph graph, Path onnx, BoardProfile board)
            throws UnsupportedModelException {
        Optional<PlanChoice> recorded;
        try {
            recorded = PlanChoice.recorded(proto.getMetadataPropsList(), graph);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException(onnx + ": " + e.getMessage(), e);
        }
        if (recorded.isPresent()) {
            return MemoryPlanner.given(recorded.get());
        }
        if (board == null || !graph.isQuantized()) {
            return new MemoryPlanner();
        }
        double inf = Double.POSITIVE_INFINITY;
        double[] budgets = {
            Integer.toUnsignedLong(board.getFlash().getLength()),
            Integer.toUnsignedLong(board.getSram().getLength()),
            inf,
            inf
        };
        return MemoryPlanner.given(
                BudgetedPlan.choose(graph, Overheads.of(board), budgets).choice());
    }

    /**
     * Generates C for an int8 IR graph.
     *
     * @param graph the quantised graph
     * @param provenance written into the generated headers; may be null
     * @param source what the graph came from, for messages
     * @return the model
     * @throws UnsupportedModelException when the graph is not int8 throughout or cannot be emitted
     */
    public static DeviceModel of(Graph graph, Provenance provenance, String source)
            throws UnsupportedModelException {
        return of(graph, provenance, source, new MemoryPlanner());
    }

    /**
     * Generates C for an int8 IR graph under a given memory planner (e.g. {@link
     * MemoryPlanner#layerByLayer()}, so that every layer is its own kernel call).
     *
     * @param graph the quantised graph
     * @param provenance written into the generated headers; may be null
     * @param source what the graph came from, for messages
     * @param planner plans the arena the generated code allocates
     * @return the model
     * @throws UnsupportedModelException when the graph is not int8 throughout or cannot be emitted
     */
    public static DeviceModel of(
            Graph graph, Provenance provenance, String source, MemoryPlanner planner)
            throws UnsupportedModelException {
        Int8Interpreter reference;
        try {
            reference = new Int8Interpreter(graph);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException(
                    source
                            + " is not an int8 model the board can run: "
                            + e.getMessage()
                            + "; quantise it first: tinyprune quantize --onnx "
                            + source
                            + " --dataset D --out DIR writes DIR/model_int8.onnx",
                    e);
        }
        return new DeviceModel(
                graph,
                reference,
                CodeGenerator.generate(graph, provenance, planner),
                BenchmarkId.forDataset(provenance == null ? null : provenance.dataset()));
    }

    /**
     * Returns this model with firmware that reports another MLPerf Tiny benchmark id.
     *
     * @param id the benchmark, e.g. from {@code --benchmark-id}
     * @return the same model, built to report {@code id}
     */
    public DeviceModel withBenchmark(BenchmarkId id) {
        return new DeviceModel(graph, reference, generated, id);
    }

    /** Returns {@code TP_MODEL_WEIGHTS_HASH} as the board prints it, e.g. {@code 0x9b9c6b25}. */
    public String weightsHash() {
        return String.format("0x%08x", generated.weightsHash());
    }

    /** Returns the number of int8 input bytes. */
    public long inputBytes() {
        return graph.tensor(graph.inputs().get(0)).elements();
    }

    /**
     * Writes the C sources into {@code out/model} and builds the firmware into {@code out},
     * reserving the stack {@link #stackReserveBytes} sizes from the board's calibrated cost model.
     *
     * @param builder the firmware builder
     * @param profile the board
     * @param out output folder: {@code firmware.elf}, {@code .bin}, {@code .map}, {@code
     *     sizes.json}, {@code model/model.c}, {@code model/model.h}
     * @return the firmware
     * @throws IOException when the sources cannot be written
     * @throws FirmwareBuildException when the build fails or the model does not fit
     */
    public Firmware build(FirmwareBuild builder, BoardProfile profile, Path out)
            throws IOException, FirmwareBuildException {
        return build(builder, profile, out, stackReserveBytes(profile));
    }

    /**
     * Writes the C sources into {@code out/model} and builds the firmware into {@code out} with a
     * given stack reservation.
     *
     * @param stackBytes bytes of stack the linker reserves, or {@link #LINKER_STACK}
     * @throws IOException when the sources cannot be written
     * @throws FirmwareBuildException when the build fails or the model does not fit
     */
    public Firmware build(FirmwareBuild builder, BoardProfile profile, Path out, long stackBytes)
            throws IOException, FirmwareBuildException {
        Path modelDir = out.resolve("model");
        generated.writeTo(modelDir);
        return builder.build(profile, modelDir, out, stackBytes, benchmark);
    }

    /**
     * The stack to reserve for this model on a board: the resource model's predicted high-water
     * mark times (1 + {@code cost_model.stack_margin}), rounded up to 8 bytes; {@link
     * #LINKER_STACK} when the profile has no margin (uncalibrated priors keep the linker script's
     * default).
     *
     * @param profile the board
     * @return bytes to reserve, or {@link #LINKER_STACK}
     */
    public long stackReserveBytes(BoardProfile profile) {
        double margin = profile.getCostModel().getStackMargin();
        if (margin <= 0) {
            return LINKER_STACK;
        }
        double predicted =
                ResourceModel.of(generated.plan(), Overheads.of(profile)).evaluate().stackBytes();
        return (long) Math.ceil(predicted * (1 + margin) / 8) * 8;
    }
}
