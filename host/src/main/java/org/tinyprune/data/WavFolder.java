package org.tinyprune.data;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tinyprune.dsp.Mfcc;
import org.tinyprune.dsp.MfccConfig;

/**
 * A keyword-spotting dataset read from a folder of WAV files, one subfolder per class ({@code
 * DIR/train/CLASS/*.wav} and {@code DIR/test/CLASS/*.wav}, laid out as for {@link ImageFolder}),
 * turned into MFCC images by the {@link Mfcc} front end: with {@link MfccConfig#MLPERF_TINY_KWS}
 * each clip becomes a 1 × 49 × 10 image (time × coefficient), the MLPerf Tiny KWS input. A Speech
 * Commands folder ({@code DIR/CLASS/*.wav} with {@code testing_list.txt}) is read as well, its test
 * files named by that list.
 *
 * <p>Every file is read and transformed once, at load time; the features are then held in memory as
 * bytes through a {@link FeatureScaling} fitted to the training half (per-coefficient mean and
 * standard deviation), and the usual per-channel {@link Normalization} of training maps them back
 * to roughly zero mean and unit variance. Every clip must have the configured sample rate (no
 * resampling); shorter clips are zero-padded and longer ones cut to the clip length.
 *
 * @param classes class names, indexed by label
 * @param train the training clips' features
 * @param test the test clips' features
 * @param scaling how features were mapped to bytes (fitted to the training clips)
 */
public record WavFolder(
        List<String> classes, ImageSet train, ImageSet test, FeatureScaling scaling) {

    private static final List<String> EXTENSIONS = List.of(".wav");

    /** Folders with at least this many files report their progress. */
    static final int PROGRESS_FROM = 1000;

    /**
     * Reads both halves and computes their features.
     *
     * @param dir the folder holding {@code train} and {@code test}
     * @param config the MFCC front end's parameters (sample rate, clip length, sizes)
     * @param progress where to report progress on large folders (one line per tenth)
     * @return the dataset's parts
     * @throws DatasetException if a folder is missing or empty, a file is not a supported WAV file,
     *     or a file's sample rate differs from the configured one
     */
    public static WavFolder load(Path dir, MfccConfig config, PrintStream progress)
            throws DatasetException {
        ClassFolders folders = ClassFolders.scan(dir, EXTENSIONS, "WAV");
        Mfcc mfcc = new Mfcc(config);
        int total = folders.train().size() + folders.test().size();
        if (total >= PROGRESS_FROM) {
            progress.printf("wav-folder: computing MFCC features of %d files%n", total);
        }
        List<float[]> train = features(folders.train(), mfcc, progress, 0, total);
        List<float[]> test = features(folders.test(), mfcc, progress, train.size(), total);
        FeatureScaling scaling = FeatureScaling.fit(train, config.coefficients());
        int classes = folders.classes().size();
        return new WavFolder(
                folders.classes(),
                toImageSet(train, folders.train(), scaling, config, classes),
                toImageSet(test, folders.test(), scaling, config, classes),
                scaling);
    }

    private static List<float[]> features(
            List<ClassFolders.LabelledFile> files,
            Mfcc mfcc,
            PrintStream progress,
            int before,
            int total)
            throws DatasetException {
        int rate = mfcc.config().sampleRate();
        List<float[]> result = new ArrayList<>(files.size());
        for (ClassFolders.LabelledFile f : files) {
            WavFile wav = WavFile.read(f.file());
            if (wav.sampleRate() != rate) {
                throw new DatasetException(
                        f.file(),
                        "has a sample rate of "
                                + wav.sampleRate()
                                + " Hz but the MFCC front end is set up for "
                                + rate
                                + " Hz; resample"
                                + " the files, e.g. `sox IN.wav -r "
                                + rate
                                + " OUT.wav`");
            }
            result.add(mfcc.compute(wav.samples()));
            report(progress, before + result.size(), total);
        }
        return result;
    }

    private static ImageSet toImageSet(
            List<float[]> features,
            List<ClassFolders.LabelledFile> files,
            FeatureScaling scaling,
            MfccConfig config,
            int classes) {
        int size = config.featureSize();
        byte[] bytes = new byte[features.size() * size];
        int[] labels = new int[features.size()];
        for (int i = 0; i < features.size(); i++) {
            scaling.encode(features.get(i), bytes, i * size);
            labels[i] = files.get(i).label();
        }
        return new ImageSet(1, config.frames(), config.coefficients(), classes, bytes, labels);
    }

    /** Prints a line when {@code done} files complete a tenth of a large folder. */
    private static void report(PrintStream progress, int done, int total) {
        if (total >= PROGRESS_FROM && done * 10L / total != (done - 1) * 10L / total) {
            progress.printf("wav-folder: %d/%d files (%d%%)%n", done, total, done * 100L / total);
        }
    }
}
