package org.tinyprune.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tinyprune.onnx.proto.Onnx.TensorProto;
import org.tinyprune.onnx.proto.Onnx.TensorShapeProto;
import org.tinyprune.onnx.proto.Onnx.ValueInfoProto;

/**
 * What a graph declares about the shapes of its inputs and outputs, checked against what the
 * readers compute: a model whose output is declared {@code [N, 11]} but computes {@code [N, 10]} (a
 * file edited or exported from another model) is refused rather than deployed with a shape the
 * user's application does not expect. Symbolic dimensions ({@code dim_param}) match anything.
 */
public final class DeclaredShapes {
    private DeclaredShapes() {}

    /**
     * The declared dims as text, e.g. {@code [N, 11]}; null when the value declares no tensor
     * shape.
     */
    public static String describe(ValueInfoProto v) {
        if (!v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
            return null;
        }
        List<String> dims = new ArrayList<>();
        for (TensorShapeProto.Dimension d : v.getType().getTensorType().getShape().getDimList()) {
            dims.add(
                    d.hasDimValue()
                            ? Long.toString(d.getDimValue())
                            : d.getDimParam().isEmpty() ? "?" : d.getDimParam());
        }
        return dims.toString();
    }

    /**
     * Compares graph output {@code v}'s declared shape with the computed one.
     *
     * @param computed the shape the reader computed for it
     * @param batchAdded true when {@code computed} leaves out the batch (the declared shape then
     *     has one more, leading, dimension, which is not compared)
     * @return the problem, naming the output, both shapes and the fix; null when they agree or the
     *     output declares no shape
     */
    public static String outputMismatch(ValueInfoProto v, int[] computed, boolean batchAdded) {
        String declared = describe(v);
        if (declared == null) {
            return null;
        }
        List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
        int skip = batchAdded ? 1 : 0;
        boolean same =
                dims.size() == computed.length + skip
                        && dims.stream().noneMatch(d -> d.hasDimValue() && d.getDimValue() < 0);
        for (int i = skip; same && i < dims.size(); i++) {
            TensorShapeProto.Dimension d = dims.get(i);
            same = !d.hasDimValue() || d.getDimValue() == computed[i - skip];
        }
        if (same) {
            return null;
        }
        return "graph output '"
                + v.getName()
                + "' is declared "
                + declared
                + " but the model computes "
                + (batchAdded
                        ? "[N, " + Arrays.toString(computed).substring(1)
                        : Arrays.toString(computed))
                + "; the file's declaration and its graph disagree: re-export the model (or correct the output's "
                + "declared shape)";
    }

    /**
     * Compares a graph input that names an initializer (as older exporters list weights) with the
     * initializer's dims.
     *
     * @return the problem, or null when they agree or the input declares no shape
     */
    public static String initializerMismatch(ValueInfoProto v, TensorProto init) {
        String declared = describe(v);
        if (declared == null) {
            return null;
        }
        List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
        boolean same = dims.size() == init.getDimsCount();
        for (int i = 0; same && i < dims.size(); i++) {
            same = !dims.get(i).hasDimValue() || dims.get(i).getDimValue() == init.getDims(i);
        }
        return same
                ? null
                : "graph input '"
                        + v.getName()
                        + "' is declared "
                        + declared
                        + " but its initializer "
                        + "holds dims "
                        + init.getDimsList()
                        + "; re-export the model";
    }
}
