package org.tinyprune.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tinyprune.board.BoardProfileException;
import org.tinyprune.board.BoardRegistry;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.board.ResolvedProfile;
import org.tinyprune.board.proto.BoardProfile;
import org.tinyprune.board.proto.CostModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tinyprune boards}: lists the board profiles with core, clock, memories, calibration and
 * which profile is in use (the shipped one or the refit one in the user data directory, with its
 * path).
 */
@Command(
        name = "boards",
        mixinStandardHelpOptions = true,
        description =
                "Lists the board profiles under boards/: core, clock, flash and SRAM available to "
                        + "the application, how the board is reached, whether its cost model is calibrated, and which "
                        + "profile is in use: the shipped one, or the refit one prune-and-flash wrote in the user data "
                        + "directory ($TINYPRUNE_DATA, else $XDG_DATA_HOME/tinyprune, else ~/.local/share/tinyprune).")
public final class BoardsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BoardRegistry registry;
        java.util.List<String> names;
        try {
            Path root = RepositoryRoot.locate();
            registry = BoardOption.registry(root);
            names = registry.names();
        } catch (BoardProfileException e) {
            throw new CommandFailure(ExitCodes.BAD_INPUT, e.getMessage(), e);
        }
        String fmt = "%-15s %-14s %8s %9s %9s  %-31s %-66s %s%n";
        out.printf(
                fmt,
                "BOARD",
                "CORE",
                "CLOCK",
                "FLASH",
                "SRAM",
                "ACCESS",
                "CALIBRATION",
                "PROFILE IN USE");
        int invalid = 0;
        java.util.List<String> notes = new java.util.ArrayList<>();
        for (String name : names) {
            try {
                ResolvedProfile r = registry.resolve(name);
                BoardProfile p = r.profile();
                out.printf(
                        fmt,
                        p.getName(),
                        p.getCore() + (p.getFpu() ? "+fpu" : ""),
                        mhz(p.getClockHz()),
                        kib(p.getFlash().getLength()),
                        kib(p.getSram().getLength()),
                        access(p),
                        calibration(p),
                        r.refit()
                                ? r.describe()
                                : "shipped boards/" + name + "/" + BoardRegistry.PROFILE);
                if (!r.note().isEmpty()) {
                    notes.add(name + ": " + r.note());
                }
            } catch (BoardProfileException e) {
                invalid++;
                err.println("tinyprune: " + e.getMessage());
            }
        }
        out.println(
                "Refit profiles and measurement stores live in "
                        + registry.userData().resolve("boards"));
        notes.forEach(n -> out.println("  " + n));
        out.flush();
        return invalid == 0 ? ExitCodes.OK : ExitCodes.BAD_INPUT;
    }

    private static String mhz(int hz) {
        return String.format("%d MHz", Integer.toUnsignedLong(hz) / 1_000_000);
    }

    private static String kib(int bytes) {
        return String.format("%d KiB", Integer.toUnsignedLong(bytes) / 1024);
    }

    private static String access(BoardProfile p) {
        if (p.hasEmulator()) {
            return "qemu " + p.getEmulator().getMachine();
        }
        String port = p.getSerial().getDefaultPort();
        return "serial "
                + (port.isEmpty() ? "(--port)" : port)
                + (p.getVerifiedOnSilicon() ? "" : ", unverified");
    }

    private static String calibration(BoardProfile p) {
        CostModel c = p.getCostModel();
        if (c.getCalibratedAt().isEmpty()) {
            return "uncalibrated ("
                    + (c.getSource().startsWith("prior") ? "prior" : c.getSource())
                    + ")";
        }
        return String.format(
                "%s, fit %.1f %%, held-out %.1f %%, latency margin %.1f %%",
                c.getCalibratedAt(),
                100 * c.getFitError(),
                100 * c.getHeldoutError(),
                100 * c.getLatencyMargin());
    }
}
