package org.tinyprune.resource;

/** The resources one layer takes at given channel counts, with their derivatives. */
final class LayerPrice {
    double flash;
    double macs;
    double scratch;
    final double[] features = new double[Features.COUNT];
    final Terms flashTerms = new Terms();
    final Terms macTerms = new Terms();
    final Terms outputTerms = new Terms();
    final Terms inputTerms = new Terms();
    final Terms scratchTerms = new Terms();

    private LayerPrice() {
    }

    static LayerPrice of(CostGraph graph, CostLayer layer, double[] counts) {
        LayerPrice p = new LayerPrice();
        CostGraph.TensorInfo out = graph.tensors().get(layer.output());
        CostGraph.TensorInfo in = graph.tensors().get(layer.inputs().get(0));
        double cout = out.channels().value(counts);
        double cin = in.channels().value(counts);
        int outHw = out.height() * out.width();
        int inHw = in.height() * in.width();
        int k = layer.kernelH() * layer.kernelW();
        switch (layer.op()) {
            case CONV, CONV_1X1 -> {
                p.weights(out, cout, cin * k, in, cout * k);
                p.mac(cout * cin * k * outHw, out, cin * k * outHw, in, cout * k * outHw);
                double im2col = layer.op() == CostOp.CONV_1X1 ? cin : cin * k;
                p.scratch = 4 * (2 * Math.ceil(im2col / 2));
                p.scratchTerms.add(in.channels(), 4.0 * (layer.op() == CostOp.CONV_1X1 ? 1 : k));
            }
            case DEPTHWISE -> {
                p.flash = cout * (k + ResourceModel.PER_CHANNEL_BYTES);
                p.flashTerms.add(out.channels(), k + ResourceModel.PER_CHANNEL_BYTES);
                p.macs = cout * k * outHw;
                p.macTerms.add(out.channels(), (double) k * outHw);
            }
            case DENSE -> {
                p.weights(out, cout, cin * inHw, in, cout * inHw);
                p.mac(cout * cin * inHw, out, cin * inHw, in, cout * inHw);
            }
            default -> {
                // pooling, add, concat, reshape: no weights, no multiply-accumulates
            }
        }
        if (layer.op() != CostOp.RESHAPE) {
            p.features[Features.MACS] = p.macs;
            p.features[Features.OUTPUT] = cout * outHw;
            p.outputTerms.add(out.channels(), outHw);
            for (int id : layer.inputs()) {
                CostGraph.TensorInfo t = graph.tensors().get(id);
                p.features[Features.INPUT] += t.elements(counts);
                p.inputTerms.add(t.channels(), (double) t.height() * t.width());
            }
            p.features[Features.CONSTANT] = 1;
        }
        return p;
    }

    /** Weights {@code cout × perOut} int8 plus per-channel parameters. */
    private void weights(CostGraph.TensorInfo out, double cout, double perOut, CostGraph.TensorInfo in,
                         double perIn) {
        flash = cout * (perOut + ResourceModel.PER_CHANNEL_BYTES);
        flashTerms.add(out.channels(), perOut + ResourceModel.PER_CHANNEL_BYTES);
        flashTerms.add(in.channels(), perIn);
    }

    private void mac(double value, CostGraph.TensorInfo out, double dOut, CostGraph.TensorInfo in, double dIn) {
        macs = value;
        macTerms.add(out.channels(), dOut);
        macTerms.add(in.channels(), dIn);
    }
}
