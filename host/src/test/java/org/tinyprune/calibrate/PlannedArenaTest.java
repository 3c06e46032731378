package org.tinyprune.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tinyprune.emit.CodeGenerator;
import org.tinyprune.emit.GeneratedModel;
import org.tinyprune.ir.Graph;
import org.tinyprune.resource.Overheads;
import org.tinyprune.resource.ResourceEstimate;
import org.tinyprune.resource.ResourceModel;

/**
 * The resource model's arena is the arena the generated code allocates: read back from the emitted
 * {@code #define TP_MODEL_ARENA_BYTES} of each zoo model. mobilenetv2-small at width 0.25 is the
 * case where the greedy placement cannot reach the lower bound (live bytes of the peak step), so a
 * model that priced the lower bound would promise 1,568 bytes the board does not have.
 */
class PlannedArenaTest {
    private static final Pattern ARENA = Pattern.compile("#define TP_MODEL_ARENA_BYTES\\s+(\\d+)");

    private static int emittedArena(GeneratedModel gen) {
        Matcher m = ARENA.matcher(gen.header());
        assertTrue(m.find(), "model.h defines TP_MODEL_ARENA_BYTES");
        return Integer.parseInt(m.group(1));
    }

    @Test
    void mobilenetv2AtQuarterWidthPricesThePlannedArenaNotTheLowerBound() throws Exception {
        BenchNet net = BenchmarkSuite.zoo(List.of("mobilenetv2-small"), List.of(0.25), 1).get(0);
        Graph ir = CalibrationFitTest.ir(net);
        GeneratedModel gen = CodeGenerator.generate(ir, null);
        int emitted = emittedArena(gen);
        assertEquals(25_088, emitted, "arena of the generated mobilenetv2-small@0.25");
        assertTrue(gen.plan().lowerBoundBytes() < emitted, "the placement is not tight here");
        ResourceEstimate e = ResourceModel.of(ir, Overheads.NONE).evaluate();
        assertEquals(emitted, e.arenaBytes().value(), 0.0);
    }

    @Test
    void everyZooModelAtBothWidthsPricesItsEmittedArena() throws Exception {
        for (BenchNet net : BenchmarkSuite.zoo(List.of("vgg-small", "mobilenetv2-small", "ds-cnn", "resnet8"),
                List.of(0.25, 0.5), 1)) {
            Graph ir = CalibrationFitTest.ir(net);
            GeneratedModel gen = CodeGenerator.generate(ir, null);
            assertEquals(emittedArena(gen), ResourceModel.of(ir, Overheads.NONE).evaluate().arenaBytes().value(), 0.0,
                    net.name());
        }
    }
}
