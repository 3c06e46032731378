package org.tinyprune.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tinyprune.emit.CodeGenerator;
import org.tinyprune.emit.CodegenProvenance;
import org.tinyprune.emit.GeneratedModel;
import org.tinyprune.emit.HostBuild;
import org.tinyprune.emit.HostRunner;
import org.tinyprune.ir.Graph;
import org.tinyprune.onnx.OnnxFiles;
import org.tinyprune.onnx.OnnxReader;
import org.tinyprune.onnx.UnsupportedModelException;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.plan.MemoryPlanner;
import org.tinyprune.plan.PlanChoice;
import org.tinyprune.resource.Overheads;
import org.tinyprune.resource.ResourceEstimate;
import org.tinyprune.resource.ResourceModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tinyprune codegen --onnx M.onnx --target host|device --out DIR [--build] [--sanitize]}:
 * reads an ONNX model (float or QDQ int8), plans its memory and writes {@code model.h} / {@code
 * model.c}; for the host target also the runner {@code tp_runner.c}, optionally built.
 */
@Command(
        name = "codegen",
        mixinStandardHelpOptions = true,
        description =
                "Generates C (model.h, model.c) for an ONNX model: float graphs run the float kernels "
                        + "(host only), QDQ graphs the int8 kernels. With --target host also writes tp_runner.c, which "
                        + "runs the model on an input tensor file (raw little-endian or ONNX TensorProto .pb).")
public final class CodegenCommand implements Callable<Integer> {
    @Option(
            names = "--onnx",
            required = true,
            paramLabel = "M.onnx",
            description = "The ONNX model.")
    Path onnx;

    @Option(
            names = "--target",
            defaultValue = "host",
            paramLabel = "host|device",
            description =
                    "host: also write the runner program; device: model sources only (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(
            names = "--build",
            description = "Compile the host runner with gcc (needs --target host).")
    boolean build;

    @Option(names = "--sanitize", description = "With --build: add -fsanitize=address,undefined.")
    boolean sanitize;

    @Option(
            names = "--runtime",
            paramLabel = "DIR",
            description =
                    "The device-runtime directory (default: $TINYPRUNE_HOME, else searched from the working "
                            + "directory, else from the tinyprune jar's folder).")
    Path runtime;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        if (!target.equals("host") && !target.equals("device")) {
            throw new CommandFailure(
                    ExitCodes.USAGE, "--target must be host or device, got '" + target + "'", null);
        }
        if (build && !target.equals("host")) {
            throw new CommandFailure(ExitCodes.USAGE, "--build needs --target host", null);
        }
        try (RunDirectory run = RunDirectory.open(out)) {
            generate();
            run.succeeded();
            return ExitCodes.OK;
        }
    }

    /**
     * The plan the model records ({@link PlanChoice}: a pruning run's choice within its budgets),
     * else the default planner's.
     */
    private MemoryPlanner planner(ModelProto model, Graph graph) {
        try {
            return PlanChoice.recorded(model.getMetadataPropsList(), graph)
                    .map(MemoryPlanner::given)
                    .orElseGet(MemoryPlanner::new);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, onnx + ": " + e.getMessage(), e);
        }
    }

    private void generate() {
        PrintWriter w = spec.commandLine().getOut();
        GeneratedModel gen;
        try {
            ModelProto model = OnnxFiles.read(onnx);
            Graph graph = OnnxReader.read(model);
            gen =
                    CodeGenerator.generate(
                            graph,
                            CodegenProvenance.of(model, onnx, target),
                            planner(model, graph));
            if (graph.isQuantized() || target.equals("host")) {
                gen.writeTo(out);
            } else {
                throw new CommandFailure(
                        ExitCodes.BAD_INPUT,
                        onnx
                                + " is a float model; float code runs on the host "
                                + "target only (quantise it, or use --target host)",
                        null);
            }
            if (target.equals("host")) {
                HostRunner.writeTo(out);
            }
        } catch (UnsupportedModelException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        } catch (IOException e) {
            throw RunDirectory.ioFailure(out, e);
        }
        ResourceEstimate est = ResourceModel.of(gen.plan(), Overheads.NONE).evaluate();
        w.printf(
                "Wrote %s (%d layers, weights hash 0x%08x)%n",
                out.resolve("model.c"), gen.layerNames().size(), gen.weightsHash());
        w.printf(
                "Flash: %d B of constants; %s; %.0f MACs%n",
                gen.constantBytes(), gen.plan().summary(), est.macs().value());
        if (build) {
            try {
                Path rt = runtime != null ? runtime : HostBuild.locateRuntime();
                Path bin = new HostBuild(rt, out.resolve("build"), sanitize).buildRunner(out);
                w.println("Built " + bin + "; run: " + bin + " [--int8] INPUT OUTPUT");
            } catch (IOException e) {
                throw new CommandFailure(
                        ExitCodes.TOOLCHAIN, "host build failed: " + e.getMessage(), e);
            }
        }
    }
}
