package org.tinyprune.cli;

import java.io.PrintWriter;
import org.tinyprune.link.an3155.FlashProgress;

/**
 * Prints flash progress on standard error: one self-overwriting line per phase on a terminal, only
 * the phase names when output goes to a file or pipe.
 */
final class ProgressPrinter implements FlashProgress {
    private final PrintWriter err;
    private final boolean interactive = System.console() != null;
    private Phase phase;
    private int lastPercent = -1;

    ProgressPrinter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void update(Phase p, long done, long total) {
        if (p != phase) {
            if (phase != null) {
                err.println();
            }
            phase = p;
            lastPercent = -1;
        }
        int percent = total == 0 ? 100 : (int) (100 * done / total);
        if (!interactive && lastPercent >= 0) {
            return;
        }
        if (percent != lastPercent) {
            lastPercent = percent;
            err.print(
                    (interactive ? "\r" : "")
                            + p.name().toLowerCase()
                            + (total == 0 || !interactive ? "" : " " + percent + " %"));
            if (p == Phase.GO) {
                err.println();
            }
            err.flush();
        }
    }
}
