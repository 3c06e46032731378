/**
 * The concrete layers, one per file: {@link org.tinyprune.nn.layer.Input},
 * {@link org.tinyprune.nn.layer.Conv2d} (stride, padding, groups, depthwise),
 * {@link org.tinyprune.nn.layer.Dense}, {@link org.tinyprune.nn.layer.BatchNorm2d},
 * {@link org.tinyprune.nn.layer.ReLU}, {@link org.tinyprune.nn.layer.ReLU6},
 * {@link org.tinyprune.nn.layer.MaxPool2d}, {@link org.tinyprune.nn.layer.AvgPool2d},
 * {@link org.tinyprune.nn.layer.GlobalAvgPool}, {@link org.tinyprune.nn.layer.Add},
 * {@link org.tinyprune.nn.layer.Concat}, {@link org.tinyprune.nn.layer.Flatten} and
 * {@link org.tinyprune.nn.layer.Dropout}. Each implements forward and backward passes and reuses
 * its buffers across calls of the same batch size.
 */
package org.tinyprune.nn.layer;
