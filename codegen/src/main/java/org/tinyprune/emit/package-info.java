/**
 * C code generation: {@link org.tinyprune.emit.CodeGenerator} turns a planned IR graph into {@code
 * model.h} / {@code model.c} (contract C2). One {@link org.tinyprune.emit.OpEmitter} per op, found
 * through {@link org.tinyprune.emit.OpEmitters}, each with the life cycle resolve (check the node
 * can be emitted exactly, lay out its constants) then emit (write the kernel call). Generated
 * identifiers derive from IR node names, which derive from ONNX node names. {@link
 * org.tinyprune.emit.HostRunner} and {@link org.tinyprune.emit.HostBuild} build and run the
 * generated code on the host.
 */
package org.tinyprune.emit;
