package org.tinyprune.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Quantization;
import org.tinyprune.onnx.proto.Onnx.StringStringEntryProto;

/**
 * A recorded plan choice: written to and read from ONNX metadata, refused with the key named when
 * malformed, and planned exactly as given.
 */
class PlanChoiceTest {
    private static final Quantization Q = Quantization.perTensor(0.05f, 1);

    /** x [1, 1, 12, 12] → conv3x3 (4) "c1" → conv3x3 (4) "c2" → maxpool 2×2 "pool". */
    private static Graph net() {
        return StreamPlanTest.stage("stage12", 12, 4);
    }

    @Test
    void metadataRoundTrip() {
        PlanChoice c = new PlanChoice(List.of(List.of("c1", "c2"), List.of("a.b", "x;y", "z")));
        List<StringStringEntryProto> props = c.toMetadataProps();
        assertEquals(PlanChoice.KEY, props.get(0).getKey());
        assertEquals("2", props.get(0).getValue());
        assertEquals("tinyprune.plan.stream.1.1", props.get(4).getKey());
        assertEquals("x;y", props.get(4).getValue());
        assertEquals(Optional.of(c), PlanChoice.fromMetadataProps(props));
        List<StringStringEntryProto> reversed = new ArrayList<>(props);
        java.util.Collections.reverse(reversed);
        assertEquals(Optional.of(c), PlanChoice.fromMetadataProps(reversed));
        assertEquals(
                Optional.of(PlanChoice.LAYER_BY_LAYER),
                PlanChoice.fromMetadataProps(PlanChoice.LAYER_BY_LAYER.toMetadataProps()));
        assertEquals(
                Optional.empty(),
                PlanChoice.fromMetadataProps(List.of(entry("tinyprune.seed", "1"))));
        assertEquals("streamed c1..c2 (2 layers), a.b..z (3 layers)", c.describe());
        assertEquals("layer by layer", PlanChoice.LAYER_BY_LAYER.describe());
    }

    @Test
    void malformedMetadataNamesTheKey() {
        String key = PlanChoice.KEY;
        String node = "tinyprune.plan.stream.";
        assertRefused(key, List.of(entry(key, "two")));
        assertRefused(key, List.of(entry(key, "-1")));
        assertRefused(node + "0.*", List.of(entry(key, "1"))); // a chain without layers
        assertRefused(
                node + "0.*",
                List.of(entry(key, "1"), entry(node + "0.0", "c1"), entry(node + "0.2", "c2")));
        assertRefused(
                node + "1.*",
                List.of(
                        entry(key, "1"),
                        entry(node + "0.0", "c1"),
                        entry(node + "0.1", "c2"),
                        entry(node + "1.0", "pool"),
                        entry(node + "1.1", "c3")));
        assertRefused(node + "*", List.of(entry(node + "0.0", "c1")));
        assertRefused(node + "0", List.of(entry(key, "1"), entry(node + "0", "c1")));
        assertRefused(
                key, List.of(entry(key, "1"), entry(node + "0.0", "c1"))); // a chain of one layer
        assertRefused(
                key,
                List.of(
                        entry(key, "2"),
                        entry(node + "0.0", "c1"),
                        entry(node + "0.1", "c2"),
                        entry(node + "1.0", "c2"),
                        entry(node + "1.1", "pool"))); // c2 in two chains
    }

    private static void assertRefused(String key, List<StringStringEntryProto> props) {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> PlanChoice.fromMetadataProps(props));
        assertTrue(e.getMessage().startsWith("metadata '" + key + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("export the model again"), e.getMessage());
    }

    @Test
    void aChainTheGraphCannotStreamIsRefusedByName() {
        Graph g = net();
        IllegalArgumentException unknown =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                PlanChoice.recorded(
                                        new PlanChoice(List.of(List.of("c1", "c9")))
                                                .toMetadataProps(),
                                        g));
        assertTrue(
                unknown.getMessage()
                        .startsWith(
                                "metadata '"
                                        + PlanChoice.KEY
                                        + "' does not fit the model: "
                                        + "the plan streams c1..c9 (2 layers), but graph 'stage12' has no layer 'c9'"),
                unknown.getMessage());
        IllegalArgumentException gap =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new PlanChoice(List.of(List.of("c1", "pool"))).resolve(g));
        assertTrue(
                gap.getMessage()
                        .contains("c1..pool (2 layers), which graph 'stage12' cannot stream"),
                gap.getMessage());
    }

    @Test
    void aGivenChoiceIsPlannedAsGiven() {
        Graph g = net();
        // the streaming planner would take the whole stage; given c1..c2, it streams just that
        PlanChoice partial = new PlanChoice(List.of(List.of("c1", "c2")));
        MemoryPlan p = MemoryPlanner.given(partial).plan(g);
        assertEquals(List.of(new StreamChain(List.of(0, 1))), p.streams());
        assertEquals(partial, PlanChoice.of(p));
        assertEquals(
                MemoryPlanner.layerByLayer().plan(g, false, p.streams()).arenaBytes(),
                p.arenaBytes());
        // given every layer whole: what the layer-by-layer planner plans (1,296 B), not the
        // streamed 672 B
        assertEquals(1296, MemoryPlanner.given(PlanChoice.LAYER_BY_LAYER).plan(g).arenaBytes());
        assertEquals(
                PlanChoice.of(MemoryPlanner.streaming().plan(g)),
                new PlanChoice(List.of(List.of("c1", "c2", "pool"))));
    }

    private static StringStringEntryProto entry(String k, String v) {
        return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }
}
