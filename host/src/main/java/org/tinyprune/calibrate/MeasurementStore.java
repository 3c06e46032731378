package org.tinyprune.calibrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tinyprune.board.UserData;

/**
 * A board's measurement store, {@code <data>/boards/<name>/measurements.json} in the user data
 * directory ({@link UserData}): what the cost model is refit on. It starts as a copy of the shipped
 * calibration's measurements ({@code boards/<name>/calibration/measurements.json}) and grows with
 * every network prune-and-flash measures (one of the same name is replaced). Written atomically, in
 * the format of {@link MeasurementsFile}, so {@code tinyprune calibrate --measurements} can refit
 * it too.
 */
public final class MeasurementStore {
    /** The store's file name. */
    public static final String FILE = "measurements.json";

    private final Path file;
    private final Path seed;

    /**
     * @param file the store file
     * @param seed the shipped calibration measurements it starts from (may not exist)
     */
    public MeasurementStore(Path file, Path seed) {
        this.file = file;
        this.seed = seed;
    }

    /**
     * The store of {@code board} in the data directory {@code data}, seeded from the repository's
     * {@code boards/<board>/calibration/measurements.json}.
     */
    public static MeasurementStore of(Path data, Path repositoryRoot, String board) {
        return new MeasurementStore(
                UserData.boardDir(data, board).resolve(FILE),
                repositoryRoot
                        .resolve("boards")
                        .resolve(board)
                        .resolve("calibration")
                        .resolve(FILE));
    }

    /** The store file. */
    public Path file() {
        return file;
    }

    /** The shipped measurements an empty store starts from. */
    public Path seed() {
        return seed;
    }

    /**
     * Reads the store; when it does not exist yet, the shipped calibration's measurements; when
     * neither does, an empty store. Files are checked row by row ({@link MeasurementsFile#read}).
     *
     * @throws IOException when the file is unreadable or a value is out of range (the message names
     *     file, line and field), or it carries latency features of another version
     */
    public Measurements load() throws IOException {
        Path from = Files.exists(file) ? file : Files.exists(seed) ? seed : null;
        if (from == null) {
            return new Measurements("", "", "", "", List.of(), List.of());
        }
        Measurements m = MeasurementsFile.read(from);
        if (!m.currentFeatures()) {
            throw new IOException(
                    from
                            + " carries latency features "
                            + m.features()
                            + ", not "
                            + MeasurementsFile.FEATURES
                            + "; refit it once with tinyprune calibrate --measurements "
                            + from
                            + (from.equals(file)
                                    ? ", or delete it to start again from the shipped calibration"
                                    : ""));
        }
        return m;
    }

    /**
     * {@code m} with {@code added} in it: a network of the same name is replaced, the others are
     * appended; the suite says what the store started from.
     */
    public static Measurements with(Measurements m, List<NetMeasurement> added) {
        Set<String> names = new HashSet<>();
        added.forEach(n -> names.add(n.net()));
        List<NetMeasurement> nets =
                new ArrayList<>(m.nets().stream().filter(n -> !names.contains(n.net())).toList());
        nets.addAll(added);
        String suite =
                m.suite().startsWith("store:")
                        ? m.suite()
                        : "store: "
                                + (m.suite().isBlank()
                                        ? "prune-and-flash measurements"
                                        : m.suite() + " and prune-and-flash measurements");
        return new Measurements(
                suite,
                m.firmware(),
                m.compiler(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                nets,
                m.probes());
    }

    /** Writes the store atomically (temporary file, then rename), creating its folder. */
    public void save(Measurements m) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        MeasurementsFile.write(m, file);
    }
}
