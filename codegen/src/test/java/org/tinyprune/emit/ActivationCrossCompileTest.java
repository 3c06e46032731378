package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;
import org.tinyprune.onnx.OnnxReader;

/**
 * Generated squeeze-and-excite models compile with the kernels without a warning: the int8 one
 * (table sigmoid, multiply) for Cortex-M4, M7 and M33, a float one with HardSwish and HardSigmoid
 * for Cortex-M4.
 */
class ActivationCrossCompileTest {
    @Test
    void int8AndFloatModelsWithTheNewOpsCompileForEveryCore() throws Exception {
        Path runtime = HostBuild.findRuntime(Paths.get("."));
        OnnxGraphs f = new OnnxGraphs("se_float", 3, 1, 4, 6, 6).opset(14);
        String x = f.op("HardSwish", List.of(f.conv("x", 4, 6, 3, 1, 1, 1, true)));
        String p = f.op("GlobalAveragePool", List.of(x));
        String s = f.op("HardSigmoid", List.of(f.conv(p, 6, 6, 1, 1, 0, 1, true)));
        String y = f.op("Mul", List.of(x, s));
        Graph floatGraph = OnnxReader.read(f.build(y, 1, 6, 6, 6));
        Graph int8Graph = OnnxReader.read(ActivationQdqTest.squeezeExcite());
        for (String core : List.of("cortex-m4", "cortex-m7", "cortex-m33")) {
            for (Graph g :
                    core.equals("cortex-m4")
                            ? List.of(int8Graph, floatGraph)
                            : List.of(int8Graph)) {
                Path dir = Paths.get("target", "crossbuild", g.name() + "-" + core);
                CodeGenerator.generate(g, null).writeTo(dir);
                List<Path> objects = CrossCompile.compile(dir, runtime, core);
                assertTrue(objects.stream().allMatch(Files::isRegularFile), core + " " + g.name());
            }
        }
    }
}
