package org.tinyprune.data;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinyprune.dsp.MfccConfig;

/**
 * The dataset registry: finds a loader by name and loads the dataset from a directory, or from the
 * dataset's default location when it has one.
 *
 * <table>
 *   <caption>Registered datasets</caption>
 *   <tr><th>name</th><th>files</th><th>default directory</th><th>augmentation</th></tr>
 *   <tr><td>{@code fashion-mnist}</td><td>IDX, 10 classes, 1 × 28 × 28</td>
 *       <td>{@code /usr/share/datasets/fashion-mnist} (Debian {@code dataset-fashion-mnist})</td>
 *       <td>crop ±2, flip</td></tr>
 *   <tr><td>{@code mnist}</td><td>IDX, 10 classes, 1 × 28 × 28</td><td>none</td>
 *       <td>crop ±2, no flip</td></tr>
 *   <tr><td>{@code idx}</td><td>IDX, any size; classes declared in {@code classes.txt} (one name a
 *       line), else the largest training label + 1 with every label below it present</td><td>none</td>
 *       <td>crop ±size/14, no flip</td></tr>
 *   <tr><td>{@code cifar10}</td><td>CIFAR-10 binary, 10 classes, 3 × 32 × 32</td><td>none</td>
 *       <td>crop ±4, flip</td></tr>
 *   <tr><td>{@code image-folder}</td><td>PNG/JPEG/BMP/GIF in {@code train/CLASS} and
 *       {@code test/CLASS}, one size, grey or RGB</td><td>none</td>
 *       <td>crop ±size/14, no flip</td></tr>
 *   <tr><td>{@code wav-folder}</td><td>WAV in {@code train/CLASS} and {@code test/CLASS} (or
 *       Speech Commands' {@code CLASS/} with {@code testing_list.txt}), 16 kHz, turned into
 *       1 × 49 × 10 MFCC images ({@link WavFolder})</td><td>none</td>
 *       <td>none</td></tr>
 * </table>
 */
public final class Datasets {

    /** The default dataset's name. */
    public static final String DEFAULT = "fashion-mnist";

    /** Where Debian's {@code dataset-fashion-mnist} package puts the Fashion-MNIST files. */
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The fix printed when the default Fashion-MNIST files are missing or damaged. */
    public static final String FASHION_MNIST_HINT =
            "The default Fashion-MNIST files come from"
                    + " the Debian package dataset-fashion-mnist: install it with `apt-get install -y"
                    + " --no-install-recommends dataset-fashion-mnist`, or pass --data DIR naming a"
                    + " directory with the four IDX files";

    /** Fashion-MNIST class names, indexed by label. */
    public static final List<String> FASHION_MNIST_CLASSES =
            List.of(
                    "T-shirt/top",
                    "Trouser",
                    "Pullover",
                    "Dress",
                    "Coat",
                    "Sandal",
                    "Shirt",
                    "Sneaker",
                    "Bag",
                    "Ankle boot");

    /** Loads one dataset from a directory ({@code null}: the default directory). */
    @FunctionalInterface
    private interface Loader {
        Dataset load(String name, Path dir, PrintStream progress) throws DatasetException;
    }

    /** A loader that has no progress to report. */
    @FunctionalInterface
    private interface QuickLoader {
        Dataset load(String name, Path dir) throws DatasetException;
    }

    private record Entry(String description, Loader loader) {}

    private static final Map<String, Entry> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put(
                "fashion-mnist",
                new Entry(
                        "Fashion-MNIST, 60000/10000 grey 28x28 images,"
                                + " 10 classes (default: "
                                + FASHION_MNIST_DIR
                                + ")",
                        quick(Datasets::fashionMnist)));
        REGISTRY.put(
                "mnist",
                new Entry(
                        "an MNIST-style IDX directory (--data DIR), 28x28," + " 10 classes",
                        quick(Datasets::mnist)));
        REGISTRY.put(
                "idx",
                new Entry(
                        "any IDX directory (--data DIR): train-/t10k-images-idx3"
                                + " and -labels-idx1 files; classes named in DIR/classes.txt (one a line), else labels"
                                + " 0..K-1 with none missing",
                        quick(Datasets::idx)));
        REGISTRY.put(
                "cifar10",
                new Entry(
                        "CIFAR-10 binary version (--data DIR): data_batch_1..5"
                                + ".bin, test_batch.bin",
                        quick(Datasets::cifar10)));
        REGISTRY.put(
                "image-folder",
                new Entry(
                        "image files (--data DIR): DIR/train/CLASS/*.png"
                                + " and DIR/test/CLASS/*.png, any size, grey or RGB",
                        quick(Datasets::imageFolder)));
        REGISTRY.put(
                "wav-folder",
                new Entry(
                        "keyword-spotting audio (--data DIR):"
                                + " DIR/train/CLASS/*.wav and DIR/test/CLASS/*.wav, or Speech Commands'"
                                + " DIR/CLASS/*.wav with testing_list.txt; 16 kHz, 1 s clips, as 49x10 MFCC"
                                + " (MLPerf Tiny KWS)",
                        Datasets::wavFolder));
    }

    private static Loader quick(QuickLoader loader) {
        return (name, dir, progress) -> loader.load(name, dir);
    }

    private Datasets() {}

    /**
     * @return the registered dataset names, in a fixed order
     */
    public static Set<String> names() {
        return REGISTRY.keySet();
    }

    /**
     * @param name a registered name
     * @return a one-line description of the dataset and where it is read from
     * @throws IllegalArgumentException if the name is not registered
     */
    public static String describe(String name) {
        Entry e = REGISTRY.get(name);
        if (e == null) {
            throw new IllegalArgumentException(unknown(name));
        }
        return e.description();
    }

    /**
     * Loads a dataset by name.
     *
     * @param name a registered name, e.g. {@code fashion-mnist}
     * @param dir the directory to read, or {@code null} for the dataset's default location
     * @return the dataset
     * @throws DatasetException if the name is unknown, no directory is given for a dataset that has
     *     no default one, or a file is missing or malformed
     */
    public static Dataset load(String name, Path dir) throws DatasetException {
        return load(name, dir, new PrintStream(OutputStream.nullOutputStream()));
    }

    /**
     * Loads a dataset by name, reporting progress on slow loads (e.g. computing features of a large
     * audio folder).
     *
     * @param name a registered name, e.g. {@code fashion-mnist}
     * @param dir the directory to read, or {@code null} for the dataset's default location
     * @param progress where progress lines go
     * @return the dataset
     * @throws DatasetException if the name is unknown, no directory is given for a dataset that has
     *     no default one, or a file is missing or malformed
     */
    public static Dataset load(String name, Path dir, PrintStream progress)
            throws DatasetException {
        Entry e = REGISTRY.get(name);
        if (e == null) {
            throw new DatasetException(unknown(name));
        }
        return e.loader().load(name, dir, progress);
    }

    private static String unknown(String name) {
        return "unknown dataset '" + name + "'; known datasets: " + String.join(", ", names());
    }

    private static Dataset fashionMnist(String name, Path dir) throws DatasetException {
        if (dir != null) {
            return fromIdx(name, dir, 10, FASHION_MNIST_CLASSES, new Augmentation(2, true));
        }
        return fashionMnistDefault(FASHION_MNIST_DIR);
    }

    /**
     * Loads Fashion-MNIST from its default location; failures name the Debian package.
     *
     * @param defaultDir the default location ({@link #FASHION_MNIST_DIR}; tests pass another)
     * @return the dataset
     * @throws DatasetException with {@link #FASHION_MNIST_HINT} appended
     */
    static Dataset fashionMnistDefault(Path defaultDir) throws DatasetException {
        try {
            return fromIdx(
                    DEFAULT, defaultDir, 10, FASHION_MNIST_CLASSES, new Augmentation(2, true));
        } catch (DatasetException e) {
            throw e.withHint(FASHION_MNIST_HINT);
        }
    }

    private static Dataset mnist(String name, Path dir) throws DatasetException {
        List<String> digits = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        return fromIdx(name, requireDir(name, dir), 10, digits, new Augmentation(2, false));
    }

    private static Dataset idx(String name, Path dir) throws DatasetException {
        Path d = requireDir(name, dir);
        IdxDirectory.requireDirectory(d);
        List<String> declared = IdxDirectory.declaredClasses(d);
        IdxDirectory.Halves h = IdxDirectory.load(d, declared == null ? 0 : declared.size(), 0, 0);
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < h.train().numClasses(); c++) {
            classes.add(declared == null ? Integer.toString(c) : declared.get(c));
        }
        int pad = Math.max(1, Math.min(h.train().height(), h.train().width()) / 14);
        return new Dataset(
                name, d.toString(), classes, h.train(), h.test(), new Augmentation(pad, false));
    }

    private static Dataset cifar10(String name, Path dir) throws DatasetException {
        Path d = requireDir(name, dir);
        IdxDirectory.Halves h = Cifar10Directory.load(d);
        return new Dataset(
                name,
                d.toString(),
                Cifar10Directory.CLASS_NAMES,
                h.train(),
                h.test(),
                new Augmentation(4, true));
    }

    private static Dataset imageFolder(String name, Path dir) throws DatasetException {
        Path d = requireDir(name, dir);
        List<String> classes = new ArrayList<>();
        IdxDirectory.Halves h = ImageFolder.load(d, classes);
        int pad = Math.max(1, Math.min(h.train().height(), h.train().width()) / 14);
        return new Dataset(
                name, d.toString(), classes, h.train(), h.test(), new Augmentation(pad, false));
    }

    private static Dataset wavFolder(String name, Path dir, PrintStream progress)
            throws DatasetException {
        Path d = requireDir(name, dir);
        WavFolder w = WavFolder.load(d, MfccConfig.MLPERF_TINY_KWS, progress);
        return new Dataset(name, d.toString(), w.classes(), w.train(), w.test(), Augmentation.NONE);
    }

    private static Dataset fromIdx(
            String name, Path dir, int classes, List<String> classNames, Augmentation augmentation)
            throws DatasetException {
        IdxDirectory.Halves h = IdxDirectory.load(dir, classes, 28, 28);
        return new Dataset(name, dir.toString(), classNames, h.train(), h.test(), augmentation);
    }

    private static Path requireDir(String name, Path dir) throws DatasetException {
        if (dir == null) {
            throw new DatasetException(
                    "dataset '"
                            + name
                            + "' has no default location: pass"
                            + " --data DIR naming the directory that holds its files");
        }
        return dir;
    }
}
