package org.tinyprune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir Path dir;

    /** A w x h grey PNG whose pixel (x, y) is base + x + 10 y. */
    private Path grey(String half, String cls, String name, int w, int h, int base)
            throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, base + x + 10 * y);
            }
        }
        return save(img, half, cls, name);
    }

    private Path save(BufferedImage img, String half, String cls, String name) throws IOException {
        Path d = Files.createDirectories(dir.resolve(half).resolve(cls));
        Path f = d.resolve(name);
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    @Test
    void greyImagesLoadWithExactLevelsAndClassesInNameOrder() throws Exception {
        grey("train", "cat", "b.png", 3, 2, 100);
        grey("train", "cat", "a.png", 3, 2, 0);
        grey("train", "ant", "z.png", 3, 2, 50);
        grey("test", "cat", "t.png", 3, 2, 7);
        Dataset ds = Datasets.load("image-folder", dir);
        assertEquals(List.of("ant", "cat"), ds.classNames());
        assertArrayEquals(new int[] {1, 2, 3}, ds.inputShape());
        assertEquals(3, ds.train().size());
        // ant/z.png first, then cat/a.png, cat/b.png.
        assertEquals(0, ds.train().label(0));
        assertEquals(50, ds.train().pixel(0, 0));
        assertEquals(1, ds.train().label(1));
        assertEquals(0 + 2 + 10, ds.train().pixel(1, 5));
        assertEquals(100 + 1 + 10, ds.train().pixel(2, 4));
        assertEquals(1, ds.test().label(0));
    }

    @Test
    void colourImagesGiveThreePlanesAndGreyOnesAreRepeated() throws Exception {
        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0x102030);
        rgb.setRGB(1, 0, 0x405060);
        save(rgb, "train", "a", "x.png");
        grey("train", "b", "y.png", 2, 1, 9);
        grey("test", "a", "t.png", 2, 1, 1);
        Dataset ds = Datasets.load("image-folder", dir);
        assertArrayEquals(new int[] {3, 1, 2}, ds.inputShape());
        byte[] img = new byte[6];
        ds.train().copyImage(0, img, 0);
        assertArrayEquals(new byte[] {0x10, 0x40, 0x20, 0x50, 0x30, 0x60}, img);
        ds.train().copyImage(1, img, 0);
        assertArrayEquals(new byte[] {9, 10, 9, 10, 9, 10}, img);
    }

    @Test
    void sizeMismatchNamesTheFile() throws Exception {
        grey("train", "a", "a.png", 4, 4, 0);
        grey("train", "b", "b.png", 4, 4, 0);
        Path odd = grey("test", "a", "odd.png", 5, 4, 0);
        DatasetException e =
                assertThrows(DatasetException.class, () -> Datasets.load("image-folder", dir));
        assertEquals(
                odd
                        + ": has wrong dimensions: it is 5 x 4 but a.png is 4 x 4; every image"
                        + " must have the same size",
                e.getMessage());
    }

    @Test
    void undecodableFileAndMissingFoldersAreReported() throws Exception {
        grey("train", "a", "a.png", 2, 2, 0);
        grey("train", "b", "b.png", 2, 2, 0);
        DatasetException e =
                assertThrows(DatasetException.class, () -> Datasets.load("image-folder", dir));
        assertEquals(
                dir.resolve("test") + ": does not exist: the dataset directory is missing",
                e.getMessage());
        Path bad = Files.createDirectories(dir.resolve("test/a")).resolve("broken.png");
        Files.write(bad, new byte[] {1, 2, 3, 4});
        e = assertThrows(DatasetException.class, () -> Datasets.load("image-folder", dir));
        assertEquals(
                bad + ": is not an image this Java runtime can decode (PNG, JPEG, BMP, GIF)",
                e.getMessage());
    }

    @Test
    void testClassUnknownToTrainingIsReported() throws Exception {
        grey("train", "a", "a.png", 2, 2, 0);
        grey("train", "b", "b.png", 2, 2, 0);
        grey("test", "c", "c.png", 2, 2, 0);
        DatasetException e =
                assertThrows(DatasetException.class, () -> Datasets.load("image-folder", dir));
        assertEquals(
                dir.resolve("test/c")
                        + ": is a test class that "
                        + dir.resolve("train")
                        + " does not have; the class folders must match",
                e.getMessage());
    }
}
