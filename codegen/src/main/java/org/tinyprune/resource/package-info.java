/**
 * The one resource model: flash bytes, peak SRAM bytes, MACs and latency cycles of a network as
 * functions of its channel counts. The pruner evaluates it on soft (real-valued) counts to get
 * gradients; code generation evaluates it on the final integer counts; both go through
 * {@link org.tinyprune.resource.ResourceModel#evaluate}, so at integer counts they agree exactly.
 */
package org.tinyprune.resource;
