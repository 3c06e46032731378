package org.tinyprune.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The committed inputs of a Jazzer fuzz test ({@code <Class>Inputs/<method>/} beside the class in
 * the test resources). Seeds named {@code valid-*} are files the reader must accept, so that a fuzz
 * test whose seeds stopped parsing (and whose fuzzing then stays at the surface) fails loudly.
 */
public final class FuzzInputs {
    private FuzzInputs() {}

    /**
     * Lists the {@code valid-*} seeds of a fuzz test.
     *
     * @param test the fuzz test class
     * @param method its {@code @FuzzTest} method's name
     * @return the seed files, sorted; never empty
     */
    public static List<Path> valid(Class<?> test, String method) {
        URL url = test.getResource(test.getSimpleName() + "Inputs/" + method);
        if (url == null) {
            throw new IllegalStateException(
                    "no inputs directory for " + test.getSimpleName() + "." + method);
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            List<Path> valid =
                    files.filter(f -> f.getFileName().toString().startsWith("valid-"))
                            .sorted()
                            .toList();
            if (valid.isEmpty()) {
                throw new IllegalStateException("no valid-* seeds in " + url);
            }
            return valid;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
