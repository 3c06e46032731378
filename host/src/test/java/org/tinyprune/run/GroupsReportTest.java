package org.tinyprune.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyprune.board.RepositoryRoot;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.onnx.OnnxImporter;
import org.tinyprune.prune.CouplingGroups;
import org.tinyprune.prune.GraphSurgery;
import org.tinyprune.zoo.ModelConfig;
import org.tinyprune.zoo.Zoo;

/**
 * The prune report's coupling groups: every group kept whole is listed with its reason, for
 * imported and zoo models.
 */
class GroupsReportTest {
    @TempDir Path dir;

    static Graph fixture(String name) throws Exception {
        return OnnxImporter.importModel(
                        RepositoryRoot.locate()
                                .resolve("fixtures/onnx")
                                .resolve(name)
                                .resolve("model.onnx"),
                        null)
                .graph();
    }

    @Test
    void theShuffledGroupsAreNamedWithTheShuffle() throws Exception {
        List<String> lines = GroupsReport.keptWhole(fixture("shuffle_block"));
        String why =
                "it feeds ChannelShuffle 'output' (a fixed permutation of 32 channels in 2 groups, which removing"
                        + " any channel would change)";
        assertEquals(
                List.of(
                        "group 0 (input, 16 channels): it is the network input (input)",
                        "group 1 (/branch1/branch1.2/Conv_output_0, 16 channels): " + why,
                        "group 3 (/branch2/branch2.5/Conv_output_0, 16 channels): " + why,
                        "group 4 (output, 32 channels): it comes out of ChannelShuffle 'output' (a fixed permutation of 32"
                                + " channels in 2 groups, which removing any channel would change); it is the network output"
                                + " (output)"),
                lines);
    }

    @Test
    void everyZooGroupIsPrunableOrListedWithAReason() {
        for (String name : Zoo.names()) {
            Graph g = Zoo.build(name, ModelConfig.of(new int[] {1, 28, 28}, 10));
            CouplingGroups cg = CouplingGroups.analyse(g);
            List<String> lines = GroupsReport.keptWhole(g);
            assertEquals(cg.groups().size() - cg.prunable().size(), lines.size(), name);
            assertTrue(
                    lines.stream().anyMatch(l -> l.endsWith("it is the network input (input)")),
                    name + lines);
            assertTrue(
                    lines.stream().anyMatch(l -> l.contains("it is the network output")),
                    name + lines);
        }
    }

    @Test
    void groupsGiveTheWidthsBeforeAndAfter() throws Exception {
        Graph g = fixture("se_block");
        CouplingGroups cg = CouplingGroups.analyse(g);
        int se = cg.map("/se/reduce/Conv_output_0").singleGroup();
        Graph pruned = GraphSurgery.select(g, cg, Map.of(se, IntStream.range(0, 3).toArray()));
        List<Map<String, Object>> rows = GroupsReport.groups(g, pruned);
        assertEquals(4, rows.size());
        for (Map<String, Object> row : rows) {
            boolean reduced = row.get("id").equals(se);
            assertEquals(reduced ? 3 : row.get("channels"), row.get("kept"), row.toString());
            assertEquals(!(Boolean) row.get("prunable"), row.containsKey("reason"), row.toString());
        }
    }

    @Test
    void pruneAndFlashMarkdownListsTheGroupsKeptWhole() throws Exception {
        JsonObject r =
                JsonParser.parseString(
                                """
                {"method": "dnp",
                 "budgets": {"flash_bytes": 1000, "sram_bytes": 500, "latency_cycles": null},
                 "predicted": {"flash_bytes": 900, "sram_bytes": 400, "latency_cycles": 70},
                 "base": {"flash_bytes": 2000, "sram_bytes": 800, "latency_cycles": 100},
                 "measured": {"flash_bytes": 910, "sram_bytes": 420, "latency_cycles": 72,
                              "per_layer_cycles": [{"name": "conv", "cycles": 72}]},
                 "predicted_layer_cycles": {"conv": 70},
                 "prediction_error": {"flash_bytes": -0.01, "sram_bytes": -0.05, "latency_cycles": -0.03},
                 "accuracy": {"float": 0.9, "int8": 0.9, "device_int8": 0.9},
                 "device_samples": 10, "device_matches_host": true}
                """)
                        .getAsJsonObject();
        JsonArray whole = new JsonArray();
        GroupsReport.keptWhole(fixture("shuffle_block")).forEach(whole::add);
        r.add("kept_whole", whole);
        PruneAndFlashReport.writeMarkdown(dir, r);
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("Channel groups kept whole (not pruned), and why:"), md);
        for (int i = 0; i < whole.size(); i++) {
            assertTrue(md.contains("- " + whole.get(i).getAsString() + "\n"), md);
        }
    }
}
