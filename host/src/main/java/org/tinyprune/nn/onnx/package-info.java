/**
 * Import of a user's float ONNX CNN into the training engine: {@link
 * org.tinyprune.nn.onnx.OnnxImporter} turns a model file into an {@link
 * org.tinyprune.nn.onnx.ImportedModel} (a trainable {@link org.tinyprune.nn.Graph} with the model's
 * weights, its {@link org.tinyprune.nn.onnx.InputSpec} and whether a final Softmax was dropped).
 * Each ONNX operator has a small translator found through a registry; constant shape subgraphs are
 * evaluated at import. Every problem is collected and reported at once in an {@link
 * org.tinyprune.nn.onnx.OnnxImportException}, before any training starts.
 */
package org.tinyprune.nn.onnx;
