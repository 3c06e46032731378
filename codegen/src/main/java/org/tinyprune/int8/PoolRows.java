package org.tinyprune.int8;

import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;

/**
 * Int8 max and average pooling one output row at a time: {@link PoolInt8}'s windows, row {@code
 * oy}.
 */
final class PoolRows implements RowKernel {
    private final PoolInt8 pool;
    private final int channels;

    PoolRows(Graph graph, Node node) {
        pool = new PoolInt8(graph, node);
        channels = graph.outputOf(node).dim(1);
    }

    @Override
    public int inH() {
        return pool.inH();
    }

    @Override
    public int outH() {
        return pool.outH();
    }

    @Override
    public int outC() {
        return channels;
    }

    @Override
    public int outW() {
        return pool.outW();
    }

    @Override
    public int strideH() {
        return pool.strideH();
    }

    @Override
    public int padTop() {
        return pool.padTop();
    }

    @Override
    public int extentH() {
        return pool.extentH();
    }

    @Override
    public void row(LineBuffer in, int oy, byte[] out) {
        for (int c = 0; c < channels; c++) {
            for (int ox = 0; ox < pool.outW(); ox++) {
                out[c * pool.outW() + ox] = pool.window(in::get, c, oy, ox);
            }
        }
    }
}
