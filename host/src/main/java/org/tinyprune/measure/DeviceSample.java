package org.tinyprune.measure;

/**
 * One test image prepared for the device and for the host reference.
 *
 * @param index index in the test set
 * @param label its class
 * @param nchw int8 input codes in the IR's order (what the int8 interpreter takes)
 * @param nhwc the same codes in the device's order (contract C2: NHWC, batch 1)
 */
public record DeviceSample(int index, int label, byte[] nchw, byte[] nhwc) {}
