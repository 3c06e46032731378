package org.tinyprune.hil;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tinyprune.plan.MemoryPlanner;
import org.tinyprune.resource.Overheads;

/**
 * VGG-small at quarter width (seeded) under the streaming planner, which streams its first two
 * stages (conv1_1..pool2) row by row through line buffers, passes the board checks of {@link
 * PlannedModelOnBoard}: every output equals the host int8 interpreter, static RAM as predicted, and
 * the stack within 64 B of a prediction that includes the chain driver's frames ({@link
 * Overheads#STREAM_FRAME_BYTES}) at any number of inferences.
 */
@ExtendWith(BoardExtension.class)
class StreamedChainOnBoardTest {
    static PlannedModelOnBoard run;

    @BeforeAll
    static void flashModel() throws Exception {
        run = PlannedModelOnBoard.flash("vgg-small", 0.25, MemoryPlanner.streaming());
    }

    @Test
    void streamedChainEqualsTheHostAndMemoryMatchesThePrediction() throws Exception {
        var plan = run.model().generated().plan();
        assertFalse(
                plan.streams().isEmpty(),
                "the streaming plan streams no chain: " + plan.streamSummary());
        String source = run.model().generated().source();
        assertTrue(source.contains("tp_stream_chain_s8("), "no driver call in the generated code");
        // the chain runs convolutions and a max pool only: the image links neither the depthwise
        // nor the
        // average pool kernel (the driver references no layer kernel)
        assertFalse(source.contains("tp_depthwise_conv_s8") || source.contains("tp_avg_pool_s8"));
        String map = Files.readString(run.firmware().map());
        String kept = map.substring(map.indexOf("Linker script and memory map"));
        assertTrue(
                linked(kept, "tp_stream_chain_s8") && linked(kept, "tp_max_pool_s8"),
                "the driver and the max pool");
        assertFalse(
                linked(kept, "tp_depthwise_conv_s8"),
                "the firmware links the depthwise kernel no layer runs");
        assertFalse(
                linked(kept, "tp_avg_pool_s8"),
                "the firmware links the average pool no layer runs");
        String seen = run.checkOnBoard(" + stream driver " + Overheads.STREAM_FRAME_BYTES);
        System.out.printf(
                "vgg-small x0.25 on %s, %s: %s%n",
                BoardUnderTest.current().profile().getName(), plan.streamSummary(), seen);
    }

    /** Whether the linker map's memory map keeps function {@code name}'s section. */
    private static boolean linked(String memoryMap, String name) {
        return Pattern.compile("^ \\.text\\." + Pattern.quote(name) + "\\s", Pattern.MULTILINE)
                .matcher(memoryMap)
                .find();
    }
}
