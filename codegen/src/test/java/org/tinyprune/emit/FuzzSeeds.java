package org.tinyprune.emit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the generated part of the ONNX fuzz target's committed seed corpus: the float and QDQ
 * models of {@link MalformedOnnxTest} (a few hundred bytes each, every supported layer kind of a
 * small CNN). Run once with the inputs directory as argument; the corpus also holds fixtures copied
 * as they are.
 */
final class FuzzSeeds {
    private FuzzSeeds() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Files.write(dir.resolve("valid-float.onnx"), MalformedOnnxTest.floatModel().toByteArray());
        Files.write(dir.resolve("valid-qdq.onnx"), MalformedOnnxTest.qdqModel().toByteArray());
    }
}
