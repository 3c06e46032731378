package org.tinyprune.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Tensor;
import org.tinyprune.nn.layer.Conv2d;

class ArchitectureJsonTest {

    @Test
    void describesConfigurationOfEveryNode() {
        Graph g =
                Graph.builder("tiny")
                        .input("x", 2, 8, 6)
                        .layer("conv", new Conv2d(2, 4, 3, 1, 2, 1, 0, 2, true))
                        .batchNorm("bn")
                        .relu6("r")
                        .avgPool("ap", 3, 2, 1)
                        .flatten("flat")
                        .dropout("drop", 0.25f)
                        .dense("fc", 3)
                        .build();
        JsonObject o = JsonParser.parseString(ArchitectureJson.of(g)).getAsJsonObject();
        assertEquals("x", o.get("input").getAsString());
        assertEquals("fc", o.get("output").getAsString());
        assertEquals(3, o.get("classes").getAsInt());
        JsonObject conv = o.getAsJsonArray("nodes").get(1).getAsJsonObject();
        assertEquals("Conv2d", conv.get("op").getAsString());
        assertEquals("[3,1]", conv.get("kernel").toString());
        assertEquals("[1,0]", conv.get("padding").toString());
        assertEquals(2, conv.get("stride").getAsInt());
        assertEquals(2, conv.get("groups").getAsInt());
        assertTrue(conv.get("bias").getAsBoolean());
        JsonObject pool = o.getAsJsonArray("nodes").get(4).getAsJsonObject();
        assertEquals("AvgPool2d", pool.get("op").getAsString());
        assertEquals(false, pool.get("count_include_pad").getAsBoolean());
        JsonObject fc = o.getAsJsonArray("nodes").get(7).getAsJsonObject();
        assertEquals("[\"drop\"]", fc.get("inputs").toString());
        // conv 3x1, stride 2, pad 1,0: 4x4x3; avg pool 3, stride 2, pad 1: 4x2x2
        assertEquals(4 * 2 * 2, fc.get("in_features").getAsInt());
    }

    @Test
    void unknownLayerIsNamed() {
        Layer odd =
                new Layer() {
                    @Override
                    public String kind() {
                        return "Oddity";
                    }

                    @Override
                    public int[] outputShape(List<int[]> in) {
                        return new int[] {in.get(0)[0]};
                    }

                    @Override
                    public Tensor forward(Tensor[] in, boolean training) {
                        return in[0];
                    }

                    @Override
                    public Tensor[] backward(Tensor[] in, Tensor out, Tensor g, boolean[] need) {
                        return new Tensor[] {g};
                    }
                };
        Graph g = Graph.builder("odd").input("x", 3).layer("weird", odd).build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ArchitectureJson.of(g));
        assertTrue(
                e.getMessage().contains("'weird'") && e.getMessage().contains("Oddity"),
                e.getMessage());
    }

    @Test
    void machineFieldParsesLscpuLines() {
        String lscpu = "Architecture:  x86_64\nModel name:    AMD EPYC 7B13\nCPU(s): 2\n";
        assertEquals("AMD EPYC 7B13", MachineInfo.field(lscpu, "Model name:"));
        assertEquals("Intel Xeon", MachineInfo.field("model name\t: Intel Xeon\n", "model name"));
        assertEquals(null, MachineInfo.field("nothing here", "Model name:"));
    }
}
