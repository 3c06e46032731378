package org.tinyprune.quant;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tinyprune.ir.Attributes;
import org.tinyprune.ir.Clamp;
import org.tinyprune.ir.DType;
import org.tinyprune.ir.GraphBuilder;
import org.tinyprune.ir.OpKind;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;
import org.tinyprune.nn.Graph;
import org.tinyprune.nn.Layer;
import org.tinyprune.nn.Node;
import org.tinyprune.nn.layer.Add;
import org.tinyprune.nn.layer.AvgPool2d;
import org.tinyprune.nn.layer.Concat;
import org.tinyprune.nn.layer.Conv2d;
import org.tinyprune.nn.layer.Dense;
import org.tinyprune.nn.layer.Flatten;
import org.tinyprune.nn.layer.GlobalAvgPool;
import org.tinyprune.nn.layer.MaxPool2d;
import org.tinyprune.nn.layer.ReLU;
import org.tinyprune.nn.layer.ReLU6;

/** Emits the quantised IR node of one folded-graph layer (used by {@link IrQuantizer}). */
final class LayerToIr {

    private final Graph graph;
    private final GraphBuilder ir;
    private final Map<String, String> tensorOf;
    private final Function<String, Quantization> quantOf;

    LayerToIr(Graph graph, GraphBuilder ir, Map<String, String> tensorOf, Function<String, Quantization> quantOf) {
        this.graph = graph;
        this.ir = ir;
        this.tensorOf = tensorOf;
        this.quantOf = quantOf;
    }

    void emit(Node n, Clamp clamp) {
        Layer l = n.layer();
        List<String> in = IrQuantizer.inputTensors(n, tensorOf);
        String out = tensorOf.get(n.name());
        Quantization q = quantOf.apply(n.name());
        Attributes a = Attributes.DEFAULT.withClamp(clamp);
        if (l instanceof Conv2d c) {
            if (c.isDilated()) {
                throw new IllegalArgumentException("node '" + n.name() + "': dilated convolution has no int8 form yet");
            }
            a = a.withStrides(c.stride(), c.stride()).withPads(c.padH(), c.padW(), c.padH(), c.padW())
                    .withGroup(c.groups());
            node(n, OpKind.CONV, weighted(n, in, c.weight().values(), c.weight().shape(), c.outChannels(),
                    c.hasBias() ? c.bias().values() : null), out, a, q);
        } else if (l instanceof Dense d) {
            node(n, OpKind.DENSE, weighted(n, in, d.weight().values(), d.weight().shape(), d.outFeatures(),
                    d.bias().values()), out, a, q);
        } else if (l instanceof MaxPool2d p) {
            node(n, OpKind.MAX_POOL, in, out, pool(a, p.kernel(), p.stride(), p.padding()), q);
        } else if (l instanceof AvgPool2d p) {
            node(n, OpKind.AVG_POOL, in, out, pool(a, p.kernel(), p.stride(), p.padding()), q);
        } else if (l instanceof GlobalAvgPool) {
            node(n, OpKind.GLOBAL_AVG_POOL, in, out, a, q);
        } else if (l instanceof Add) {
            if (in.size() != 2) {
                throw new IllegalArgumentException("Add node '" + n.name() + "' has " + in.size()
                        + " inputs; int8 add takes exactly 2 (chain two-input adds)");
            }
            node(n, OpKind.ADD, in, out, a, q);
        } else if (l instanceof Concat) {
            node(n, OpKind.CONCAT, in, out, a.withAxis(1), q);
        } else if (l instanceof ReLU || l instanceof ReLU6) {
            node(n, OpKind.CLAMP, in, out, a.withClamp(l instanceof ReLU ? Clamp.RELU : Clamp.RELU6), q);
        } else if (l instanceof Flatten) {
            ir.tensor(Tensor.activation(out, IrQuantizer.batched(graph.shape(n.name())), DType.INT8, q));
            ir.node(new org.tinyprune.ir.Node(n.name(), OpKind.RESHAPE, in, out, a));
        } else {
            throw new IllegalArgumentException("node '" + n.name() + "': layer " + l.kind()
                    + " has no int8 form; fold BatchNorm and drop Dropout first (BatchNormFolder.fold)");
        }
    }

    private void node(Node n, OpKind op, List<String> in, String out, Attributes a, Quantization q) {
        ir.node(new org.tinyprune.ir.Node(n.name(), op, in, out, a), DType.INT8, q);
    }

    private static Attributes pool(Attributes a, int k, int s, int p) {
        return a.withKernel(k, k).withStrides(s, s).withPads(p, p, p, p);
    }

    /** Adds the int8 weight and int32 bias constants; returns the node's inputs. */
    private List<String> weighted(Node n, List<String> in, float[] w, int[] shape, int channels, float[] bias) {
        Quantization qIn = ir.find(in.get(0)).quantization();
        WeightQuantizer.Weights qw = WeightQuantizer.perChannel(w, channels);
        float[] biasScales = WeightQuantizer.biasScales(qIn.scale(), qw.scales());
        String wName = n.name() + ".weight";
        String bName = n.name() + ".bias";
        ir.tensor(Tensor.constant(wName, shape, qw.codes(), Quantization.perAxis(qw.scales(), 0)));
        ir.tensor(Tensor.constant(bName, new int[] {channels}, WeightQuantizer.bias(bias, biasScales),
                Quantization.perAxis(biasScales, 0)));
        return List.of(in.get(0), wName, bName);
    }
}
