package org.tinyprune.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tinyprune.build.DeviceModel;
import org.tinyprune.build.Firmware;
import org.tinyprune.build.FirmwareBuild;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.link.an3155.FlashReport;
import org.tinyprune.link.bench.LayerCycles;
import org.tinyprune.link.session.BoardSession;
import org.tinyprune.nn.Tensor;
import org.tinyprune.quant.QuantOptions;
import org.tinyprune.quant.Quantizer;

/**
 * Cost per multiply-accumulate of each kernel family on the board, through the whole pipeline
 * (quantiser, code generator, firmware, per-layer timing): one seeded model chains a 3×3 conv, a
 * 1×1 conv, a 3×3 depthwise conv, a 4×4 max pool and a dense layer, channel counts multiples of 4;
 * each layer's cycles ({@code tp-layers%}) are divided by its MACs. On emulated boards cycles are
 * instruction counts. The bounds are a sanity band around published Cortex-M4 int8 figures (1.4–9.6
 * cycles/MAC); the printed table is the benchmark. The same flash gives the flash-throughput figure
 * (link capacity of the emulated UART: about 20 KB/s).
 */
@ExtendWith(BoardExtension.class)
class InstructionsPerMacTest {
    static final int SIDE = 16;
    static final int CHANNELS = 32;

    static org.tinyprune.nn.Graph chain() {
        org.tinyprune.nn.Graph g =
                org.tinyprune.nn.Graph.builder("kernel-bench")
                        .input("input", CHANNELS, SIDE, SIDE)
                        .conv("conv3x3", CHANNELS, 3, 1, 1)
                        .conv("conv1x1", 2 * CHANNELS, 1, 1, 0)
                        .depthwise("dw3x3", 3, 1, 1)
                        .maxPool("pool", 4, 4, 0)
                        .flatten("flat")
                        .dense("dense", 32)
                        .build();
        g.init(5);
        return g;
    }

    static List<Tensor> noise(int batches) {
        SplittableRandom rnd = new SplittableRandom(11);
        List<Tensor> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            float[] v = new float[8 * CHANNELS * SIDE * SIDE];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rnd.nextDouble(-1, 1);
            }
            out.add(new Tensor(new int[] {8, CHANNELS, SIDE, SIDE}, v));
        }
        return out;
    }

    /** MACs of a conv or dense node: output elements × weights per output channel. */
    static long macs(Graph g, Node n) {
        long weights = g.tensor(n.input(1)).elements();
        long outChannels = g.tensor(n.input(1)).dim(0);
        return g.tensor(n.output()).elements() * (weights / outChannels);
    }

    @Test
    void cyclesPerMacOfEachKernelFamily() throws Exception {
        Graph ir = Quantizer.quantize(chain(), noise(2), QuantOptions.DEFAULTS).toIr();
        DeviceModel model = DeviceModel.of(ir, null, "kernel-bench chain");
        Firmware fw =
                model.build(
                        new FirmwareBuild(BoardUnderTest.root()),
                        BoardUnderTest.profile(),
                        Path.of("target", "hil", "kernel-bench").toAbsolutePath());
        BoardSession board = BoardUnderTest.current();
        board.enterBootloader();
        long t0 = System.nanoTime();
        FlashReport flash = board.flash(fw.elf());
        byte[] input = new byte[(int) model.inputBytes()];
        new SplittableRandom(3).nextBytes(input);
        board.client().loadInput(input);
        List<LayerCycles> layers = board.tinyprune().layers();
        long firstResultMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(
                fw.sizes().flashImageBytes(),
                flash.bytes(),
                "every byte of the image written and verified");
        assertEquals(
                model.generated().layerNames(), layers.stream().map(LayerCycles::name).toList());
        String unit = board.tinyprune().identity().cycleUnit();
        StringBuilder table =
                new StringBuilder(
                        "| layer | MACs | "
                                + unit
                                + " | "
                                + unit
                                + "/MAC |\n"
                                + "|---|---|---|---|\n");
        int timed = 0;
        for (LayerCycles l : layers) {
            Node n = ir.node(l.name());
            if (!n.op().name().equals("CONV") && !n.op().name().equals("DENSE")) {
                continue;
            }
            long macs = macs(ir, n);
            double perMac = (double) l.cycles() / macs;
            table.append(
                    String.format("| %s | %d | %d | %.2f |%n", l.name(), macs, l.cycles(), perMac));
            assertTrue(
                    perMac > 0.3 && perMac < 30,
                    l.name()
                            + ": "
                            + perMac
                            + " "
                            + unit
                            + "/MAC is outside "
                            + "any plausible Cortex-M int8 figure");
            timed++;
        }
        assertEquals(4, timed, "conv 3x3, conv 1x1, depthwise 3x3 and dense each timed");
        System.out.print("kernel cost on " + board.profile().getName() + ":\n" + table);
        long[] trips = new long[21];
        for (int i = 0; i < trips.length; i++) {
            long t = System.nanoTime();
            board.client().timestampMicros();
            trips[i] = System.nanoTime() - t;
        }
        java.util.Arrays.sort(trips);
        System.out.printf(
                "command round trip (timestamp%%, median of 21): %.2f ms%n", trips[10] / 1e6);
        System.out.printf(
                "flash of %d bytes: erase %d ms, write %d ms (%.1f KB/s), verify %d ms, total %d ms "
                        + "(%.1f KB/s overall), %d retries; flash start to first per-layer result %d ms "
                        + "(Go, boot banner, %d-byte input, tp-layers)%n",
                flash.bytes(),
                flash.eraseMillis(),
                flash.writeMillis(),
                flash.writeBytesPerSecond() / 1000,
                flash.verifyMillis(),
                flash.totalMillis(),
                flash.overallBytesPerSecond() / 1000,
                flash.retries(),
                firstResultMillis,
                input.length);
    }
}
