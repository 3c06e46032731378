package org.tinyprune.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.GraphBuilder;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Tensor;

/**
 * Float graphs of 1×1 convolutions on [1, C, 1, 1] tensors: every activation is exactly 4·C bytes.
 */
final class PlanGraphs {
    private final GraphBuilder b = Graph.builder("plan");
    private int count;

    PlanGraphs(String input, int channels) {
        b.tensor(Tensor.activation(input, new int[] {1, channels, 1, 1}, DType.FLOAT32, null))
                .input(input);
    }

    String conv(String in, int channels) {
        int cin = b.find(in).dim(1);
        String w = "w" + count;
        b.tensor(Tensor.constant(w, new int[] {channels, cin, 1, 1}, new float[channels * cin]));
        String out = "t" + count;
        b.node(
                new Node("conv" + count++, OpKind.CONV, List.of(in, w), out, Attributes.DEFAULT),
                DType.FLOAT32,
                null);
        return out;
    }

    String add(String x, String y) {
        String out = "t" + count;
        b.node(
                new Node("add" + count++, OpKind.ADD, List.of(x, y), out, Attributes.DEFAULT),
                DType.FLOAT32,
                null);
        return out;
    }

    String concat(String... in) {
        String out = "t" + count;
        b.node(
                new Node(
                        "cat" + count++,
                        OpKind.CONCAT,
                        List.of(in),
                        out,
                        Attributes.DEFAULT.withAxis(1)),
                DType.FLOAT32,
                null);
        return out;
    }

    Graph build(String... outputs) {
        for (String o : outputs) {
            b.output(o);
        }
        return b.build();
    }

    /** A random DAG of convs, adds and concats; every tensor nobody reads is a graph output. */
    static Graph random(Random rnd, int nodes) {
        PlanGraphs g = new PlanGraphs("x", 1 + rnd.nextInt(6));
        List<String> all = new ArrayList<>(List.of("x"));
        for (int i = 0; i < nodes; i++) {
            String a = all.get(rnd.nextInt(all.size()));
            int kind = rnd.nextInt(4);
            if (kind == 0 && all.size() > 1) {
                String c = all.get(rnd.nextInt(all.size()));
                all.add(c.equals(a) ? g.conv(a, 1 + rnd.nextInt(8)) : g.concat(a, c));
            } else if (kind == 1) {
                String c = g.conv(all.get(rnd.nextInt(all.size())), g.b.find(a).dim(1));
                all.add(c);
                all.add(g.add(a, c));
            } else {
                all.add(g.conv(a, 1 + rnd.nextInt(8)));
            }
        }
        Graph tmp = g.b.output(all.get(all.size() - 1)).build();
        List<String> outs = new ArrayList<>();
        for (String t : all) {
            if (tmp.consumers(t).isEmpty()) {
                outs.add(t);
            }
        }
        return g.b.outputs(outs).build();
    }
}
