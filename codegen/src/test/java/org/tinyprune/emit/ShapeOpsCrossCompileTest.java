package org.tinyprune.emit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tinyprune.ir.Graph;
import org.tinyprune.onnx.OnnxAttributes;
import org.tinyprune.onnx.OnnxTensors;
import org.tinyprune.plan.MemoryPlanner;

/**
 * Generated int8 C calling the new kernels (pad, dilated / ceil-mode / count-include-pad pools,
 * channel shuffle, transpose, row-wise dense) and every kernel compile for Cortex-M4, M7 and M33
 * without a warning; on the host the same model equals the interpreter bit for bit.
 */
class ShapeOpsCrossCompileTest {
    @Test
    void modelWithTheNewKernelsCompilesForEveryCore() throws Exception {
        QdqGraphs q = new QdqGraphs("qcross", 8, 1, 3, 8, 8);
        float s0 = 0.02f;
        float s1 = 0.03f;
        String x = q.qdq("x", s0, 3);
        String p =
                q.qdq(
                        q.op(
                                "Pad",
                                List.of(
                                        x,
                                        q.init(
                                                OnnxTensors.int64s(
                                                        "pads",
                                                        new long[] {8},
                                                        new long[] {0, 0, 1, 0, 0, 0, 0, 1})))),
                        s0,
                        3);
        String m =
                q.qdq(
                        q.op(
                                "MaxPool",
                                List.of(p),
                                OnnxAttributes.ints("kernel_shape", 2, 2),
                                OnnxAttributes.ints("dilations", 2, 1),
                                OnnxAttributes.of("ceil_mode", 1L)),
                        s0,
                        3);
        String a =
                q.qdq(
                        q.op(
                                "AveragePool",
                                List.of(m),
                                OnnxAttributes.ints("kernel_shape", 3, 3),
                                OnnxAttributes.ints("pads", 1, 1, 1, 1),
                                OnnxAttributes.of("count_include_pad", 1L)),
                        s0,
                        3);
        String c = q.conv(a, s0, 3, 4, 1, s1, -128);
        String five =
                q.qdq(
                        q.op(
                                "Reshape",
                                List.of(
                                        c,
                                        q.init(
                                                OnnxTensors.int64s(
                                                        "t5",
                                                        new long[] {5},
                                                        new long[] {1, 2, 2, 7, 8})))),
                        s1,
                        -128);
        String t =
                q.qdq(
                        q.op(
                                "Transpose",
                                List.of(five),
                                OnnxAttributes.ints("perm", 0, 2, 1, 3, 4)),
                        s1,
                        -128);
        String s =
                q.qdq(
                        q.op(
                                "Reshape",
                                List.of(
                                        t,
                                        q.init(
                                                OnnxTensors.int64s(
                                                        "t4",
                                                        new long[] {4},
                                                        new long[] {1, 4, 7, 8})))),
                        s1,
                        -128);
        String nhwc =
                q.qdq(
                        q.op("Transpose", List.of(s), OnnxAttributes.ints("perm", 0, 2, 3, 1)),
                        s1,
                        -128);
        String rows =
                q.qdq(
                        q.op(
                                "Reshape",
                                List.of(
                                        nhwc,
                                        q.init(
                                                OnnxTensors.int64s(
                                                        "t2",
                                                        new long[] {2},
                                                        new long[] {56, 4})))),
                        s1,
                        -128);
        String y = q.gemm(rows, s1, 4, 3, 0.05f, 0);
        Graph g = CodegenChecks.qdqModel(q.build(y, 3), 1, 3, 8, 8);
        Path dir = Paths.get("target", "crossbuild", "shape-ops");
        // layer by layer, so that every kernel is called by the model itself (streamed, the pools
        // and
        // the conv would run inside tp_stream_chain_s8, which is compiled below either way)
        CodeGenerator.generate(g, null, MemoryPlanner.layerByLayer()).writeTo(dir);
        String src = Files.readString(dir.resolve("model.c"));
        assertTrue(
                src.contains("tp_pad_s8(")
                        && src.contains("tp_transpose_s8(")
                        && src.contains("tp_avg_pool_s8("),
                src);
        Path runtime = HostBuild.findRuntime(Paths.get("."));
        for (String core : List.of("cortex-m4", "cortex-m7", "cortex-m33")) {
            List<Path> objects = CrossCompile.compile(dir, runtime, core);
            assertTrue(objects.stream().allMatch(Files::isRegularFile), core);
        }
    }
}
