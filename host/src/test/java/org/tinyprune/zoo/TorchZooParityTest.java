package org.tinyprune.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch mirror of the zoo ({@code scripts/torch_zoo.py}, used for training-speed comparisons)
 * builds the same networks: PyTorch counts the same trainable parameters and the same number of
 * outputs. Needs Debian's python3-torch at /usr/bin/python3.
 */
class TorchZooParityTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private static Path script() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("scripts/torch_zoo.py"))) {
            p = p.getParent();
        }
        return p == null ? null : p.resolve("scripts/torch_zoo.py");
    }

    @Test
    void torchBuildsTheSameNetworks() throws Exception {
        Path script = script();
        assumeTrue(script != null && Files.isExecutable(PYTHON), "no /usr/bin/python3");
        List<String> specs = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (String name : Zoo.names()) {
            for (ModelConfig c :
                    new ModelConfig[] {
                        new ModelConfig(1, 28, 28, 10, 1.0),
                        new ModelConfig(3, 32, 32, 10, 0.5),
                        new ModelConfig(1, 49, 10, 12, 0.75)
                    }) {
                specs.add(
                        name
                                + " "
                                + c.channels()
                                + " "
                                + c.height()
                                + " "
                                + c.width()
                                + " "
                                + c.numClasses()
                                + " "
                                + c.widthMultiplier());
                expected.add(
                        specs.get(specs.size() - 1)
                                + " -> params "
                                + ModelSummary.of(Zoo.build(name, c)).params()
                                + " output "
                                + c.numClasses());
            }
        }
        Process p =
                new ProcessBuilder(PYTHON.toString(), script.toString(), "params")
                        .redirectErrorStream(true)
                        .start();
        try (var in = p.getOutputStream()) {
            in.write((String.join("\n", specs) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(script + " did not finish within 120 s");
        }
        assumeTrue(
                p.exitValue() == 0 || !out.contains("No module named 'torch'"),
                "python3-torch is not installed");
        assertEquals(0, p.exitValue(), "torch_zoo.py failed: " + out);
        // Torch may print warnings on the same stream: keep only the answer lines.
        List<String> lines = out.lines().filter(l -> l.startsWith("params ")).toList();
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            actual.add(specs.get(i) + " -> " + lines.get(i).strip());
        }
        assertEquals(expected, actual);
    }
}
