package org.tinyprune.calibrate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tinyprune.resource.LinkedCode;

/**
 * Flash of a firmware image, read off its linker maps. The image is the runtime (server, board
 * port, C library: the same in every build), the kernels the model's ops link, and the generated
 * model's object: its constants, plus per layer its call, parameter structs and name.
 *
 * <ul>
 *   <li>Kernel code: the sections each one-layer probe links beyond those every probe links ({@link
 *       KernelProbes}); a model pays for the union of its ops' sections.
 *   <li>Per layer: non-negative least squares of the model object's bytes beyond its constants on
 *       the layer count of each op and the bytes of the layer names, with an intercept (the model's
 *       fixed functions, which the runtime then absorbs).
 *   <li>Runtime: the largest remainder of any build, so a predicted image is never smaller than a
 *       measured one of the same structure.
 * </ul>
 *
 * @param runtimeFlashBytes flash besides the model's constants, its layers and its kernels
 * @param code per-layer flash and per-op kernel code
 */
public record FlashFit(long runtimeFlashBytes, LinkedCode code) {
    /**
     * Fits the flash model.
     *
     * @throws IllegalArgumentException when there are no probes, or an op of {@code nets} has none
     */
    public static FlashFit of(List<NetMeasurement> nets, List<KernelProbe> probes) {
        if (probes.isEmpty()) {
            throw new IllegalArgumentException(
                    "no kernel probes among the measurements; measure again with "
                            + "tinyprune calibrate (it builds one probe per op)");
        }
        Set<String> common = new HashSet<>(probes.get(0).sections().keySet());
        probes.forEach(p -> common.retainAll(p.sections().keySet()));
        Map<String, Map<String, Integer>> kernels = new TreeMap<>();
        for (KernelProbe p : probes) {
            Map<String, Integer> own = new TreeMap<>(p.sections());
            own.keySet().removeAll(common);
            kernels.put(p.op(), own);
        }
        List<Row> rows = new ArrayList<>();
        for (NetMeasurement n : nets) {
            for (String op : n.ops()) {
                if (!kernels.containsKey(op)) {
                    throw new IllegalArgumentException(
                            n.net()
                                    + " uses op "
                                    + op
                                    + " which no kernel probe links; "
                                    + "add a probe for it to KernelProbes");
                }
            }
            rows.add(
                    new Row(
                            n.ops(),
                            n.kernels(),
                            n.layerNames(),
                            n.flashImageBytes(),
                            n.constantBytes(),
                            n.modelObjectBytes()));
        }
        for (KernelProbe p : probes) {
            rows.add(
                    new Row(
                            List.of(p.op()),
                            List.of(p.op()),
                            List.of(p.layer()),
                            p.flashImageBytes(),
                            p.constantBytes(),
                            p.modelObjectBytes()));
        }
        List<String> ops = new ArrayList<>(kernels.keySet()); // sorted: kernels is a TreeMap
        double[][] a = new double[rows.size()][ops.size() + 2];
        double[] y = new double[rows.size()];
        double[] w = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            for (int l = 0; l < r.ops().size(); l++) {
                a[i][ops.indexOf(r.ops().get(l))] += 1;
                a[i][ops.size()] += LinkedCode.nameBytes(r.names().get(l));
            }
            a[i][ops.size() + 1] = 1;
            y[i] = r.modelObjectBytes() - r.constantBytes();
            w[i] = 1;
        }
        double[] k = Nnls.solve(a, y, w);
        Map<String, Double> layer = new TreeMap<>();
        double widest = 0;
        for (int j = 0; j < ops.size(); j++) {
            layer.put(ops.get(j), k[j]);
            widest = Math.max(widest, k[j]);
        }
        LinkedCode code = new LinkedCode(layer, widest, k[ops.size()], kernels);
        double runtime = 0;
        for (Row r : rows) {
            runtime =
                    Math.max(
                            runtime,
                            r.imageBytes()
                                    - r.constantBytes()
                                    - code.bytes(r.ops(), r.kernels(), r.names()));
        }
        return new FlashFit(
                (long) Math.ceil(runtime - 1e-6), code); // fitted bytes carry rounding noise
    }

    private record Row(
            List<String> ops,
            List<String> kernels,
            List<String> names,
            long imageBytes,
            long constantBytes,
            long modelObjectBytes) {}

    /** Predicted image bytes of a network, as the resource model computes them. */
    public double predict(NetMeasurement n) {
        return n.modelFlashBytes()
                + runtimeFlashBytes
                + code.bytes(n.ops(), n.kernels(), n.layerNames());
    }
}
