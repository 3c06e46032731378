/**
 * The model zoo: starting architectures for pruning, built as {@link org.tinyprune.nn.Graph}s of
 * named layers for any input shape, class count and width multiplier.
 *
 * <p>{@link org.tinyprune.zoo.Zoo#build(String, org.tinyprune.zoo.ModelConfig)} finds a {@link
 * org.tinyprune.zoo.Architecture} by name ({@code vgg-small}, {@code mobilenetv2-small}, {@code
 * ds-cnn}, {@code resnet8}) and builds it; {@link org.tinyprune.zoo.ModelSummary} lists each node's
 * output shape, parameters and multiply-accumulates, and the peak activation memory of the graph's
 * node order. Node names are stable C identifiers ({@code [a-z][a-z0-9_]*}), so generated code and
 * reports trace back to them.
 */
package org.tinyprune.zoo;
