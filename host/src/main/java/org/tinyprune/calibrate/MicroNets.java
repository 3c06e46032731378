package org.tinyprune.calibrate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.GraphBuilder;

/**
 * Seeded micro networks for calibration: each chains a dozen layers drawn from the grid (conv k×k
 * with stride 1 or 2, conv 1×1, depthwise k×k, max and average pooling, a residual add, a concat),
 * then global average pooling or a flatten, and one or two dense layers. Every op type appears in
 * every network, so each firmware image contributes a row to every op's fit.
 */
final class MicroNets {
    /** Op kinds every network holds once per round, in a shuffled order. */
    private static final String[] KINDS = {
        "conv", "conv1x1", "depthwise", "maxpool", "avgpool", "add", "concat"
    };

    private static final int ROUNDS = 2;
    private static final int MAX_CHANNELS = 48;
    private static final long MAX_LAYER_MACS = 600_000;

    private final Grid grid;
    private final SplittableRandom rnd;
    private GraphBuilder b;
    private int layer;

    /**
     * Whether the current tensor still holds a concat's channel blocks (no conv mixed them yet).
     */
    private boolean blocks;

    private MicroNets(Grid grid, long seed) {
        this.grid = grid;
        this.rnd = new SplittableRandom(seed);
    }

    /** The grid's micro networks, initialised with weights from {@code seed}. */
    static List<BenchNet> of(Grid grid, long seed) {
        List<BenchNet> out = new ArrayList<>();
        for (int i = 0; i < grid.microNets(); i++) {
            String name = "micro" + i;
            Graph g = new MicroNets(grid, seed * 31 + i).build(name, i);
            g.init(seed + i);
            out.add(new BenchNet(name, g, false));
        }
        return out;
    }

    private Graph build(String name, int index) {
        int[] inChannels = {1, 3, 4, 8};
        int size = grid.sizes().get(index % grid.sizes().size());
        b = Graph.builder(name).input("input", inChannels[index % inChannels.length], size, size);
        for (int r = 0; r < ROUNDS; r++) {
            List<String> kinds = new ArrayList<>(List.of(KINDS));
            for (int i = kinds.size() - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                kinds.set(i, kinds.set(j, kinds.get(i)));
            }
            for (String k : kinds) {
                append(k);
            }
        }
        int[] s = b.shape(b.current());
        if (index % 3 == 2 && s[0] * s[1] * s[2] <= 1024) {
            b.flatten(id("flat")).dense(id("fc"), pick(grid.channels())).relu(id("r"));
        } else {
            b.globalAvgPool(id("gap")).flatten(id("flat"));
        }
        return b.dense(id("out"), 10).build();
    }

    private void append(String kind) {
        int[] s = b.shape(b.current());
        int c = s[0];
        int hw = s[1];
        switch (kind) {
            case "conv" -> {
                int k = hw >= 6 && rnd.nextInt(3) == 0 ? 5 : 3;
                int stride = hw >= 8 && rnd.nextInt(3) == 0 ? 2 : 1;
                b.conv(id("conv"), channels(c * k * k, hw / stride), k, stride, k / 2)
                        .relu(id("r"));
                blocks = false;
            }
            case "conv1x1" -> {
                b.pointwise(id("pw"), channels(c, hw)).relu(id("r"));
                blocks = false;
            }
            case "depthwise" -> {
                int k = hw >= 6 && rnd.nextInt(3) == 0 ? 5 : 3;
                int stride = hw >= 8 && rnd.nextInt(3) == 0 ? 2 : 1;
                b.depthwise(id("dw"), k, stride, k / 2).relu6(id("r"));
            }
            case "maxpool" -> {
                if (hw >= 4) {
                    b.maxPool(id("maxpool"), 2, 2, 0);
                } else {
                    b.maxPool(id("maxpool"), 3, 1, 1);
                }
            }
            case "avgpool" -> {
                if (hw >= 6 && rnd.nextBoolean()) {
                    b.avgPool(id("avgpool"), 2, 2, 0);
                } else {
                    b.avgPool(id("avgpool"), 3, 1, 1);
                }
            }
            case "add" -> {
                if (blocks) {
                    // pruning cannot tie a residual add to a concat's channel blocks: mix them
                    // first
                    b.pointwise(id("pw"), c).relu(id("r"));
                }
                String skip = b.current();
                b.conv(id("res"), c, 3, 1, 1).relu(id("r"));
                b.add(id("add"), skip, b.current());
            }
            case "concat" -> {
                String left = b.current();
                int extra = c >= MAX_CHANNELS / 2 ? 4 : channels(c, hw);
                b.pointwise(id("branch"), extra);
                b.concat(id("concat"), left, b.current());
                blocks = true;
                if (b.channels() > MAX_CHANNELS) {
                    b.pointwise(id("squeeze"), pick(grid.channels())).relu(id("r"));
                    blocks = false;
                }
            }
            default -> throw new IllegalStateException("unknown micro op " + kind);
        }
    }

    /**
     * A grid channel count, smaller when a layer of {@code perOut} MACs per output would be large.
     */
    private int channels(int perOut, int outHw) {
        List<Integer> ok = new ArrayList<>();
        for (int c : grid.channels()) {
            if ((long) c * perOut * outHw * outHw <= MAX_LAYER_MACS) {
                ok.add(c);
            }
        }
        return ok.isEmpty() ? grid.channels().get(0) : pick(ok);
    }

    private int pick(List<Integer> values) {
        return values.get(rnd.nextInt(values.size()));
    }

    private String id(String what) {
        return what + "_" + layer++;
    }
}
