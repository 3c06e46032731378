package org.tinyprune.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of a dataset stored as one subfolder per class: {@code DIR/train/CLASS/FILE} and {@code
 * DIR/test/CLASS/FILE}. Classes are the training subfolders in name order (at least two); a test
 * class the training half lacks is an error, a training class without test files is not. Files are
 * taken in name order when their extension (case-insensitive) is one of the wanted ones; hidden
 * entries (starting with a dot) are skipped.
 *
 * <p>A folder without {@code train} but with a {@value #TEST_LIST} is read in the layout of the
 * Speech Commands dataset (the source of the MLPerf Tiny KWS data): {@code DIR/CLASS/FILE}, where
 * the list names the test files one {@code CLASS/FILE} per line and every other file trains.
 * Folders starting with {@code _} (such as {@code _background_noise_}) are not classes. Other lists
 * (e.g. {@code validation_list.txt}) are ignored: those files train, and training holds out its own
 * seeded validation split.
 *
 * @param classes the class names, indexed by label
 * @param train the training files with their labels, class by class
 * @param test the test files with their labels, class by class
 */
record ClassFolders(List<String> classes, List<LabelledFile> train, List<LabelledFile> test) {

    /**
     * One file and the label of the folder it is in.
     *
     * @param file the file
     * @param label index of its class
     */
    record LabelledFile(Path file, int label) {}

    /** The file that names the test files in the Speech Commands layout. */
    static final String TEST_LIST = "testing_list.txt";

    /**
     * Lists both halves.
     *
     * @param dir the folder holding {@code train} and {@code test}
     * @param extensions the wanted file extensions, lower case with the dot, e.g. {@code .wav}
     * @param kind what the files are, for messages, e.g. {@code WAV}
     * @return the class names and files
     * @throws DatasetException if a folder is missing, there are fewer than two classes, a half
     *     holds no wanted file, the test half has a class the training half lacks, or the test list
     *     names a file that is not there
     */
    static ClassFolders scan(Path dir, List<String> extensions, String kind)
            throws DatasetException {
        IdxDirectory.requireDirectory(dir);
        if (!Files.exists(dir.resolve("train")) && Files.isRegularFile(dir.resolve(TEST_LIST))) {
            return listed(dir, extensions, kind);
        }
        Path trainDir = dir.resolve("train");
        Path testDir = dir.resolve("test");
        IdxDirectory.requireDirectory(trainDir);
        IdxDirectory.requireDirectory(testDir);
        List<String> classes = list(trainDir, true);
        if (classes.size() < 2) {
            throw new DatasetException(
                    trainDir,
                    "has "
                            + classes.size()
                            + " class folder(s);"
                            + " the dataset needs one subfolder of "
                            + kind
                            + " files per class, at"
                            + " least two");
        }
        for (String c : list(testDir, true)) {
            if (!classes.contains(c)) {
                throw new DatasetException(
                        testDir.resolve(c),
                        "is a test class that "
                                + trainDir
                                + " does not have; the class folders must match");
            }
        }
        return new ClassFolders(
                List.copyOf(classes),
                files(trainDir, classes, extensions, kind),
                files(testDir, classes, extensions, kind));
    }

    private static ClassFolders listed(Path dir, List<String> extensions, String kind)
            throws DatasetException {
        Path listFile = dir.resolve(TEST_LIST);
        Set<String> testNames = new HashSet<>();
        try {
            for (String line : Files.readAllLines(listFile)) {
                if (!line.isBlank()) {
                    testNames.add(line.trim());
                }
            }
        } catch (IOException e) {
            throw new DatasetException(listFile, "could not be read (" + e + ")", e);
        }
        List<String> classes = list(dir, true).stream().filter(c -> !c.startsWith("_")).toList();
        if (classes.size() < 2) {
            throw new DatasetException(
                    dir,
                    "has "
                            + classes.size()
                            + " class folder(s) beside "
                            + TEST_LIST
                            + "; the dataset needs one subfolder of "
                            + kind
                            + " files per"
                            + " class, at least two");
        }
        List<LabelledFile> train = new ArrayList<>();
        List<LabelledFile> test = new ArrayList<>();
        for (LabelledFile f : files(dir, classes, extensions, kind)) {
            String name = f.file().getParent().getFileName() + "/" + f.file().getFileName();
            (testNames.remove(name) ? test : train).add(f);
        }
        if (!testNames.isEmpty()) {
            throw new DatasetException(
                    listFile,
                    "names "
                            + testNames.size()
                            + " file(s) that"
                            + " are not "
                            + kind
                            + " files of a class folder, e.g. "
                            + testNames.iterator().next()
                            + "; the list must match the folder");
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new DatasetException(
                    listFile,
                    "leaves "
                            + train.size()
                            + " training and "
                            + test.size()
                            + " test files; both must be non-empty");
        }
        return new ClassFolders(classes, train, test);
    }

    private static List<LabelledFile> files(
            Path half, List<String> classes, List<String> extensions, String kind)
            throws DatasetException {
        List<LabelledFile> result = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path classDir = half.resolve(classes.get(label));
            if (!Files.isDirectory(classDir)) {
                continue;
            }
            for (String name : list(classDir, false)) {
                if (extensions.contains(extension(name))) {
                    result.add(new LabelledFile(classDir.resolve(name), label));
                }
            }
        }
        if (result.isEmpty()) {
            throw new DatasetException(
                    half,
                    "holds no "
                            + kind
                            + " files ("
                            + String.join(", ", extensions)
                            + ") in its class folders");
        }
        return result;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
    }

    private static List<String> list(Path dir, boolean directories) throws DatasetException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p) == directories)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DatasetException(dir, "could not be listed (" + e + ")", e);
        }
    }
}
