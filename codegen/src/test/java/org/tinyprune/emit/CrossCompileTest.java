package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;

/** Generated int8 C and the kernels compile for Cortex-M4, M7 and M33 without a single warning. */
class CrossCompileTest {
    @Test
    void int8ModelCompilesForEveryCoreWithoutWarnings() throws Exception {
        Random rnd = new Random(12);
        Graph g = Int8Graphs.conv(rnd, 0);
        Path dir = Paths.get("target", "crossbuild", "conv");
        CodeGenerator.generate(g, null).writeTo(dir);
        Path runtime = HostBuild.findRuntime(Paths.get("."));
        for (String core : List.of("cortex-m4", "cortex-m7", "cortex-m33")) {
            List<Path> objects = CrossCompile.compile(dir, runtime, core);
            assertTrue(objects.stream().allMatch(o -> Files.isRegularFile(o)), core);
        }
    }
}
