package org.tinyprune.calibrate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A calibration's result: the latency fit and runtime overheads on every measured network, and each
 * zoo architecture predicted by a fit on everything else (whole models left out, all widths of an
 * architecture together).
 *
 * @param nets the measurements
 * @param probes the kernel probes' builds
 * @param fit the latency fit on all of them
 * @param overheads the runtime SRAM and stack overheads from all of them
 * @param flash the flash fit on all of them
 * @param heldOut per zoo model, its prediction from the fits without its architecture
 */
public record Calibration(
        List<NetMeasurement> nets,
        List<KernelProbe> probes,
        LatencyFit fit,
        Overheads overheads,
        FlashFit flash,
        List<HeldOut> heldOut) {
    /** Copies the lists. */
    public Calibration {
        nets = List.copyOf(nets);
        probes = List.copyOf(probes);
        heldOut = List.copyOf(heldOut);
    }

    /**
     * Fits {@code nets} and {@code probes}.
     *
     * @throws IllegalArgumentException when there is nothing to fit
     */
    public static Calibration of(List<NetMeasurement> nets, List<KernelProbe> probes) {
        Set<String> archs = new LinkedHashSet<>();
        for (NetMeasurement n : nets) {
            if (n.zoo()) {
                archs.add(BenchmarkSuite.architecture(n.net()));
            }
        }
        List<HeldOut> held = new ArrayList<>();
        for (String arch : archs) {
            List<NetMeasurement> train =
                    nets.stream()
                            .filter(
                                    n ->
                                            !n.zoo()
                                                    || !BenchmarkSuite.architecture(n.net())
                                                            .equals(arch))
                            .toList();
            LatencyFit f = LatencyFit.fit(train);
            Overheads o = Overheads.of(train);
            FlashFit flash = FlashFit.of(train, probes);
            for (NetMeasurement n : nets) {
                if (n.zoo() && BenchmarkSuite.architecture(n.net()).equals(arch)) {
                    if (!f.covers(n)) {
                        throw new IllegalArgumentException(
                                n.net()
                                        + " uses an op no other network measured; "
                                        + "add it to the micro networks so it can be held out");
                    }
                    held.add(
                            new HeldOut(
                                    n.net(),
                                    n.runCycles(),
                                    f.predictRun(n),
                                    n.flashImageBytes(),
                                    flash.predict(n),
                                    n.sramBytes(),
                                    o.sram(n),
                                    n.stackUsedBytes(),
                                    o.stack(n)));
                }
            }
        }
        return new Calibration(
                nets,
                probes,
                LatencyFit.fit(nets),
                Overheads.of(nets),
                FlashFit.of(nets, probes),
                held);
    }

    /** Mean absolute relative latency error over the held-out models. */
    public double heldOutLatencyMape() {
        return heldOut.stream().mapToDouble(h -> Math.abs(h.latencyError())).average().orElse(0);
    }

    /** Largest absolute relative latency error over the held-out models. */
    public double heldOutLatencyMax() {
        return heldOut.stream().mapToDouble(h -> Math.abs(h.latencyError())).max().orElse(0);
    }

    /**
     * The profile's {@code latency_margin}: the largest held-out under-prediction of latency,
     * max(0, max over held-out models of measured / predicted − 1); 0 when nothing was held out.
     */
    public double latencyMargin() {
        return Math.max(
                0, heldOut.stream().mapToDouble(HeldOut::latencyUnderPrediction).max().orElse(0));
    }

    /** Mean absolute relative flash error over the held-out models. */
    public double heldOutFlashMape() {
        return heldOut.stream().mapToDouble(h -> Math.abs(h.flashError())).average().orElse(0);
    }

    /**
     * Root-mean-square relative latency error over the held-out models (the profile's
     * heldout_error).
     */
    public double heldOutLatencyRms() {
        return Math.sqrt(
                heldOut.stream()
                        .mapToDouble(h -> h.latencyError() * h.latencyError())
                        .average()
                        .orElse(0));
    }

    /** Root-mean-square relative whole-run latency error of the final fit over every network. */
    public double fitRunError() {
        return Math.sqrt(
                nets.stream()
                        .mapToDouble(n -> Math.pow(fit.predictRun(n) / n.runCycles() - 1, 2))
                        .average()
                        .orElse(0));
    }
}
