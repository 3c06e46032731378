/**
 * ONNX graphs: the protobuf messages (generated from {@code onnx.proto} into {@code
 * org.tinyprune.onnx.proto}), reading ONNX files into the network IR, and shared helpers for
 * building tensors and attributes.
 */
package org.tinyprune.onnx;
