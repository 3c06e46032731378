/**
 * One importer per ONNX operator (or family of closely related operators), found through {@link
 * org.tinyprune.onnx.op.OpImporters}. Each checks every attribute and input it is given and appends
 * the equivalent IR node(s); anything it cannot represent exactly is an {@link
 * org.tinyprune.onnx.UnsupportedModelException} naming the node.
 */
package org.tinyprune.onnx.op;
