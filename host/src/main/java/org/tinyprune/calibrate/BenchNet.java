package org.tinyprune.calibrate;

import org.tinyprune.nn.Graph;

/**
 * One network of the calibration suite, built into one firmware image.
 *
 * @param name unique name (also the build folder's name)
 * @param graph the float network, initialised (its weights are seeded noise: accuracy is
 *     irrelevant)
 * @param zoo true for a whole zoo model (held out of the fit in turn), false for a micro network
 */
public record BenchNet(String name, Graph graph, boolean zoo) {}
