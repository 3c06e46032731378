/**
 * The concrete layers, one per file: {@link org.tinyprune.nn.layer.Input}, {@link
 * org.tinyprune.nn.layer.Conv2d} (stride, padding, dilation, groups, depthwise), {@link
 * org.tinyprune.nn.layer.Dense}, {@link org.tinyprune.nn.layer.BatchNorm2d}, {@link
 * org.tinyprune.nn.layer.ReLU}, {@link org.tinyprune.nn.layer.ReLU6}, {@link
 * org.tinyprune.nn.layer.MaxPool2d}, {@link org.tinyprune.nn.layer.AvgPool2d} (any 2-D window, ceil
 * mode, padding counted or not), {@link org.tinyprune.nn.layer.GlobalAvgPool}, {@link
 * org.tinyprune.nn.layer.Add}, {@link org.tinyprune.nn.layer.Concat}, {@link
 * org.tinyprune.nn.layer.Flatten} and {@link org.tinyprune.nn.layer.Dropout}; and, for imported
 * ONNX models, {@link org.tinyprune.nn.layer.Sigmoid}, {@link org.tinyprune.nn.layer.HardSigmoid},
 * {@link org.tinyprune.nn.layer.HardSwish}, {@link org.tinyprune.nn.layer.Clamp}, {@link
 * org.tinyprune.nn.layer.Mul} (broadcast product), {@link org.tinyprune.nn.layer.ChannelShuffle},
 * {@link org.tinyprune.nn.layer.Reshape} and {@link org.tinyprune.nn.layer.ZeroPad2d}, which
 * declare their ONNX form ({@link org.tinyprune.nn.OnnxForm}) themselves. Every layer that runs in
 * int8 declares its int8 form ({@link org.tinyprune.nn.Int8Form}); BatchNorm2d and Dropout are
 * folded away before quantisation instead. Each implements forward and backward passes and reuses
 * its buffers across calls of the same batch size.
 */
package org.tinyprune.nn.layer;
