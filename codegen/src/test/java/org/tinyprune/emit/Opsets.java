package org.tinyprune.emit;

import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.onnx.proto.Onnx.OperatorSetIdProto;

/** Re-labels test models with another default-domain opset (the builder writes 13 or later). */
final class Opsets {
    private Opsets() {}

    /**
     * {@code model} importing default-domain opset {@code opset}, with an IR version that allows
     * it.
     */
    static ModelProto with(ModelProto model, int opset) {
        long ir = opset >= 21 ? 10 : opset >= 19 ? 9 : opset >= 13 ? 8 : opset >= 9 ? 4 : 3;
        return model.toBuilder()
                .setIrVersion(ir)
                .setOpsetImport(0, OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .build();
    }
}
