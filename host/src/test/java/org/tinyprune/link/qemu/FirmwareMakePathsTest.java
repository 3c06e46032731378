package org.tinyprune.link.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.link.LinkException;

/**
 * Output and model folders whose paths make would expand or split: each builds the same firmware as
 * a plain path, and nothing written in the path runs.
 */
class FirmwareMakePathsTest {
    static Path root;
    static Path fixture;

    @TempDir Path tmp;

    @BeforeAll
    static void toolchain() throws Exception {
        Assumptions.assumeTrue(
                FirmwareBuild.onPath(FirmwareBuild.COMPILER) && FirmwareBuild.onPath("make"),
                "no cross compiler: firmware builds skipped");
        root = RepositoryRoot.locate();
        fixture = root.resolve("device-runtime/tests/fixture_model");
    }

    private Path model(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.copy(fixture.resolve("model.c"), dir.resolve("model.c"));
        Files.copy(fixture.resolve("model.h"), dir.resolve("model.h"));
        return dir;
    }

    @Test
    void shellCommandInTheOutputPathIsNeverRun() throws Exception {
        Path marker = tmp.resolve("PWNED");
        Path relativeMarker = root.resolve("device-runtime").resolve("PWNED");
        Assumptions.assumeFalse(
                Files.exists(relativeMarker), relativeMarker + " exists before the test");
        // the folder name holds "$(shell touch <tmp>/PWNED)" and "$(shell touch PWNED)"
        Path out = Path.of(tmp + "/runs/$(shell touch " + marker + ")/x$(shell touch PWNED)");
        Path elf = new FirmwareMake(root).firmware("qemu-m4", model(out.resolve("model")), out);
        assertEquals(out.resolve("firmware.elf"), elf);
        assertTrue(Files.isRegularFile(elf), "firmware built into " + out);
        assertFalse(Files.exists(marker), "make ran the $(shell ...) written in --out");
        assertFalse(Files.exists(relativeMarker), "make ran the $(shell ...) written in --out");
    }

    @Test
    void awkwardPathsBuildTheSameImageAsAPlainOne() throws Exception {
        FirmwareMake make = new FirmwareMake(root);
        Path plain = tmp.resolve("plain");
        make.firmware("qemu-m4", model(plain.resolve("model")), plain);
        byte[] expected = Files.readAllBytes(plain.resolve("firmware.bin"));
        for (String name :
                new String[] {
                    "with space",
                    "quote's \"double\"",
                    "back\\slash",
                    "new\nline",
                    "dollar$HOME and $$ # % : ; * ? [x] (y) ,=",
                    "-leading-dash"
                }) {
            Path out = tmp.resolve(name);
            Path elf = make.firmware("qemu-m4", model(out.resolve("model")), out);
            assertTrue(Files.isRegularFile(elf), name);
            assertArrayEquals(
                    expected,
                    Files.readAllBytes(out.resolve("firmware.bin")),
                    "image built in '" + name + "'");
            assertTrue(
                    Files.readString(out.resolve("sizes.json")).contains("\"board\": \"qemu-m4\""),
                    name);
            try (var files = Files.list(out)) {
                assertTrue(
                        files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")),
                        "no temporary files left");
            }
        }
    }

    @Test
    void awkwardPathRebuildsOnlyWhatChanged() throws Exception {
        FirmwareMake make = new FirmwareMake(root);
        Path out = tmp.resolve("again and again");
        Path model = model(out.resolve("model"));
        make.firmware("qemu-m4", model, out);
        // the linker writes the map file; the stamp step rewrites the ELF on every make run
        var first = Files.getLastModifiedTime(out.resolve("firmware.map"));
        Thread.sleep(1100);
        make.firmware("qemu-m4", model, out);
        assertEquals(
                first,
                Files.getLastModifiedTime(out.resolve("firmware.map")),
                "nothing changed: no relink");
        Files.writeString(
                model.resolve("model.c"),
                Files.readString(model.resolve("model.c")) + "\n/* changed */\n");
        make.firmware("qemu-m4", model, out);
        assertTrue(
                Files.getLastModifiedTime(out.resolve("firmware.map")).compareTo(first) > 0,
                "model.c changed: relinked");
    }

    @Test
    void modelFolderWithAwkwardPathIsUsedNotTheFixture() throws Exception {
        Path model = model(tmp.resolve("my model $(x)"));
        Files.writeString(
                model.resolve("model.c"),
                Files.readString(model.resolve("model.c"))
                        + "\n#error model from the awkward folder\n");
        LinkException e =
                assertThrows(
                        LinkException.class,
                        () ->
                                new FirmwareMake(root)
                                        .firmware("qemu-m4", model, tmp.resolve("out")));
        assertTrue(e.getMessage().contains("model from the awkward folder"), e.getMessage());
        assertTrue(
                e.getMessage().contains(model.toString()),
                "names the user's folder: " + e.getMessage());
    }

    @Test
    void bootloaderBuildsIntoAnAwkwardPath() throws Exception {
        Path out = tmp.resolve("boot loader $(shell false)");
        Path elf = new FirmwareMake(root).bootloader("qemu-m4", out);
        assertTrue(Files.isRegularFile(elf) && Files.isRegularFile(out.resolve("bootloader.bin")));
    }

    @Test
    void boardNameThatIsNotOneIsRefusedBeforeMake() {
        LinkException e =
                assertThrows(
                        LinkException.class,
                        () ->
                                new FirmwareMake(root)
                                        .firmware("qemu-m4 OUT=/tmp", null, tmp.resolve("o")));
        assertEquals(LinkException.Kind.INVALID_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("is not a board name"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("o")));
    }

    @Test
    void makeSafeCharacters() {
        assertTrue(FirmwareMake.isMakeSafe("/home/u/runs/qemu-m4_v1.2+x"));
        for (String s :
                new String[] {
                    "a b", "$(x)", "a$b", "a'b", "a\"b", "a\\b", "a\nb", "a#b", "a%b", "a:b", "a;b",
                    "a*b", "-a", "", "a,b", "a=b"
                }) {
            assertFalse(FirmwareMake.isMakeSafe(s), s);
        }
    }
}
