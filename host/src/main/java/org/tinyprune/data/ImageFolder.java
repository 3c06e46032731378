package org.tinyprune.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Loads a folder of image files, one subfolder per class: {@code DIR/train/CLASS/*.png} and {@code
 * DIR/test/CLASS/*.png} (PNG, JPEG, BMP or GIF, whatever {@link ImageIO} reads). Classes are the
 * training subfolders in name order; files are read in name order. All images must have the size of
 * the first one. The data has one channel if every image is grey, else three (RGB; grey images are
 * then repeated into all three channels). Alpha is ignored.
 */
public final class ImageFolder {

    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private record Decoded(Path file, BufferedImage image, int label) {}

    private ImageFolder() {}

    /**
     * Loads both halves.
     *
     * @param dir the folder holding {@code train} and {@code test}
     * @param classNames receives the class names, indexed by label
     * @return the training and test images
     * @throws DatasetException if a folder is missing or empty, a file cannot be decoded, sizes
     *     differ, or the test folder has a class the training folder lacks
     */
    public static IdxDirectory.Halves load(Path dir, List<String> classNames)
            throws DatasetException {
        ClassFolders folders = ClassFolders.scan(dir, EXTENSIONS, "image");
        List<String> classes = folders.classes();
        List<Decoded> train = decode(folders.train());
        List<Decoded> test = decode(folders.test());
        BufferedImage first = train.get(0).image();
        int w = first.getWidth();
        int h = first.getHeight();
        boolean colour = false;
        for (List<Decoded> part : List.of(train, test)) {
            for (Decoded d : part) {
                if (d.image().getWidth() != w || d.image().getHeight() != h) {
                    throw new DatasetException(
                            d.file(),
                            "has wrong dimensions: it is "
                                    + d.image().getWidth()
                                    + " x "
                                    + d.image().getHeight()
                                    + " but "
                                    + train.get(0).file().getFileName()
                                    + " is "
                                    + w
                                    + " x "
                                    + h
                                    + "; every image must have the same size");
                }
                colour |= !isGrey(d.image());
            }
        }
        classNames.addAll(classes);
        int channels = colour ? 3 : 1;
        return new IdxDirectory.Halves(
                toImageSet(train, channels, h, w, classes.size()),
                toImageSet(test, channels, h, w, classes.size()));
    }

    private static ImageSet toImageSet(
            List<Decoded> decoded, int channels, int h, int w, int classes) {
        int plane = h * w;
        byte[] px = new byte[decoded.size() * channels * plane];
        int[] labels = new int[decoded.size()];
        for (int i = 0; i < decoded.size(); i++) {
            BufferedImage img = decoded.get(i).image();
            int base = i * channels * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int k = base + y * w + x;
                    if (isGrey(img)) {
                        byte g = (byte) grey(img, x, y);
                        for (int c = 0; c < channels; c++) {
                            px[k + c * plane] = g;
                        }
                    } else {
                        int rgb = img.getRGB(x, y);
                        px[k] = (byte) (rgb >> 16);
                        px[k + plane] = (byte) (rgb >> 8);
                        px[k + 2 * plane] = (byte) rgb;
                    }
                }
            }
            labels[i] = decoded.get(i).label();
        }
        return new ImageSet(channels, h, w, classes, px, labels);
    }

    private static boolean isGrey(BufferedImage img) {
        return img.getColorModel().getNumColorComponents() < 3;
    }

    /**
     * The stored grey level scaled to 0..255, read from the raster (not through {@link
     * BufferedImage#getRGB}, which would apply a colour-space conversion to grey images).
     */
    private static int grey(BufferedImage img, int x, int y) {
        int sample = img.getRaster().getSample(x, y, 0);
        int bits = img.getColorModel().getComponentSize(0);
        if (bits == 8) {
            return sample;
        }
        return bits > 8 ? sample >> (bits - 8) : sample * 255 / ((1 << bits) - 1);
    }

    private static List<Decoded> decode(List<ClassFolders.LabelledFile> files)
            throws DatasetException {
        List<Decoded> result = new ArrayList<>();
        for (ClassFolders.LabelledFile f : files) {
            BufferedImage img;
            try {
                img = ImageIO.read(f.file().toFile());
            } catch (IOException e) {
                throw new DatasetException(
                        f.file(), "could not be decoded (" + e.getMessage() + ")", e);
            }
            if (img == null) {
                throw new DatasetException(
                        f.file(),
                        "is not an image this Java runtime can" + " decode (PNG, JPEG, BMP, GIF)");
            }
            result.add(new Decoded(f.file(), img, f.label()));
        }
        return result;
    }
}
