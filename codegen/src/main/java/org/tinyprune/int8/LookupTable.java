package org.tinyprune.int8;

import java.util.function.DoubleUnaryOperator;
import org.tinyprune.ir.Graph;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.Quantization;
import org.tinyprune.ir.Tensor;

/**
 * The int8 form of a smooth element-wise function (TFLite's way): a 256-entry table computed at
 * code generation time from the input and output quantisation. Entry {@code q + 128} holds the
 * output code for input code {@code q}:
 *
 * <pre>
 *   x = s_in * (q - zp_in)                       (double)
 *   table[q + 128] = clamp(rint(f(x) / s_out) + zp_out, -128, 127)
 * </pre>
 *
 * <p>{@code f} is evaluated in double precision and rounded half to even ({@link Math#rint}), as
 * ONNX QuantizeLinear rounds (TFLite rounds half away from zero; the two differ only on exact
 * ties). This is the one place a table is computed: the int8 interpreter and the C emitter both
 * call {@link #of(Graph, Node)}, so the table the device runs is the one the interpreter specifies.
 * The C kernel is {@code tp_lut_s8}.
 */
public final class LookupTable {
    /** Entries of a table: one per int8 code. */
    public static final int SIZE = 256;

    private LookupTable() {}

    /**
     * The table of an activation node (SIGMOID, HARD_SIGMOID, HARD_SWISH) of a quantised graph.
     *
     * @param graph the graph holding the node
     * @param node the node
     * @return 256 int8 codes, indexed by input code + 128
     * @throws IllegalArgumentException naming the node if it is not an int8 activation
     */
    public static byte[] of(Graph graph, Node node) {
        Quantization in = Int8Checks.activation(node, graph.tensor(node.input(0)));
        Quantization out = Int8Checks.activation(node, graph.outputOf(node));
        return of(function(graph, node), in, out);
    }

    /**
     * The table of {@code f} between two per-tensor quantisations.
     *
     * @param f the real function
     * @param in input quantisation (per tensor)
     * @param out output quantisation (per tensor)
     * @return 256 int8 codes, indexed by input code + 128
     */
    public static byte[] of(DoubleUnaryOperator f, Quantization in, Quantization out) {
        byte[] table = new byte[SIZE];
        double sIn = in.scale();
        double sOut = out.scale();
        for (int q = -128; q <= 127; q++) {
            double y = f.applyAsDouble(sIn * (q - in.zeroPoint()));
            double code = Math.rint(y / sOut) + out.zeroPoint();
            table[q + 128] = (byte) Math.max(-128, Math.min(127, code));
        }
        return table;
    }

    /**
     * The real function an activation node computes (its ONNX definition, in double).
     *
     * @param graph the graph holding the node (HARD_SIGMOID reads its [alpha, beta] constant)
     * @param node a SIGMOID, HARD_SIGMOID or HARD_SWISH node
     * @return the function
     * @throws IllegalArgumentException naming the node for any other op
     */
    public static DoubleUnaryOperator function(Graph graph, Node node) {
        return switch (node.op()) {
            case SIGMOID -> x -> 1.0 / (1.0 + Math.exp(-x));
            case HARD_SIGMOID -> {
                Tensor p = graph.tensor(node.input(1));
                double alpha = p.floatData()[0];
                double beta = p.floatData()[1];
                yield x -> Math.max(0.0, Math.min(1.0, alpha * x + beta));
            }
            case HARD_SWISH -> x -> x * Math.max(0.0, Math.min(1.0, x / 6.0 + 0.5));
            default ->
                    throw Int8Checks.fail(
                            node,
                            "no lookup-table form; only SIGMOID, HARD_SIGMOID and "
                                    + "HARD_SWISH run as tables");
        };
    }
}
