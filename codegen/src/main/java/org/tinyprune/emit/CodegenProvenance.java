package org.tinyprune.emit;

import java.nio.file.Path;
import org.tinyprune.onnx.proto.Onnx.ModelProto;
import org.tinyprune.provenance.Provenance;

/**
 * The provenance written into generated headers: the ONNX model's own (when tinyprune exported it)
 * extended with what code generation added (source file, target, producer). A model made elsewhere
 * gets this run's tinyprune version and commit, seed 0, and its producer recorded.
 */
public final class CodegenProvenance {
    private CodegenProvenance() {}

    /** Provenance for C generated from {@code model} read from {@code onnx} for {@code target}. */
    public static Provenance of(ModelProto model, Path onnx, String target) {
        Provenance.Builder b = Provenance.builder();
        try {
            Provenance p = Provenance.fromMetadataProps(model.getMetadataPropsList());
            b.version(p.version())
                    .gitCommit(p.gitCommit())
                    .seed(p.seed())
                    .dataset(p.dataset())
                    .board(p.board())
                    .config(p.configuration());
        } catch (IllegalArgumentException notOurs) {
            b.seed(0)
                    .config(
                            "onnx.producer",
                            model.getProducerName() + " " + model.getProducerVersion());
        }
        return b.config("codegen.onnx", onnx.toString()).config("codegen.target", target).build();
    }
}
