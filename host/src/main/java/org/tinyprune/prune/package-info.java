/**
 * Resource-aware channel pruning: coupling groups found from the graph, differentiable channel
 * gates, the pruning schedule as a training listener, graph surgery that physically removes
 * channels, the uniform and L1-norm baselines, and {@link org.tinyprune.prune.ChannelCounts}, the
 * pruned architecture as a checkpoint records it.
 */
package org.tinyprune.prune;
