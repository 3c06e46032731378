package org.tinyprune.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {

    @TempDir Path dir;

    private static Provenance sample() {
        return Provenance.builder()
                .version("1.2.3")
                .gitCommit("0123456789abcdef0123456789abcdef01234567")
                .seed(42)
                .dataset("fashion-mnist (/usr/share/datasets/fashion-mnist) sha256:00aa")
                .board("qemu-m4 sha256:11bb")
                .config("model", "vgg-small")
                .config("epochs", 15)
                .config("note", "tricky \"quotes\" \\ back\nslash */ end /* start\ttab")
                .build();
    }

    @Test
    void metadataRoundTrips() {
        Provenance p = sample();
        assertEquals(p, Provenance.fromMetadataProps(p.toMetadataProps()));
        assertEquals("42", p.toMap().get("tinyprune.seed"));
        assertEquals("vgg-small", p.toMap().get("tinyprune.config.model"));
    }

    @Test
    void jsonParsesWithAnIndependentParser() {
        Provenance p = sample();
        JsonObject o = JsonParser.parseString(p.toJson()).getAsJsonObject();
        assertEquals("1.2.3", o.get("tinyprune_version").getAsString());
        assertEquals(42L, o.get("seed").getAsLong());
        assertEquals(
                p.configuration().get("note"),
                o.getAsJsonObject("configuration").get("note").getAsString());
        assertEquals("15", o.getAsJsonObject("configuration").get("epochs").getAsString());
    }

    @Test
    void cCommentCompilesAndCannotBeClosedEarly() throws Exception {
        String comment = sample().toCComment();
        assertTrue(comment.startsWith("/*\n") && comment.endsWith(" */\n"));
        assertEquals(1, comment.split("\\*/", -1).length - 1, "exactly one comment terminator");
        Path c = dir.resolve("p.c");
        Files.writeString(c, comment + "int tp_provenance_ok = 1;\n");
        Process gcc;
        try {
            gcc =
                    new ProcessBuilder(
                                    "gcc",
                                    "-std=c99",
                                    "-Wall",
                                    "-Werror",
                                    "-fsyntax-only",
                                    c.toString())
                            .redirectErrorStream(true)
                            .start();
        } catch (java.io.IOException e) {
            Assumptions.abort("gcc not installed: " + e.getMessage());
            return;
        }
        String out = new String(gcc.getInputStream().readAllBytes());
        assertTrue(gcc.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, gcc.exitValue(), out);
    }

    @Test
    void seedIsRequiredAndMissingKeysAreNamed() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> Provenance.builder().build());
        assertTrue(e.getMessage().contains("seed"));
        IllegalArgumentException m =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Provenance.fromMetadataProps(java.util.List.of()));
        assertTrue(m.getMessage().contains("tinyprune.version"), m.getMessage());
    }

    @Test
    void buildInfoReportsMavenVersionAndCommit() {
        assertTrue(BuildInfo.version().matches("\\d+\\.\\d+\\.\\d+.*"), BuildInfo.version());
        String commit = BuildInfo.gitCommit();
        // The test runs from a git checkout in development and CI; elsewhere it is "unknown".
        assertTrue(
                commit.matches("[0-9a-f]{40}(-dirty)?") || commit.equals(BuildInfo.UNKNOWN),
                commit);
        assertEquals(BuildInfo.UNKNOWN, BuildInfo.detectCommit(dir));
        assertFalse(Provenance.builder().seed(1).build().version().isEmpty());
    }

    @Test
    void fingerprintsDependOnContentOnly() throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "abc");
        Path b = Files.writeString(dir.resolve("b"), "abc");
        assertEquals(Fingerprints.sha256(a), Fingerprints.sha256(b));
        // SHA-256("abc") = ba7816bf8f01cfea...
        assertEquals("sha256:ba7816bf8f01cfea", Fingerprints.sha256("abc".getBytes()));
    }
}
