/**
 * The one resource model (DESIGN §3): flash bytes, peak SRAM bytes, MACs and latency of a network
 * as functions of its channel counts. {@link org.tinyprune.resource.ResourceModel} fixes a graph's
 * structure (layer shapes, execution order, in-place decisions) and evaluates it on any channel
 * counts, real-valued for the pruner (with gradients, via {@link org.tinyprune.resource.Dual}) or
 * integer for code generation: both are the same code path, so at integer counts they agree
 * exactly.
 */
package org.tinyprune.resource;
