package org.tinyprune.emit;

import java.util.Set;
import org.tinyprune.ir.Node;
import org.tinyprune.ir.OpKind;
import org.tinyprune.onnx.UnsupportedModelException;

/**
 * Emits one IR op as a kernel call. Life cycle: {@link #resolve} runs for every node before
 * anything is written (so an unsupported node stops generation before any file exists); it checks
 * shapes, quantisation and attributes against what the kernel accepts, lays out the node's
 * constants in the kernel's layout, and returns the {@link Emission} that writes the call.
 */
public interface OpEmitter {
    /** The ops this emitter handles. */
    Set<OpKind> ops();

    /**
     * Checks and prepares {@code node}.
     *
     * @throws UnsupportedModelException naming the node when it cannot be emitted exactly
     */
    Emission resolve(Node node, EmitContext ctx) throws UnsupportedModelException;

    /** Writes a prepared node's code. */
    @FunctionalInterface
    interface Emission {
        /**
         * Appends the C statements computing the node into the body of {@code tp_model_run}; they
         * must assign the kernel's {@code tp_status} to {@code st}. An emission that writes nothing
         * (a reshape) is not a layer.
         */
        void emit(StringBuilder body);
    }
}
