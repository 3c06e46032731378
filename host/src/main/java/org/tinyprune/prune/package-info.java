/**
 * Resource-aware channel pruning: coupling groups found from the graph, differentiable channel
 * gates, the pruning schedule as a training listener, graph surgery that physically removes
 * channels, and the uniform and L1-norm baselines.
 */
package org.tinyprune.prune;
