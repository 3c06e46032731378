package org.tinyprune.calibrate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.board.proto.BoardProfile;

/**
 * One step of closing the calibration loop: networks measured on the board join the board's {@link
 * MeasurementStore}, the cost model is refit on the whole store, and the refit profile is written
 * (atomically, the previous one kept as {@code .bak}) only when {@link RefitCheck} finds that it
 * does not make held-out latency error worse.
 *
 * @param outcome what happened to the refit
 * @param reason one line saying why
 * @param check the held-out comparison, or null when no refit could be fitted
 * @param inUse the profile in use afterwards: the refit one when written, else the one before
 * @param written the refit profile file when written, else null
 * @param store the store file
 * @param storeNetworks networks in the store after the addition
 */
public record Recalibration(
        Outcome outcome,
        String reason,
        RefitCheck check,
        BoardProfile inUse,
        Path written,
        Path store,
        int storeNetworks) {
    /** What happened to the refit. */
    public enum Outcome {
        /** The refit kept held-out error from getting worse and was written. */
        WRITTEN,
        /** The refit made held-out error worse; the profile in use stays. */
        KEPT,
        /**
         * No refit could be fitted on the store (the reason says why); the profile in use stays.
         */
        NOT_FITTED
    }

    /**
     * Adds {@code added} to {@code store}, refits, and writes the refit profile to {@code
     * refitFile} when accepted.
     *
     * @param inUse the board's profile in use (shipped or refit), the refit's starting point
     * @param store the board's measurement store
     * @param added the networks just measured
     * @param refitFile where the refit profile lives ({@code <data>/boards/<name>/profile.json})
     * @throws IOException when the store cannot be read or written (the message names the file)
     * @throws BoardProfileException when the refit profile cannot be written (nothing is written
     *     then)
     */
    public static Recalibration run(
            BoardProfile inUse, MeasurementStore store, List<NetMeasurement> added, Path refitFile)
            throws IOException, BoardProfileException {
        Measurements before = store.load();
        Measurements after = MeasurementStore.with(before, added);
        store.save(after);
        RefitCheck check;
        try {
            check = RefitCheck.of(inUse.getCostModel(), before.nets(), added, before.probes());
        } catch (IllegalArgumentException e) {
            return new Recalibration(
                    Outcome.NOT_FITTED,
                    "no refit: " + e.getMessage(),
                    null,
                    inUse,
                    null,
                    store.file(),
                    after.nets().size());
        }
        String errors =
                String.format(
                        Locale.ROOT,
                        "held-out latency error %.2f %% (refit) against %.2f %% (in use) "
                                + "over %d models",
                        100 * check.candidateError(),
                        100 * check.incumbentError(),
                        check.compared().size());
        if (!check.accepted()) {
            return new Recalibration(
                    Outcome.KEPT,
                    "refit not written: " + errors,
                    check,
                    inUse,
                    null,
                    store.file(),
                    after.nets().size());
        }
        Calibration c = check.candidate();
        ProfileUpdate update =
                ProfileUpdate.of(
                        inUse,
                        c,
                        Instant.now(),
                        BuildIdentity.firmware(),
                        BuildIdentity.compiler(inUse),
                        String.format(
                                Locale.ROOT,
                                "tinyprune prune-and-flash refit on %s: "
                                        + "%d networks, %d layers, %d kernel probes; held out: %d zoo and pruned models",
                                store.file(),
                                after.nets().size(),
                                after.nets().stream().mapToInt(n -> n.layers().size()).sum(),
                                after.probes().size(),
                                c.heldOut().size()));
        update.write(refitFile);
        return new Recalibration(
                Outcome.WRITTEN,
                "refit written: " + errors,
                check,
                update.after(),
                refitFile,
                store.file(),
                after.nets().size());
    }
}
